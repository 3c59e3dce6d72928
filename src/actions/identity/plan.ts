// One result row → which identity, which action, which provider. Pure. Identity account ids go into the URL
// path, so only letters, digits, '_' and '-' pass; SIDs go into a $filter string literal, so only S-1-<digits>.
import { checkId, shown, singleValue, type SafeId } from '../common/ids';
import { oneOf } from '../common/params';
import type { Fields, Planned, Unplannable } from '../common/plan';
import { IDENTITY_ACTIONS, IDENTITY_PROVIDERS, IDENTITY_TYPES, type IdentityActionName, type IdentityProvider } from './definition';

export const IDENTITY_ACCOUNT_ID = { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, expected: "an identity account id (letters, digits, '_' and '-')" };
export const SID = { pattern: /^S-1-\d{1,14}(-\d{1,10}){1,15}$/, expected: 'a SID (S-1-5-21-…)' };

export interface IdentityRequest {
  /** The identity account id, or the SID to look up. */
  by: 'id' | 'sid';
  value: SafeId;
  action: IdentityActionName;
  provider: IdentityProvider;
}

const FIELD_NAME = /^[A-Za-z0-9_.:{}-]{1,128}$/;

/** Problems with parameters as configured (those holding a $result token are checked per row). */
export function checkIdentityConfig(config: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  const fixed = (k: string): string | undefined => (config[k]?.includes('$result.') ? undefined : (config[k] ?? '').trim());
  const action = fixed('action');
  if (action === '') problems.push(`action is required: one of ${IDENTITY_ACTIONS.join(', ')}`);
  else if (action !== undefined) {
    const a = oneOf('action', action, IDENTITY_ACTIONS);
    if ('problem' in a) problems.push(a.problem);
  }
  for (const [k, values] of [['identity_provider', IDENTITY_PROVIDERS], ['identity_type', IDENTITY_TYPES]] as const) {
    const v = fixed(k);
    if (v) {
      const r = oneOf(k, v, values);
      if ('problem' in r) problems.push(r.problem);
    }
  }
  const field = fixed('identity_field');
  if (field && !FIELD_NAME.test(field)) problems.push(`identity_field '${shown(field)}' is not a field name`);
  return problems;
}

export function planIdentityRow(fields: Fields, config: Record<string, string>): Planned<IdentityRequest> | Unplannable {
  const get = (k: string): string => (config[k] ?? '').trim();
  const action = oneOf('action', get('action'), IDENTITY_ACTIONS);
  const requested = 'value' in action ? action.value : get('action');
  const provider = oneOf('identity_provider', get('identity_provider') || 'entraID', IDENTITY_PROVIDERS);
  const type = oneOf('identity_type', get('identity_type') || 'auto', IDENTITY_TYPES);
  const field = get('identity_field') || 'user';
  const raw = singleValue(fields[field], field);
  const base = { targetType: 'identity', requested, ...('value' in raw && raw.value ? { target: shown(raw.value) } : {}) };
  if ('problem' in action) return { ...base, problem: action.problem };
  if ('problem' in provider) return { ...base, problem: provider.problem };
  if ('problem' in type) return { ...base, problem: type.problem };
  if ('problem' in raw) return { ...base, problem: raw.problem };
  if (!raw.value) return { ...base, problem: `field '${field}' is empty or missing: set identity_field to the field holding the identity` };
  const bySid = type.value === 'sid' || (type.value === 'auto' && /^S-1-/i.test(raw.value));
  if (!bySid && raw.value.includes('@'))
    return { ...base, problem: `'${shown(raw.value)}' looks like a user principal name: Graph's identityAccounts offers no documented lookup by UPN; give the identity account id (IdentityInfo in advanced hunting) or the on-premises SID` };
  const id = checkId(raw.value, bySid ? SID : IDENTITY_ACCOUNT_ID, `field '${field}'`);
  if ('problem' in id) return { ...base, problem: id.problem };
  const by = bySid ? 'sid' : 'id';
  return {
    targetKey: `${by}:${id.id.toLowerCase()}`,
    requestKey: `${by}:${id.id.toLowerCase()}:${provider.value}:${action.value}`,
    targetType: bySid ? 'identity_sid' : 'identity',
    target: id.id,
    requested: action.value,
    input: { by, value: id.id, action: action.value, provider: provider.value },
    details: { identity_provider: provider.value },
  };
}
