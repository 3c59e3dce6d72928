// Identity actions through Graph v1.0, one identity at a time (at most max_targets per run, paced by the
// Graph client): look the identity account up — by id, or by on-premises SID with $filter — to find its
// account id at the chosen provider, then POST invokeAction {accountId, action, identityProvider}. Graph
// answers with an invokeActionResult whose correlationId is Defender's id for the request.
import { DefenderError } from '../../defender/errors';
import { asPage, odataString, odataUrl } from '../../defender/odata';
import type { DefenderSession } from '../../defender/session';
import { goneError, isGone, rowError } from '../common/errors';
import { pathSegment } from '../common/ids';
import type { TargetOutcome } from '../common/outcome';
import type { ActionTarget } from '../common/run';
import { ACTION_ROLE, READ_ROLE, type IdentityProvider } from './definition';
import type { IdentityRequest } from './plan';

const ACCOUNTS = '/security/identities/identityAccounts';

interface ProviderAccount {
  accountId?: string;
  identityProvider?: string;
  displayName?: string;
}

export interface IdentityAccount {
  id: string;
  displayName?: string;
  accounts?: ProviderAccount[];
}

interface InvokeActionResult {
  accountId?: string;
  action?: string;
  identityProvider?: string;
  correlationId?: string;
}

const failed = (httpStatus: number | null, error: string): TargetOutcome => ({ ok: false, httpStatus, error });

/** The identity account the request names, or why not. */
async function lookUp(session: DefenderSession, r: IdentityRequest): Promise<IdentityAccount | TargetOutcome> {
  const root = `${session.endpoints.graphUrl}/v1.0`;
  if (r.by === 'sid') {
    const url = odataUrl(root, ACCOUNTS, { filter: `onPremisesSecurityIdentifier eq ${odataString(r.value)}`, top: 2 });
    const { status, data } = await session.graph.call<unknown>({ method: 'GET', url, requiredRole: READ_ROLE });
    const found = asPage<IdentityAccount>(data)?.value ?? [];
    if (found.length === 0) return failed(status, `Defender for Identity has no identity account with the SID ${r.value}: check the SID, or that Defender for Identity monitors its domain`);
    if (found.length > 1) return failed(status, `the SID ${r.value} names ${found.length} identity accounts: give the identity account id instead (nothing was changed)`);
    return found[0] as IdentityAccount;
  }
  try {
    const { data } = await session.graph.call<IdentityAccount>({ method: 'GET', url: `${root}${ACCOUNTS}/${pathSegment(r.value)}`, requiredRole: READ_ROLE });
    return data;
  } catch (err) {
    if (err instanceof DefenderError && err.status === 404)
      return failed(404, `Defender for Identity has no identity account '${r.value}' (Graph GET ${ACCOUNTS}/{id} answered 404): check the id (advanced hunting IdentityInfo), or that the tenant has Defender for Identity; nothing was changed`);
    throw err;
  }
}

function accountAt(identity: IdentityAccount, provider: IdentityProvider): string | TargetOutcome {
  const accounts = Array.isArray(identity.accounts) ? identity.accounts : [];
  const match = accounts.find((a) => a.identityProvider?.toLowerCase() === provider.toLowerCase() && a.accountId);
  if (match?.accountId) return match.accountId;
  const has = [...new Set(accounts.map((a) => a.identityProvider).filter(Boolean))];
  return failed(null, `identity account '${identity.id}' has no ${provider} account (it has: ${has.join(', ') || 'none'}): set identity_provider to one of those; nothing was changed`);
}

async function invoke(session: DefenderSession, r: IdentityRequest): Promise<TargetOutcome> {
  const identity = await lookUp(session, r);
  if ('ok' in identity) return identity;
  if (typeof identity.id !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(identity.id))
    return failed(null, `Graph returned an identity account id that is not safe to put in a URL ('${String(identity.id).slice(0, 40)}'); nothing was changed`);
  const accountId = accountAt(identity, r.provider);
  if (typeof accountId !== 'string') return accountId;
  const path = `${ACCOUNTS}/${encodeURIComponent(identity.id)}/invokeAction`;
  try {
    const { status, data } = await session.graph.call<InvokeActionResult>({
      method: 'POST',
      url: `${session.endpoints.graphUrl}/v1.0${path}`,
      body: { accountId, action: r.action, identityProvider: r.provider },
      requiredRole: ACTION_ROLE,
    });
    return {
      ok: true,
      httpStatus: status,
      ...(data?.correlationId ? { defenderActionId: data.correlationId } : {}),
      details: { identity_account_id: identity.id, account_id: accountId, ...(identity.displayName ? { display_name: identity.displayName } : {}) },
    };
  } catch (err) {
    if (isGone(err))
      return { ok: false, ...goneError(err as DefenderError, `Graph POST /v1.0${ACCOUNTS}/{id}/invokeAction`, "identity actions need Microsoft Defender for Identity, and Graph v1.0 offers them in the global cloud only") };
    throw err;
  }
}

export async function applyIdentityActions(session: DefenderSession, targets: ReadonlyArray<ActionTarget<IdentityRequest>>): Promise<Map<string, TargetOutcome>> {
  const out = new Map<string, TargetOutcome>();
  for (const t of targets) {
    try {
      out.set(t.planned.requestKey, await invoke(session, t.planned.input));
    } catch (err) {
      out.set(t.planned.requestKey, { ok: false, ...rowError(err) });
    }
  }
  return out;
}
