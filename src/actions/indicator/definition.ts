// defender_sync_indicator: custom indicators of compromise on the legacy Defender for Endpoint API
// (defender-response.md §2: no Graph replacement; the API retires 2027-02-01). One definition feeds the
// alert_actions.conf defaults, the README spec files and the alert form.
import { MDE_LEGACY_LABEL } from '../../defender/mde-retirement';
import { OUTCOME_DRILLDOWN, type ActionParam, type AlertActionDefinition } from '../common/definition';
import { accountParam, safetyParams, type CapSpec } from '../common/params';
import { DEFAULT_INDICATOR_FIELD, OPERATIONS } from './plan';
import { INDICATOR_ACTIONS, INDICATOR_SEVERITIES, INDICATOR_TYPES } from './validate';

export const INDICATOR_ACTION = 'defender_sync_indicator';
export const TI_ROLE = 'Ti.ReadWrite.All';
export const INDICATOR_CAP: CapSpec = { default: 500, noun: 'indicators', ceiling: 15_000 };
/** Splunk sourcetype of the tenant's indicators as `operation=list` writes them. */
export const INDICATOR_SOURCETYPE = 'defender_sync:indicator';

export const INDICATOR_PARAMS: readonly ActionParam[] = [
  accountParam(`the WindowsDefenderATP application permission ${TI_ROLE} (${MDE_LEGACY_LABEL})`),
  {
    name: 'operation',
    label: 'Operation',
    help: `submit: add or update (same type and value) each row's indicator. delete: remove them (by value, or by an indicator_id column). list: write the tenant's current indicators as ${INDICATOR_SOURCETYPE} events (schedule it to keep Splunk's view current).`,
    default: 'submit',
    choices: OPERATIONS,
    strict: true,
  },
  {
    name: 'indicator_field',
    label: 'Indicator field',
    help: `Result field holding the IoC value (hash, IP, domain or URL). Default ${DEFAULT_INDICATOR_FIELD}.`,
    default: DEFAULT_INDICATOR_FIELD,
  },
  {
    name: 'indicator_type',
    label: 'Type',
    help: `auto: 64/40/32 hex digits are SHA-256/SHA-1/MD5, then IP, http(s) URL, domain. Or one of ${INDICATOR_TYPES.join(', ')} (certificate thumbprints need CertificateThumbprint).`,
    default: 'auto',
    choices: ['auto', ...INDICATOR_TYPES],
  },
  {
    name: 'indicator_action',
    label: 'Action',
    help: 'Block, Warn (network indicators: the user may bypass), Audit (alerts only; generate_alert is set), Allowed (exclusion) or BlockAndRemediate (files).',
    default: 'Block',
    choices: INDICATOR_ACTIONS,
  },
  { name: 'indicator_title', label: 'Title', help: "Shown in Defender's indicator list and alerts. Default: Splunk: <search name>.", default: '' },
  { name: 'indicator_description', label: 'Description', help: 'Default: who submitted it from which search.', default: '' },
  {
    name: 'indicator_severity',
    label: 'Severity',
    help: `Alert severity: ${INDICATOR_SEVERITIES.join(', ')}. Empty: Defender's default.`,
    default: 'Medium',
    choices: INDICATOR_SEVERITIES,
  },
  {
    name: 'indicator_expiration',
    label: 'Expires',
    help: 'When Defender drops the indicator: a relative 30d / 12h / 2w, or an ISO 8601 date or time (UTC). Empty: never.',
    default: '30d',
  },
  { name: 'indicator_device_groups', label: 'Device groups', help: 'Comma-separated device group names it applies to. Empty: all devices.', default: '' },
  {
    name: 'indicator_generate_alert',
    label: 'Generate alert',
    help: 'Raise an alert when the indicator matches (always on for Audit).',
    default: '0',
    checkbox: true,
  },
  { name: 'indicator_recommended_actions', label: 'Recommended actions', help: 'Shown in the alerts the indicator raises.', default: '' },
  ...safetyParams(INDICATOR_CAP),
];

export const INDICATOR_DEFINITION: AlertActionDefinition = {
  meta: {
    name: INDICATOR_ACTION,
    label: 'Microsoft Defender indicator (legacy MDE API)',
    description:
      'Submits, updates or deletes Defender for Endpoint custom indicators (file hashes, certificates, IPs, domains, URLs) from the search results, with action, expiry and severity, or lists the tenant\'s indicators (Defender Sync).',
    icon: `${INDICATOR_ACTION}.png`,
    maxtime: '10m',
    cam: {
      category: ['Network Control', 'Endpoint Control'],
      task: ['block', 'allow', 'scan'],
      subject: ['file', 'ip', 'domain', 'url', 'certificate'],
      technology: [{ vendor: 'Microsoft', product: 'Defender for Endpoint', version: ['API v1.0 (retires 2027-02-01)'] }],
      supports_adhoc: true,
      supports_cloud: true,
      drilldown_uri: OUTCOME_DRILLDOWN,
    },
  },
  params: INDICATOR_PARAMS,
  form: { groups: {}, textareas: ['indicator_description', 'indicator_recommended_actions'] },
  note:
    'Runs only for users with the capability defender_sync_respond. A result column named like an indicator_* field overrides it for that row ' +
    '(| inputlookup my_iocs.csv | sendalert defender_sync_indicator); text fields also accept $result.field$ tokens. ' +
    'Nothing is sent when the results name more indicators than "At most"; "Dry run" reports the plan without calling Microsoft.',
  api: 'mde-legacy',
};
