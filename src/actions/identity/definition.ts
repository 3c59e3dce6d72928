// defender_sync_identity_action: Microsoft Graph v1.0 identity response (defender-response.md §1c):
// POST /security/identities/identityAccounts/{id}/invokeAction {accountId, action, identityProvider}.
// One definition feeds the alert_actions.conf defaults, the README spec files and the alert form.
import { OUTCOME_DRILLDOWN, type ActionParam, type AlertActionDefinition } from '../common/definition';
import { accountParam, safetyParams, type CapSpec } from '../common/params';

export const IDENTITY_ACTION = 'defender_sync_identity_action';

/** Microsoft's `microsoft.graph.security.action` values. */
export const IDENTITY_ACTIONS = ['disable', 'enable', 'forcePasswordReset', 'revokeAllSessions', 'requireUserToSignInAgain', 'markUserAsCompromised'] as const;
export type IdentityActionName = (typeof IDENTITY_ACTIONS)[number];

/** Microsoft's `microsoft.graph.security.identityProvider` values. */
export const IDENTITY_PROVIDERS = ['entraID', 'activeDirectory', 'okta'] as const;
export type IdentityProvider = (typeof IDENTITY_PROVIDERS)[number];

export const IDENTITY_TYPES = ['auto', 'identity_account_id', 'sid'] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];

export const ACTION_ROLE = 'SecurityIdentitiesActions.ReadWrite.All';
export const READ_ROLE = 'SecurityIdentitiesAccount.Read.All';

export const IDENTITY_CAP: CapSpec = { default: 10, noun: 'identities', ceiling: 1000 };

export const IDENTITY_PARAMS: readonly ActionParam[] = [
  accountParam(`the Microsoft Graph application permissions ${ACTION_ROLE} (to act) and ${READ_ROLE} (to look the identity up)`),
  {
    name: 'action',
    label: 'Action',
    help: 'What to do to each identity: disable, enable, forcePasswordReset, revokeAllSessions, requireUserToSignInAgain or markUserAsCompromised. enable undoes disable.',
    default: '',
    // Not strict: the form starts on "(choose)" instead of preselecting disable.
    choices: IDENTITY_ACTIONS,
  },
  {
    name: 'identity_provider',
    label: 'Identity provider',
    help: 'Where the account is acted on: entraID (Microsoft Entra ID), activeDirectory (on-premises, through Defender for Identity) or okta.',
    default: 'entraID',
    choices: IDENTITY_PROVIDERS,
    strict: true,
  },
  {
    name: 'identity_field',
    label: 'Identity field',
    help: "Result field holding the identity: a Defender for Identity identity account id, or an on-premises SID (S-1-5-…), which is looked up. Default user.",
    default: 'user',
  },
  {
    name: 'identity_type',
    label: 'Identity type',
    help: 'auto: values starting S-1- are SIDs, others identity account ids. identity_account_id / sid: every value is that.',
    default: 'auto',
    choices: IDENTITY_TYPES,
    strict: true,
  },
  ...safetyParams(IDENTITY_CAP),
];

export const IDENTITY_DEFINITION: AlertActionDefinition = {
  meta: {
    name: IDENTITY_ACTION,
    label: 'Microsoft Defender identity action',
    description:
      'Disables or enables accounts, forces a password reset, revokes sessions, requires sign-in again or marks users compromised, for the identities in the search results, through Microsoft Defender for Identity (Defender Sync).',
    icon: `${IDENTITY_ACTION}.png`,
    maxtime: '10m',
    cam: {
      category: ['Account Control'],
      task: ['block', 'allow', 'update'],
      subject: ['user', 'account'],
      technology: [{ vendor: 'Microsoft', product: 'Defender for Identity', version: ['Graph v1.0'] }],
      supports_adhoc: true,
      supports_cloud: true,
      drilldown_uri: OUTCOME_DRILLDOWN,
    },
  },
  params: IDENTITY_PARAMS,
  form: { groups: {}, textareas: [], emptyLabel: '(choose)' },
  note:
    'Runs only for users with the capability defender_sync_respond. Text fields accept $result.field$ tokens, resolved for each row. ' +
    `Nothing is sent when the results name more identities than "At most"; "Dry run" reports the plan without calling Microsoft.`,
  api: 'graph-v1.0',
};
