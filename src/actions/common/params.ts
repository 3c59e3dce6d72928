// The parameters every response action has (account, max_targets, dry_run, index), their form entries and
// their validation. Pure. Action-specific parameters are declared and checked in the action's own folder.
import { ACCOUNT_NAME_PATTERN } from '../../config/names';
import type { ActionParam } from './definition';

export interface CommonRequest {
  account: string;
  /** Most distinct targets one run may act on; above it nothing is sent. */
  maxTargets: number;
  dryRun: boolean;
  index: string;
}

export interface CapSpec {
  /** Default of max_targets for this action (10 devices/identities, 500 indicators…). */
  default: number;
  /** Plural noun for messages and the form: "identities", "devices", "alerts". */
  noun: string;
  /** Hard ceiling an admin may raise max_targets to. */
  ceiling: number;
}

export const INDEX_PATTERN = /^[a-z0-9_][a-z0-9_-]{0,79}$/;

export function accountParam(permissions: string): ActionParam {
  return {
    name: 'account',
    label: 'Account',
    help: `Account (app registration and tenant) from the add-on's Configuration page. It needs ${permissions}.`,
    default: '',
  };
}

/** max_targets, dry_run and index: after the action's own parameters in every response form. */
export function safetyParams(cap: CapSpec): ActionParam[] {
  return [
    {
      name: 'max_targets',
      label: 'At most',
      help: `Most distinct ${cap.noun} one run may act on (default ${cap.default}, at most ${cap.ceiling}). When the results name more, nothing is sent and every row says why: narrow the search or raise this.`,
      default: String(cap.default),
    },
    {
      name: 'dry_run',
      label: 'Dry run',
      help: 'Plan and report every row (defender_sync:action events with result=dry_run) without calling Microsoft.',
      default: '0',
      checkbox: true,
    },
    {
      name: 'index',
      label: 'Index',
      help: 'Index for the defender_sync:action outcome events (and records ingested at once). Default main.',
      default: 'main',
    },
  ];
}

const TRUE = ['1', 'true', 'yes', 't', 'y', 'on'];
const FALSE = ['', '0', 'false', 'no', 'f', 'n', 'off'];

export function parseCommon(config: Readonly<Record<string, string | undefined>>, cap: CapSpec): { request: CommonRequest } | { problems: string[] } {
  const get = (k: string): string => (config[k] ?? '').trim();
  const problems: string[] = [];
  const account = get('account');
  if (!account) problems.push('account is required: choose the account (tenant) in the alert action settings');
  else if (!ACCOUNT_NAME_PATTERN.test(account)) problems.push(`account '${account}' is not a valid account name`);

  const rawCap = get('max_targets') || String(cap.default);
  const maxTargets = Number(rawCap);
  if (!/^\d+$/.test(rawCap) || maxTargets < 1 || maxTargets > cap.ceiling)
    problems.push(`max_targets '${rawCap}' must be a whole number from 1 to ${cap.ceiling}`);

  const rawDry = get('dry_run').toLowerCase();
  if (!TRUE.includes(rawDry) && !FALSE.includes(rawDry)) problems.push(`dry_run '${get('dry_run')}' must be 1 or 0`);

  const index = get('index') || 'main';
  if (!INDEX_PATTERN.test(index)) problems.push(`index '${index}' is not a valid index name`);

  return problems.length > 0 ? { problems } : { request: { account, maxTargets, dryRun: TRUE.includes(rawDry), index } };
}

/** One value out of a fixed list, case-insensitively; the canonical spelling comes back. */
export function oneOf<T extends string>(name: string, raw: string, values: readonly T[]): { value: T } | { problem: string } {
  const found = values.find((v) => v.toLowerCase() === raw.trim().toLowerCase());
  return found ? { value: found } : { problem: `${name} '${raw.trim()}' is not one of ${values.join(', ')}` };
}
