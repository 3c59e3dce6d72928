// Graph beta POST /security/alerts_v2/createAlert {createAlertInput} (defender-response.md §3): checks the
// input as documented (required fields, severity values, 1–100 entities with the identifiers each entity type
// allows, identifierValue ≤ 1,000 characters, description ≤ 5,000), then creates a manual alert in the tenant's
// data — in a new incident, or in `linkToIncident` — so it appears in alerts_v2 and incidents lists at once.
// 201 with the alert. Needs SecurityAlert.Create.All or SecurityAlert.ReadWrite.All. Beta only.
import type { TenantData } from '../data/tenant-data';
import type { GraphExtension, GraphTools, GraphVersion } from '../graph/extensions';
import type { GraphCall } from '../graph/routes';
import type { SimResponse } from '../http/response';

export const CREATE_ALERT_ROLES = ['SecurityAlert.Create.All', 'SecurityAlert.ReadWrite.All'];

const SEVERITIES = ['unknown', 'informational', 'low', 'medium', 'high'];
const ROLES = ['impacted', 'related'];

/** entityType → allowed entityIdentifier values (security-entitydefinitioninput.md). */
export const ENTITY_IDENTIFIERS: Record<string, readonly string[]> = {
  user: ['userPrincipalName', 'aadUserId', 'sid'],
  device: ['deviceId', 'deviceName'],
  file: ['sha256', 'sha1'],
  ip: ['address'],
  url: ['url'],
  cloudApplication: ['appId', 'name'],
  mailbox: ['mailboxPrimaryAddress'],
  securityGroup: ['distinguishedName', 'objectGuid', 'sid'],
  azureResource: ['resourceId'],
  amazonResource: ['amazonResourceId'],
  googleCloudResource: ['fullResourceName'],
  oAuthApplication: ['oAuthAppId'],
  emailMessage: ['networkMessageId'],
  emailCluster: ['networkMessageId'],
  process: ['sha1', 'sha256'],
  registryKey: ['key'],
  registryValue: ['key', 'valueName'],
};

interface EntityDefinition {
  entityType: string;
  entityIdentifier: string;
  identifierValue: string;
  role: string;
}

/** The evidence an entity becomes on the alert (the common types get their Graph evidence shape). */
function evidenceOf(e: EntityDefinition, now: string): Record<string, unknown> {
  const base = { createdDateTime: now, verdict: 'unknown', remediationStatus: 'none', roles: e.role === 'impacted' ? ['impacted'] : ['related'], tags: [] };
  const v = e.identifierValue;
  switch (e.entityType) {
    case 'user': {
      const key = { userPrincipalName: 'userPrincipalName', aadUserId: 'azureAdUserId', sid: 'userSid' }[e.entityIdentifier] as string;
      return { '@odata.type': '#microsoft.graph.security.userEvidence', ...base, userAccount: { [key]: v } };
    }
    case 'device':
      return { '@odata.type': '#microsoft.graph.security.deviceEvidence', ...base, ...(e.entityIdentifier === 'deviceId' ? { mdeDeviceId: v } : { deviceDnsName: v }) };
    case 'file':
      return { '@odata.type': '#microsoft.graph.security.fileEvidence', ...base, fileDetails: { [e.entityIdentifier]: v } };
    case 'ip':
      return { '@odata.type': '#microsoft.graph.security.ipEvidence', ...base, ipAddress: v };
    case 'url':
      return { '@odata.type': '#microsoft.graph.security.urlEvidence', ...base, url: v };
    case 'mailbox':
      return { '@odata.type': '#microsoft.graph.security.mailboxEvidence', ...base, primaryAddress: v };
    default:
      return { '@odata.type': `#microsoft.graph.security.${e.entityType}Evidence`, ...base, [e.entityIdentifier]: v };
  }
}

export class CreateAlertRoute implements GraphExtension {
  route(call: GraphCall, version: GraphVersion, segs: readonly string[], t: TenantData, tools: GraphTools): SimResponse | undefined {
    const [root, collection, action, ...rest] = segs;
    if (version !== 'beta' || root !== 'security' || collection?.toLowerCase() !== 'alerts_v2') return undefined;
    if (action !== 'createAlert' && action !== 'microsoft.graph.security.createAlert') return undefined;
    if (rest.length > 0) tools.fail(400, 'BadRequest', `Resource not found for the segment '${rest[0]}'.`);
    if (call.method.toUpperCase() !== 'POST') tools.fail(405, 'Request_BadRequest', `The HTTP method '${call.method}' is not allowed for the requested resource.`);
    tools.requireRoles(CREATE_ALERT_ROLES);
    const input = this.check((tools.body() as { createAlertInput?: unknown } | undefined)?.createAlertInput, t, tools);
    const now = new Date(t.o.clock.now()).toISOString();
    const alert = t.createManualAlert(
      {
        title: input.title,
        severity: input.severity,
        description: input.description,
        category: input.category,
        recommendedActions: input.recommendedActions ?? '',
        mitreTechniques: input.mitreTechniques ?? [],
        evidence: input.entityDefinitions.map((e) => evidenceOf(e, now)),
        productName: 'Microsoft Defender XDR',
        ...(input.isExcludedFromCorrelation !== undefined ? { additionalData: { isExcludedFromCorrelation: input.isExcludedFromCorrelation } } : {}),
      },
      input.linkToIncident ? String(input.linkToIncident) : undefined,
    );
    return tools.json(201, { '@odata.context': tools.context('beta', 'security/alerts_v2/$entity'), '@odata.type': '#microsoft.graph.security.alert', ...alert });
  }

  private check(raw: unknown, t: TenantData, tools: GraphTools) {
    const bad = (message: string): never => tools.fail(400, 'BadRequest', message);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) bad("The parameter 'createAlertInput' is required and must be an object.");
    const r = raw as Record<string, unknown>;
    for (const k of ['title', 'severity', 'description', 'category'])
      if (typeof r[k] !== 'string' || (r[k] as string).trim() === '') bad(`The createAlertInput property '${k}' is required.`);
    if (!SEVERITIES.includes(r.severity as string)) bad(`Requested value '${String(r.severity)}' was not found for property 'severity'. Valid values: ${SEVERITIES.join(', ')}.`);
    if ((r.description as string).length > 5000) bad(`The description is ${(r.description as string).length} characters; at most 5000 are allowed.`);
    if (r.mitreTechniques !== undefined && !(Array.isArray(r.mitreTechniques) && r.mitreTechniques.every((x) => typeof x === 'string'))) bad("The property 'mitreTechniques' must be an array of strings.");
    if (r.linkToIncident !== undefined && r.linkToIncident !== null) {
      const n = r.linkToIncident;
      if (!(typeof n === 'number' && Number.isInteger(n) && n >= 0) && !(typeof n === 'string' && /^\d{1,19}$/.test(n))) bad("The property 'linkToIncident' must be an Int64.");
      if (String(n) !== '0' && !t.incidents.get(String(n))) tools.fail(400, 'BadRequest', `Incident '${String(n)}' was not found: linkToIncident must name an existing incident.`);
    }
    const entities = r.entityDefinitions;
    if (!Array.isArray(entities) || entities.length < 1 || entities.length > 100) bad("The property 'entityDefinitions' must hold 1 to 100 entities.");
    (entities as unknown[]).forEach((e, i) => {
      const d = e as Partial<EntityDefinition> | null;
      const allowed = d && typeof d.entityType === 'string' ? ENTITY_IDENTIFIERS[d.entityType] : undefined;
      if (!allowed) return bad(`entityDefinitions[${i}]: entityType '${String(d?.entityType)}' is not supported.`);
      if (!allowed.includes(d!.entityIdentifier as string)) bad(`entityDefinitions[${i}]: entityIdentifier '${String(d!.entityIdentifier)}' is not valid for entityType '${d!.entityType}'. Valid values: ${allowed.join(', ')}.`);
      if (typeof d!.identifierValue !== 'string' || d!.identifierValue === '' || d!.identifierValue.length > 1000) bad(`entityDefinitions[${i}]: identifierValue must be 1 to 1000 characters.`);
      if (!ROLES.includes(d!.role as string)) bad(`entityDefinitions[${i}]: role must be impacted or related.`);
    });
    return r as {
      title: string; severity: string; description: string; category: string; recommendedActions?: string; mitreTechniques?: string[];
      linkToIncident?: number | string; isExcludedFromCorrelation?: boolean; entityDefinitions: EntityDefinition[];
    };
  }
}
