// The defender_sync_update alert action's parameters (contract: DESIGN §3). One definition feeds the
// alert_actions.conf defaults, the README spec files and the alert form.
import { ALERT_ACTION } from '../../config/names';
import { ALERT_STATUSES, CLASSIFICATIONS, DETERMINATIONS, DETERMINATIONS_BY_CLASSIFICATION, INCIDENT_STATUSES, type Classification } from '../../defender/enums';
import { OUTCOME_DRILLDOWN, type ActionParam, type AlertActionDefinition, type FormLayout } from '../common/definition';

export type { ActionParam } from '../common/definition';

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

const determinationGroups = (Object.entries(DETERMINATIONS_BY_CLASSIFICATION) as Array<[Classification, readonly string[]]>).map(
  ([classification, values]) => ({ label: classification, values }),
);

export const FORM_LAYOUT: FormLayout = {
  groups: {
    status: [
      { label: 'Incidents', values: INCIDENT_STATUSES },
      { label: 'Alerts', values: ALERT_STATUSES },
    ],
    // One group per classification, so an analyst picks a determination that fits the classification
    // (the action refuses pairs Defender would refuse: enums.ts pairingProblem).
    determination: determinationGroups,
  },
  textareas: ['comment'],
};

export const UPDATE_ACTION: AlertActionDefinition = {
  meta: {
    name: ALERT_ACTION,
    label: 'Update Microsoft Defender incident or alert',
    description:
      'Sets status, classification, determination, assignee and tags, and adds a comment, on the Microsoft Defender incidents and alerts in the search results (Defender Sync).',
    icon: 'defender_sync_update.png',
    maxtime: '20m',
    cam: {
      // It carries the analyst's decision to a third-party system (ES's category for ticket/notification actions).
      category: ['Information Conveyance'],
      task: ['update'],
      subject: ['incident', 'alert'],
      technology: [
        { vendor: 'Microsoft', product: 'Defender XDR', version: ['Graph v1.0'] },
        { vendor: 'Microsoft', product: 'Defender for Endpoint', version: ['API v1.0'] },
      ],
      supports_adhoc: true,
      // Only HTTPS calls to Microsoft and to the local splunkd: nothing that Splunk Cloud forbids.
      supports_cloud: true,
      drilldown_uri: OUTCOME_DRILLDOWN,
    },
  },
  params: ACTION_PARAMS,
  form: FORM_LAYOUT,
  note:
    'Empty fields leave that property unchanged. Text fields accept $result.field$ tokens (per-result alerts take each row\'s value); ' +
    `for the choice fields, set a token in savedsearches.conf (action.${ALERT_ACTION}.param.status = $result.new_status$) ` +
    `or with | sendalert ${ALERT_ACTION} param.status=…`,
};
