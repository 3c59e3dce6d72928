// Generated Defender for Endpoint (/api/alerts) records: PascalCase values and flat evidence,
// as in mde-alert.json. Same on-demand scheme as the Graph records.
import { Prng } from '../prng';
import { formatTicks, parseTimestamp, type Ticks } from '../time';
import type { BaseSource, RecordAdapter, SortField } from './collection';
import { mdeDetectionSource, mdeDeterminationsByClassification, mdeInvestigationState } from './enums';
import { alertId, alertIndexOf } from './ids';
import { longTextIndices, Timeline } from './timeline';
import { ALERT_TITLES, AWKWARD, CATEGORIES, DESCRIPTIONS, longText, MITRE, USERS } from './vocabulary';

export type MdeRecord = Record<string, unknown>;

const SALT = 303;
const DAY = 864_000_000_000;

export interface MdeDataOptions {
  seed: number;
  tenantId: string;
  count: number;
  start: Ticks;
  span: Ticks;
}

export const MDE_EVIDENCE_KEYS = [
  'entityType', 'evidenceCreationTime', 'sha1', 'sha256', 'fileName', 'filePath', 'processId', 'processCommandLine',
  'processCreationTime', 'parentProcessId', 'parentProcessCreationTime', 'parentProcessFileName', 'parentProcessFilePath',
  'ipAddress', 'url', 'registryKey', 'registryHive', 'registryValueType', 'registryValue', 'accountName', 'domainName',
  'userSid', 'aadUserId', 'userPrincipalName', 'detectionStatus',
] as const;

const ENTITY_TYPES = ['User', 'Process', 'File', 'Ip', 'Url', 'Registry'] as const;

function flatEvidence(r: Prng, type: (typeof ENTITY_TYPES)[number], t: Ticks): Record<string, unknown> {
  const e: Record<string, unknown> = {};
  for (const k of MDE_EVIDENCE_KEYS) e[k] = null;
  e.entityType = type;
  e.evidenceCreationTime = formatTicks(t, 7, r.chance(0.5));
  const file = (): void => {
    e.sha1 = r.hex(40);
    e.sha256 = r.hex(64);
    e.fileName = r.pick(['rundll32.exe', 'suspicious.dll', 'powershell.exe', 'отчёт.xlsm']);
    e.filePath = r.pick(['C:\\Windows\\SysWOW64', 'c:\\temp', 'C:\\Users\\Public']);
    e.detectionStatus = r.pick(['Detected', 'Blocked', 'Prevented', null]);
  };
  switch (type) {
    case 'User': {
      const upn = r.pick(USERS);
      e.accountName = upn.split('@')[0];
      e.domainName = 'DOMAIN';
      e.userSid = `S-1-5-21-${r.int(1e8, 4e9)}-${r.int(1e8, 4e9)}-${r.int(1e3, 9e4)}`;
      e.aadUserId = r.guid();
      e.userPrincipalName = upn;
      break;
    }
    case 'Process':
      file();
      e.processId = r.int(4, 65000);
      e.processCommandLine = r.pick(['rundll32.exe  c:\\temp\\suspicious.dll,RepeatAfterMe', 'powershell.exe -nop -w hidden', `cmd /c "${r.pick(AWKWARD)}"`]);
      e.processCreationTime = formatTicks(t - 2e9);
      e.parentProcessId = r.int(4, 65000);
      e.parentProcessCreationTime = formatTicks(t - 3e9);
      e.parentProcessFileName = 'rundll32.exe';
      e.parentProcessFilePath = 'C:\\Windows\\System32';
      break;
    case 'File':
      file();
      break;
    case 'Ip':
      e.ipAddress = `${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
      break;
    case 'Url':
      e.url = r.pick(['http://198.51.100.7/payload.bin', 'https://contoso-login.example/verify']);
      break;
    case 'Registry':
      e.registryKey = 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run';
      e.registryHive = 'HKEY_LOCAL_MACHINE';
      e.registryValueType = r.pick(['String', 'Dword']);
      e.registryValue = 'C:\\Users\\Public\\updater.exe';
      break;
  }
  return e;
}

export const MDE_FILTERABLE = ['status', 'severity', 'incidentId', 'assignedTo'] as const;

export const mdeAdapter: RecordAdapter<MdeRecord> = {
  id: (r) => r.id as string,
  sortKey: (field: SortField, r) => parseTimestamp((field === 'updated' ? r.lastUpdateTime : r.alertCreationTime) as string) as Ticks,
  fields: (r) => ({
    status: r.status, severity: r.severity, incidentId: r.incidentId, assignedTo: r.assignedTo,
    lastUpdateTime: parseTimestamp(r.lastUpdateTime as string),
    alertCreationTime: parseTimestamp(r.alertCreationTime as string),
  }),
};

export class MdeDataset {
  readonly timeline: Timeline;
  private readonly longAlerts: Set<number>;

  constructor(readonly o: MdeDataOptions) {
    this.timeline = new Timeline({ seed: o.seed, salt: SALT, count: o.count, start: o.start, span: o.span, createdLead: DAY });
    this.longAlerts = longTextIndices(o.count);
  }

  private core(j: number) {
    const r = Prng.for(this.o.seed, SALT, j, 1);
    const roll = r.float();
    const status = roll < 0.02 ? 'Unknown' : roll < 0.5 ? 'New' : roll < 0.7 ? 'InProgress' : 'Resolved';
    const severity = r.chance(0.03) ? 'UnSpecified' : r.pick(['Informational', 'Low', 'Medium', 'High']);
    let classification: string | null = null;
    let determination: string | null = null;
    if (status === 'Resolved' || r.chance(0.1)) {
      classification = r.pick(['TruePositive', 'TruePositive', 'FalsePositive', 'InformationalExpectedActivity']);
      determination = r.chance(0.2) ? null : r.pick(mdeDeterminationsByClassification[classification] as readonly string[]);
    }
    return {
      status, severity, classification, determination,
      incidentId: 1_000_000 + Math.floor(j / 3),
      assignedTo: r.chance(0.6) ? null : r.pick(USERS),
    };
  }

  fields(j: number): Record<string, unknown> {
    const c = this.core(j);
    return {
      status: c.status, severity: c.severity, incidentId: c.incidentId, assignedTo: c.assignedTo,
      lastUpdateTime: this.timeline.updated(j), alertCreationTime: this.timeline.created(j),
    };
  }

  idOf(j: number): string {
    return alertId('da', j, this.o.seed ^ SALT);
  }

  /** The full record including evidence; the API drops evidence unless $expand=evidence. */
  alert(j: number): MdeRecord {
    const c = this.core(j);
    const r = Prng.for(this.o.seed, SALT, j, 2);
    const updated = this.timeline.updated(j);
    const created = this.timeline.created(j);
    const evidence = [];
    for (let k = r.int(0, 3); k > 0; k--) evidence.push(flatEvidence(r, r.pick(ENTITY_TYPES), created + 5_000_000));
    const awkward = r.chance(0.08);
    const comments = r.chance(0.7) ? [] : [{
      comment: awkward ? r.pick(AWKWARD) : 'test comment for docs',
      createdBy: r.pick(USERS),
      createdTime: formatTicks(created + 1e9),
    }];
    return {
      id: this.idOf(j),
      incidentId: c.incidentId,
      investigationId: r.chance(0.5) ? null : r.int(1000, 99999),
      assignedTo: c.assignedTo,
      severity: c.severity,
      status: c.status,
      classification: c.classification,
      determination: c.determination,
      investigationState: r.pick(mdeInvestigationState),
      detectionSource: r.pick(mdeDetectionSource),
      detectorId: r.guid(),
      category: r.pick(CATEGORIES),
      threatFamilyName: r.chance(0.7) ? null : r.pick(['Qakbot', 'Emotet']),
      title: awkward ? `${r.pick(ALERT_TITLES)} ${r.pick(AWKWARD)}` : r.pick(ALERT_TITLES),
      description: this.longAlerts.has(j) ? longText(`mde alert ${j}`) : r.pick(DESCRIPTIONS),
      alertCreationTime: formatTicks(created),
      firstEventTime: formatTicks(created - 2e9),
      lastEventTime: formatTicks(created - 1e9),
      lastUpdateTime: formatTicks(updated, 7, this.timeline.shortForm(j) > 0),
      resolvedTime: c.status === 'Resolved' ? formatTicks(updated) : null,
      machineId: r.hex(40),
      computerDnsName: r.pick(['temp123.middleeast.corp.microsoft.com', 'ws-0042.contoso.com', 'srv-sql01.contoso.com']),
      rbacGroupName: r.pick(['A', 'Servers', 'UnassignedGroup']),
      aadTenantId: this.o.tenantId,
      threatName: r.chance(0.7) ? null : 'Trojan:Win32/Qakbot',
      mitreTechniques: r.chance(0.2) ? [] : [r.pick(MITRE), r.pick(MITRE)],
      relatedUser: r.chance(0.3) ? null : { userName: 'temp123', domainName: 'DOMAIN' },
      comments,
      evidence,
    };
  }

  source(): BaseSource<MdeRecord> {
    return {
      count: this.o.count,
      sortKey: (f, j) => (f === 'updated' ? this.timeline.updated(j) : this.timeline.created(j)),
      fields: (j) => this.fields(j),
      record: (j) => this.alert(j),
      idOf: (j) => this.idOf(j),
      indexOf: (id) => {
        const j = alertIndexOf(id);
        return j >= 0 && j < this.o.count && this.idOf(j) === id ? j : -1;
      },
    };
  }
}
