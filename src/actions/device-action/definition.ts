// defender_sync_device_action: machine actions on the legacy Defender for Endpoint API (defender-response.md
// §1: Graph has no ad-hoc device actions; the API retires 2027-02-01). One definition feeds the
// alert_actions.conf defaults, the README spec files and the alert form.
import { MDE_LEGACY_LABEL } from '../../defender/mde-retirement';
import { OUTCOME_DRILLDOWN, type ActionParam, type AlertActionDefinition } from '../common/definition';
import { accountParam, safetyParams, type CapSpec } from '../common/params';
import { ACTION_SPECS, DEVICE_ACTIONS, ISOLATION_TYPES, MACHINE_READ_ROLE, SCAN_TYPES } from './catalog';
import { DEFAULT_WAIT_SECONDS } from './targets';

export const DEVICE_ACTION = 'defender_sync_device_action';
export const DEVICE_CAP: CapSpec = { default: 10, noun: 'devices', ceiling: 1000 };

const roles = [...new Set(Object.values(ACTION_SPECS).map((s) => s.role))];

export const DEVICE_PARAMS: readonly ActionParam[] = [
  accountParam(`the WindowsDefenderATP application permission each action names (${roles.join(', ')}) and ${MACHINE_READ_ROLE} to find devices by name and follow the actions (${MDE_LEGACY_LABEL})`),
  {
    name: 'device_action',
    label: 'Action',
    help:
      'isolate / release, antivirus_scan, restrict_app_execution / unrestrict_app_execution, collect_investigation_package (the outcome carries the download link), ' +
      'stop_and_quarantine_file (needs the SHA-1), add_tag / remove_tag. Each undo is as easy to run as its action.',
    default: '',
    choices: DEVICE_ACTIONS,
    strict: true,
  },
  { name: 'isolation_type', label: 'Isolation', help: 'isolate only: full, or selective (Outlook, Teams and Skype keep working).', default: 'full', choices: ISOLATION_TYPES, strict: true },
  { name: 'scan_type', label: 'Scan', help: 'antivirus_scan only: quick or full.', default: 'quick', choices: SCAN_TYPES, strict: true },
  {
    name: 'device_field',
    label: 'Device field',
    help: 'Result field holding the MDE device id (40 hex digits) or the device name (computerDnsName). Empty: the first of device_id, machineId, mdeDeviceId, DeviceId, deviceId, computerDnsName, deviceDnsName, DeviceName, device_name, device, dest, host. A name two devices share is refused.',
    default: '',
  },
  { name: 'sha1_field', label: 'SHA-1 field', help: 'stop_and_quarantine_file only: field holding the file SHA-1. Empty: sha1, SHA1, fileSha1 or file_hash.', default: '' },
  { name: 'tag', label: 'Tag', help: 'add_tag / remove_tag only: the device tag.', default: '' },
  { name: 'comment', label: 'Comment', help: "Shown in Defender's action center. Default: who ran it from which search.", default: '' },
  {
    name: 'wait_seconds',
    label: 'Follow for',
    help: `Seconds to follow each machine action until it finishes (within the action's maxtime); a device that has not finished is reported in_progress with the action id. Default ${DEFAULT_WAIT_SECONDS}.`,
    default: String(DEFAULT_WAIT_SECONDS),
  },
  ...safetyParams(DEVICE_CAP),
];

export const DEVICE_DEFINITION: AlertActionDefinition = {
  meta: {
    name: DEVICE_ACTION,
    label: 'Microsoft Defender device action (legacy MDE API)',
    description:
      'Isolates or releases devices, runs antivirus scans, restricts app execution, collects investigation packages, stops and quarantines files and tags devices named in the search results, through Microsoft Defender for Endpoint (Defender Sync).',
    icon: `${DEVICE_ACTION}.png`,
    maxtime: '15m',
    cam: {
      category: ['Endpoint Control'],
      task: ['block', 'allow', 'scan', 'create', 'update'],
      subject: ['endpoint', 'device', 'file'],
      technology: [{ vendor: 'Microsoft', product: 'Defender for Endpoint', version: ['API v1.0 (retires 2027-02-01)'] }],
      supports_adhoc: true,
      supports_cloud: true,
      drilldown_uri: OUTCOME_DRILLDOWN,
    },
  },
  params: DEVICE_PARAMS,
  form: { groups: {}, textareas: ['comment'] },
  note:
    'Runs only for users with the capability defender_sync_respond. Text fields accept $result.field$ tokens, resolved for each row. ' +
    'Nothing is sent when the results name more devices than "At most"; "Dry run" reports the plan without calling Microsoft.',
  api: 'mde-legacy',
};
