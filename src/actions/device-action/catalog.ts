// The device actions Defender for Endpoint offers (defender-response.md §1, MDE-only: retires 2027-02-01):
// for each, the path under /api/machines/{id}/, the body Microsoft documents, the MachineAction type it
// creates and the application role it needs (named in a 403 row's error). Pure data and body building.

export const DEVICE_ACTIONS = [
  'isolate',
  'release',
  'antivirus_scan',
  'restrict_app_execution',
  'unrestrict_app_execution',
  'collect_investigation_package',
  'stop_and_quarantine_file',
  'add_tag',
  'remove_tag',
] as const;
export type DeviceAction = (typeof DEVICE_ACTIONS)[number];

export const ISOLATION_TYPES = ['full', 'selective'] as const;
export const SCAN_TYPES = ['quick', 'full'] as const;

export interface ActionSpec {
  /** Path segment under /api/machines/{id}/. */
  path: string;
  /** MachineAction.type Defender answers with; undefined for tags (applied at once, no machine action). */
  type?: string;
  role: string;
  /** The action that undoes this one (named in docs and the form; as easy to run). */
  undo?: DeviceAction;
  label: string;
}

export const ACTION_SPECS: Record<DeviceAction, ActionSpec> = {
  isolate: { path: 'isolate', type: 'Isolate', role: 'Machine.Isolate', undo: 'release', label: 'Isolate device' },
  release: { path: 'unisolate', type: 'Unisolate', role: 'Machine.Isolate', undo: 'isolate', label: 'Release from isolation' },
  antivirus_scan: { path: 'runAntiVirusScan', type: 'RunAntiVirusScan', role: 'Machine.Scan', label: 'Run antivirus scan' },
  restrict_app_execution: { path: 'restrictCodeExecution', type: 'RestrictCodeExecution', role: 'Machine.RestrictExecution', undo: 'unrestrict_app_execution', label: 'Restrict app execution' },
  unrestrict_app_execution: { path: 'unrestrictCodeExecution', type: 'UnrestrictCodeExecution', role: 'Machine.RestrictExecution', undo: 'restrict_app_execution', label: 'Remove app restriction' },
  collect_investigation_package: { path: 'collectInvestigationPackage', type: 'CollectInvestigationPackage', role: 'Machine.CollectForensics', label: 'Collect investigation package' },
  stop_and_quarantine_file: { path: 'StopAndQuarantineFile', type: 'StopAndQuarantineFile', role: 'Machine.StopAndQuarantine', label: 'Stop and quarantine file (SHA-1)' },
  add_tag: { path: 'tags', role: 'Machine.ReadWrite.All', undo: 'remove_tag', label: 'Add device tag' },
  remove_tag: { path: 'tags', role: 'Machine.ReadWrite.All', undo: 'add_tag', label: 'Remove device tag' },
};

/** Roles for finding a device by name and following its machine actions. */
export const MACHINE_READ_ROLE = 'Machine.Read.All';

export interface DeviceRequest {
  action: DeviceAction;
  isolationType: (typeof ISOLATION_TYPES)[number];
  scanType: (typeof SCAN_TYPES)[number];
  comment: string;
  tag?: string;
}

const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The POST body: property names as Microsoft documents them (case-sensitive). */
export function actionBody(r: DeviceRequest, sha1?: string): Record<string, string> {
  switch (r.action) {
    case 'isolate':
      return { Comment: r.comment, IsolationType: pascal(r.isolationType) };
    case 'antivirus_scan':
      return { Comment: r.comment, ScanType: pascal(r.scanType) };
    case 'stop_and_quarantine_file':
      return { Comment: r.comment, Sha1: sha1 ?? '' };
    case 'add_tag':
    case 'remove_tag':
      return { Value: r.tag ?? '', Action: r.action === 'add_tag' ? 'Add' : 'Remove' };
    default:
      return { Comment: r.comment };
  }
}

/** The outcome's `requested` value: the action with its variant (isolate:selective, antivirus_scan:full, add_tag:x). */
export function requestedLabel(r: DeviceRequest): string {
  if (r.action === 'isolate') return `isolate:${r.isolationType}`;
  if (r.action === 'antivirus_scan') return `antivirus_scan:${r.scanType}`;
  if (r.action === 'add_tag' || r.action === 'remove_tag') return `${r.action}:${r.tag ?? ''}`;
  return r.action;
}

/** Final MachineAction states; anything else is still running. */
export const FINAL_STATES = ['Succeeded', 'Failed', 'TimeOut', 'Cancelled'] as const;
export const isFinal = (status: string): boolean => (FINAL_STATES as readonly string[]).includes(status);
