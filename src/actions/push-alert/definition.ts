// defender_sync_push_alert: a Splunk detection row becomes a Microsoft Defender alert through Graph beta
// POST /security/alerts_v2/createAlert (defender-response.md §3). Preview: beta only, opt-in per search.
// One definition feeds the alert_actions.conf defaults, the README spec files and the alert form.
import { OUTCOME_DRILLDOWN, type ActionParam, type AlertActionDefinition } from '../common/definition';
import { accountParam, safetyParams, type CapSpec } from '../common/params';

export const PUSH_ALERT_ACTION = 'defender_sync_push_alert';
export const CREATE_ROLE = 'SecurityAlert.Create.All';

export const SEVERITIES = ['unknown', 'informational', 'low', 'medium', 'high'] as const;
/** MITRE ATT&CK tactics, as Defender spells alert categories. */
export const CATEGORIES = [
  'InitialAccess', 'Execution', 'Persistence', 'PrivilegeEscalation', 'DefenseEvasion', 'CredentialAccess', 'Discovery',
  'LateralMovement', 'Collection', 'CommandAndControl', 'Exfiltration', 'Impact', 'Reconnaissance', 'ResourceDevelopment',
  'SuspiciousActivity', 'Malware', 'Ransomware', 'UnwantedSoftware',
] as const;

/** Result fields mapped to entities: parameter → entity type. */
export const ENTITY_FIELDS = [
  { param: 'device_field', entity: 'device', default: 'dest', label: 'Device field', what: 'an MDE device id (40 hex digits) or a device name' },
  { param: 'user_field', entity: 'user', default: 'user', label: 'User field', what: 'a UPN, an Entra object id (GUID) or a SID' },
  { param: 'ip_field', entity: 'ip', default: 'src_ip', label: 'IP field', what: 'an IPv4 or IPv6 address' },
  { param: 'file_hash_field', entity: 'file', default: 'file_hash', label: 'File hash field', what: 'a SHA-256 or SHA-1' },
  { param: 'url_field', entity: 'url', default: 'url', label: 'URL field', what: 'an http(s) URL' },
  { param: 'mailbox_field', entity: 'mailbox', default: 'recipient', label: 'Mailbox field', what: 'a mailbox address' },
] as const;

export const PUSH_ALERT_CAP: CapSpec = { default: 10, noun: 'alerts', ceiling: 100 };

export const PUSH_ALERT_PARAMS: readonly ActionParam[] = [
  accountParam(`the Microsoft Graph application permission ${CREATE_ROLE} (or SecurityAlert.ReadWrite.All)`),
  { name: 'title', label: 'Title', help: 'The alert title in Defender (required). Use tokens, e.g. Splunk: $result.signature$.', default: '' },
  {
    name: 'severity',
    label: 'Severity',
    help: `${SEVERITIES.join(', ')} (critical is sent as high). Default medium; a token such as $result.severity$ works.`,
    default: 'medium',
    choices: SEVERITIES,
  },
  { name: 'description', label: 'Description', help: 'What was detected (required, at most 5,000 characters).', default: '' },
  {
    name: 'category',
    label: 'Category (MITRE tactic)',
    help: 'The MITRE ATT&CK tactic, e.g. Execution, InitialAccess, CredentialAccess (required).',
    default: '',
    choices: CATEGORIES,
  },
  { name: 'techniques', label: 'MITRE techniques', help: 'Comma-separated technique ids, e.g. T1059, T1059.001.', default: '' },
  { name: 'recommended_actions', label: 'Recommended actions', help: 'What the analyst in Defender should do.', default: '' },
  ...ENTITY_FIELDS.map((f) => ({
    name: f.param,
    label: f.label,
    help: `Result field holding ${f.what}, added to the alert as ${f.entity} evidence when present (multi-value: one entity each). Default ${f.default}; empty: none.`,
    default: f.default,
  })),
  {
    name: 'link_to_incident',
    label: 'Link to incident',
    help: 'Optional: the id of an existing Defender incident the alert joins (e.g. $result.incidentId$). Empty: Defender opens a new incident.',
    default: '',
  },
  ...safetyParams(PUSH_ALERT_CAP),
];

export const PUSH_ALERT_DEFINITION: AlertActionDefinition = {
  meta: {
    name: PUSH_ALERT_ACTION,
    label: 'Push alert to Microsoft Defender (preview)',
    description:
      'Creates a Microsoft Defender alert for each result — title, severity, MITRE tactic and techniques, and the devices, users, IPs, files, URLs and mailboxes in the row as evidence — through Graph beta (Defender Sync, preview).',
    icon: `${PUSH_ALERT_ACTION}.png`,
    maxtime: '10m',
    cam: {
      category: ['Information Conveyance'],
      task: ['create'],
      subject: ['alert'],
      technology: [{ vendor: 'Microsoft', product: 'Defender XDR', version: ['Graph beta'] }],
      supports_adhoc: true,
      supports_cloud: true,
      drilldown_uri: OUTCOME_DRILLDOWN,
    },
  },
  params: PUSH_ALERT_PARAMS,
  form: { groups: {}, textareas: ['description', 'recommended_actions'], emptyLabel: '(choose, or set a $result token)' },
  note:
    'Runs only for users with the capability defender_sync_respond. Text fields accept $result.field$ tokens, resolved for each row; each row becomes one alert, and the new alert is ingested at once. ' +
    'Nothing is sent when the results would create more alerts than "At most"; "Dry run" reports the alerts without creating them.',
  api: 'graph-beta',
};
