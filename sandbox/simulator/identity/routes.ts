// Graph v1.0 identity endpoints (defender-response.md §1c, §6):
//   GET  /security/identities/identityAccounts[?$filter=onPremisesSecurityIdentifier eq '…'&$top=n]
//   GET  /security/identities/identityAccounts/{id}
//   POST /security/identities/identityAccounts/{id}/invokeAction {accountId, action, identityProvider}
// Reading needs SecurityIdentitiesAccount.Read.All; acting needs SecurityIdentitiesActions.ReadWrite.All.
// Errors use Graph's shapes (400 BadRequest, 403 missing roles, 404 NotFound, 405). Beta serves the same.
import { randomUUID } from 'node:crypto';
import type { TenantData } from '../data/tenant-data';
import type { GraphExtension, GraphTools, GraphVersion } from '../graph/extensions';
import type { GraphCall } from '../graph/routes';
import type { SimResponse } from '../http/response';
import { IDENTITY_ACTIONS, IDENTITY_PROVIDERS, type IdentityAccountRecord, type IdentityDirectory } from './directory';

export const IDENTITY_ROLES = {
  read: ['SecurityIdentitiesAccount.Read.All'],
  act: ['SecurityIdentitiesActions.ReadWrite.All'],
};

const TYPE = '#microsoft.graph.security.identityAccounts';
const SID_FILTER = /^\s*onPremisesSecurityIdentifier\s+eq\s+'([^']*)'\s*$/;

const present = (a: IdentityAccountRecord): Record<string, unknown> => ({ '@odata.type': TYPE, ...structuredClone(a) });

export class IdentityRoutes implements GraphExtension {
  constructor(private readonly directory: IdentityDirectory) {}

  route(call: GraphCall, version: GraphVersion, segs: readonly string[], t: TenantData, tools: GraphTools): SimResponse | undefined {
    const [root, area, collection, id, sub, ...rest] = segs;
    if (root !== 'security' || area?.toLowerCase() !== 'identities' || collection?.toLowerCase() !== 'identityaccounts') return undefined;
    const method = call.method.toUpperCase();
    const tenantId = t.o.tenantId;
    const notAllowed = (): never => tools.fail(405, 'Request_BadRequest', `The HTTP method '${method}' is not allowed for the requested resource.`);
    if (rest.length > 0) tools.fail(400, 'BadRequest', `Resource not found for the segment '${rest[0]}'.`);
    if (id === undefined) return method === 'GET' ? this.list(call, version, tenantId, tools) : notAllowed();
    if (sub === undefined) {
      if (method !== 'GET') notAllowed();
      tools.requireRoles(IDENTITY_ROLES.read);
      const found = this.directory.get(tenantId, id);
      if (!found) tools.fail(404, 'NotFound', `The identity account '${id}' was not found.`);
      return tools.json(200, { '@odata.context': tools.context(version, 'security/identities/identityAccounts/$entity'), ...present(found) });
    }
    if (sub !== 'invokeAction' && sub !== 'microsoft.graph.security.invokeAction') tools.fail(400, 'BadRequest', `Resource not found for the segment '${sub}'.`);
    if (method !== 'POST') notAllowed();
    return this.invoke(call, version, tenantId, id, tools);
  }

  private list(call: GraphCall, version: GraphVersion, tenantId: string, tools: GraphTools): SimResponse {
    tools.requireRoles(IDENTITY_ROLES.read);
    let items = this.directory.accounts(tenantId);
    const filter = call.query.get('$filter');
    if (filter !== null) {
      const m = SID_FILTER.exec(filter);
      if (!m) tools.fail(400, 'BadRequest', `Invalid filter clause: the simulator supports onPremisesSecurityIdentifier eq '<sid>' only; got '${filter}'.`);
      items = items.filter((a) => a.onPremisesSecurityIdentifier === m[1]);
    }
    const topText = call.query.get('$top');
    const top = topText === null ? 100 : Number(topText);
    if (!Number.isInteger(top) || top < 1 || top > 1000) tools.fail(400, 'BadRequest', `Invalid value '${topText}' for $top: use 1 to 1000.`);
    return tools.json(200, { '@odata.context': tools.context(version, 'security/identities/identityAccounts'), value: items.slice(0, top).map(present) });
  }

  private invoke(call: GraphCall, version: GraphVersion, tenantId: string, id: string, tools: GraphTools): SimResponse {
    tools.requireRoles(IDENTITY_ROLES.act);
    const body = tools.body();
    if (typeof body !== 'object' || body === null || Array.isArray(body)) tools.fail(400, 'BadRequest', 'The request body must be a JSON object with accountId, action and identityProvider.');
    const { accountId, action, identityProvider } = body as Record<string, unknown>;
    if (typeof accountId !== 'string' || accountId === '') tools.fail(400, 'BadRequest', "The parameter 'accountId' is required.");
    if (!(IDENTITY_ACTIONS as readonly unknown[]).includes(action))
      tools.fail(400, 'BadRequest', `Requested value '${String(action)}' was not found for parameter 'action'. Valid values: ${IDENTITY_ACTIONS.join(', ')}.`);
    if (!(IDENTITY_PROVIDERS as readonly unknown[]).includes(identityProvider))
      tools.fail(400, 'BadRequest', `Requested value '${String(identityProvider)}' was not found for parameter 'identityProvider'. Valid values: ${IDENTITY_PROVIDERS.join(', ')}.`);
    const identity = this.directory.get(tenantId, id);
    if (!identity) tools.fail(404, 'NotFound', `The identity account '${id}' was not found.`);
    const account = identity.accounts.find((a) => a.identityProvider === identityProvider && a.accountId === accountId);
    if (!account) tools.fail(400, 'BadRequest', `The account '${accountId}' does not belong to identity account '${id}' at identity provider '${String(identityProvider)}'.`);
    const correlationId = randomUUID();
    this.directory.apply(tenantId, identity, account, action as string, identityProvider as string, correlationId, call.claims.appName);
    return tools.json(200, {
      '@odata.context': tools.context(version, 'microsoft.graph.security.invokeActionResult'),
      accountId, action, identityProvider, correlationId,
    });
  }
}
