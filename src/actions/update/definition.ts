// The defender_sync_update alert action's parameters (contract: DESIGN §3). One definition feeds the
// alert_actions.conf defaults, the README spec files and the alert form.
import { ALERT_STATUSES, CLASSIFICATIONS, DETERMINATIONS, INCIDENT_STATUSES } from '../../defender/enums';

export interface ActionParam {
  name: string;
  label: string;
  help: string;
  default: string;
  choices?: readonly string[];
  /** Free text with a datalist (choices are suggestions) vs. a strict select. */
  strict?: boolean;
}

export const TARGETS = ['auto', 'incident', 'alert'] as const;
export type Target = (typeof TARGETS)[number];

/** `assigned_to` value that removes the owner (empty means "leave unchanged"). */
export const UNASSIGN = '(unassign)';

export const ACTION_PARAMS: readonly ActionParam[] = [
  {
    name: 'account',
    label: 'Account',
    help: 'Account (app registration and tenant) from the add-on\'s Configuration page. It needs SecurityIncident.ReadWrite.All and SecurityAlert.ReadWrite.All (and, for legacy alerts, WindowsDefenderATP Alert.ReadWrite.All).',
    default: '',
  },
  {
    name: 'target',
    label: 'Update',
    help: 'auto: incidents for ms365:defender:incident rows, alerts for alert rows (legacy ms:defender:atp:alerts rows through the Defender for Endpoint API). incident / alert: treat every row as that.',
    default: 'auto',
    choices: TARGETS,
    strict: true,
  },
  {
    name: 'id_field',
    label: 'ID field',
    help: 'Result field holding the incident or alert id. Default id (auto also reads incidentId on incident rows).',
    default: 'id',
  },
  {
    name: 'status',
    label: 'Status',
    help: `Empty: unchanged. Incidents: ${INCIDENT_STATUSES.join(', ')}. Alerts: ${ALERT_STATUSES.join(', ')}.`,
    default: '',
    choices: [...new Set([...INCIDENT_STATUSES, ...ALERT_STATUSES])],
  },
  {
    name: 'classification',
    label: 'Classification',
    help: `Empty: unchanged. One of ${CLASSIFICATIONS.join(', ')}.`,
    default: '',
    choices: CLASSIFICATIONS,
  },
  {
    name: 'determination',
    label: 'Determination',
    help: 'Empty: unchanged. Must fit the classification (e.g. truePositive: malware, phishing, multiStagedAttack, …; falsePositive: notMalicious, notEnoughDataToValidate, other).',
    default: '',
    choices: DETERMINATIONS,
  },
  {
    name: 'assigned_to',
    label: 'Assign to',
    help: `Empty: unchanged. A user (UPN), or ${UNASSIGN} to remove the owner.`,
    default: '',
  },
  {
    name: 'comment',
    label: 'Comment',
    help: 'Empty: none. Added to the incident or alert (comments are append-only in Defender).',
    default: '',
  },
  {
    name: 'add_tags',
    label: 'Add tags',
    help: 'Comma-separated tags added to incidents (existing tags are kept).',
    default: '',
  },
  {
    name: 'remove_tags',
    label: 'Remove tags',
    help: 'Comma-separated tags removed from incidents.',
    default: '',
  },
  {
    name: 'index',
    label: 'Index',
    help: 'Index for the defender_sync:action outcome events and the refreshed incidents and alerts. Default main.',
    default: 'main',
  },
];

export type ActionParams = Record<(typeof ACTION_PARAMS)[number]['name'], string>;
