// Acceptance 1: the simulator answers like the recorded payloads in ../shared/fixtures/defender:
// same property names and JSON types, documented enum spellings, and errors.json's error bodies.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { startSimulator, type Simulator } from '../../sandbox/simulator';
import {
  alertClassification, alertDetermination, alertSeverity, alertStatus, detectionSource, evidenceRemediationStatus,
  evidenceRole, evidenceVerdict, incidentStatus, serviceSource,
} from '../../sandbox/simulator/data/enums';
import { sharedPath } from '../helpers/shared';
import { call, graphGet, token } from './helpers';

const fixture = (name: string): any => JSON.parse(readFileSync(sharedPath('fixtures', 'defender', name), 'utf8'));
const errors = fixture('errors.json');

/** Properties Graph added after the fixtures were recorded (CSDL v1.0, defender-api.md §2.1, §3.1). */
const NEWER = {
  incident: ['lastModifiedBy', 'resolvingComment', 'summary', 'priorityScore', '@odata.type'],
  alert: ['systemTags', 'productName', 'alertPolicyId', 'investigationState', 'additionalData', 'customDetails', 'categories'],
  evidence: ['displayName'],
};

const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Differences between a recorded record and a simulator record: missing or extra properties and
 * JSON type mismatches (null matches anything: both sides have nullable properties), recursively.
 */
function shapeDiff(recorded: any, simulated: any, newer: readonly string[], path = ''): string[] {
  const out: string[] = [];
  for (const key of Object.keys(recorded)) {
    if (!(key in simulated)) { out.push(`missing ${path}${key}`); continue; }
    const a = recorded[key], b = simulated[key];
    if (a !== null && b !== null && jsonType(a) !== jsonType(b)) out.push(`type of ${path}${key}: ${jsonType(a)} vs ${jsonType(b)}`);
    else if (jsonType(a) === 'object' && jsonType(b) === 'object' && key !== 'additionalData' && key !== 'customDetails') out.push(...shapeDiff(a, b, newer, `${path}${key}.`));
  }
  for (const key of Object.keys(simulated)) if (!(key in recorded) && !newer.includes(key)) out.push(`extra ${path}${key}`);
  return out;
}

function evidenceDiffs(recorded: any[], simulated: any[]): string[] {
  const out: string[] = [];
  for (const r of recorded) {
    const s = simulated.find((e) => e['@odata.type'] === r['@odata.type']);
    if (!s) { out.push(`no simulated ${r['@odata.type']}`); continue; }
    out.push(...shapeDiff(r, s, NEWER.evidence, `${r['@odata.type']}.`));
  }
  return out;
}

function expectEnums(alert: any): void {
  expect(alertStatus.members).to.include(alert.status);
  expect(alertSeverity.members).to.include(alert.severity);
  expect(alertClassification.members).to.include(alert.classification);
  expect(alertDetermination.members).to.include(alert.determination);
  expect(serviceSource.members).to.include(alert.serviceSource);
  expect(detectionSource.members).to.include(alert.detectionSource);
  for (const e of alert.evidence) {
    expect(evidenceVerdict.members).to.include(e.verdict);
    expect(evidenceRemediationStatus.members).to.include(e.remediationStatus);
    for (const role of e.roles) expect(evidenceRole.members).to.include(role);
  }
}

/** Graph error envelope with a fresh innerError: same keys and types as the recorded one. */
function expectGraphErrorShape(body: any, recorded: any): void {
  expect(Object.keys(body)).to.deep.equal(['error']);
  expect(Object.keys(body.error).sort()).to.deep.equal(Object.keys(recorded.error).sort());
  expect(Object.keys(body.error.innerError).sort()).to.deep.equal(Object.keys(recorded.error.innerError).sort());
  expect(body.error.innerError.date).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
}

describe('simulator conformance with the recorded fixtures', () => {
  let sim: Simulator;
  let graphToken: string;
  let alerts: any[];

  before(async () => {
    sim = await startSimulator({ seed: 3, incidents: 120, rateLimits: false, dataEnd: '2026-11-01T00:00:00Z' });
    graphToken = await token(sim, 'graph');
    alerts = (await graphGet(sim, '/security/alerts_v2?$top=2000', graphToken, { Prefer: 'include-unknown-enum-members' })).json.value;
  });
  after(() => sim.stop());

  it('GET /security/incidents?$expand=alerts matches graph-incident.json', async () => {
    const recorded = fixture('graph-incident.json');
    const r = await graphGet(sim, '/security/incidents?$expand=alerts&$top=50', graphToken);
    expect(r.status).to.equal(200);
    expect(r.json['@odata.context']).to.equal(`${sim.graphUrl}/v1.0/$metadata#security/incidents(alerts())`);
    const page = r.json.value as any[];
    expect(page).to.have.length(50);
    const recInc = recorded.value[0];
    for (const inc of page) {
      expect(shapeDiff({ ...recInc, alerts: undefined }, { ...inc, alerts: undefined }, NEWER.incident)).to.deep.equal([]);
      expect(incidentStatus.members).to.include(inc.status);
      for (const a of inc.alerts) {
        expect(shapeDiff({ ...recInc.alerts[0], evidence: [] }, { ...a, evidence: [] }, NEWER.alert)).to.deep.equal([]);
        expectEnums(a);
      }
    }
    const evidence = page.flatMap((i) => i.alerts).flatMap((a) => a.evidence);
    expect(evidenceDiffs(recInc.alerts[0].evidence, evidence), 'incident alerts evidence').to.deep.equal([]);
  });

  it('GET /security/alerts_v2 matches graph-alert-v2.json, evidence keeping its per-type properties', async () => {
    const recorded = fixture('graph-alert-v2.json').value[0];
    expect(alerts).to.have.length(sim.data.counts().alerts);
    for (const a of alerts) {
      expect(shapeDiff({ ...recorded, evidence: [] }, { ...a, evidence: [] }, NEWER.alert)).to.deep.equal([]);
      expectEnums(a);
    }
    expect(evidenceDiffs(recorded.evidence, alerts.flatMap((a) => a.evidence))).to.deep.equal([]);
  });

  it('PATCH /security/incidents/{id} answers like graph-incident-patch-response.json', async () => {
    const recorded = fixture('graph-incident-patch-response.json');
    const id = sim.data.tenant().incidents.idAt(5);
    const r = await call(sim, 'PATCH', `${sim.graphUrl}/v1.0/security/incidents/${id}`, {
      headers: { Authorization: `Bearer ${graphToken}` }, body: { status: 'resolved', assignedTo: 'admin@contoso.com' },
    });
    expect(r.status).to.equal(200);
    expect(shapeDiff(recorded, r.json, [])).to.deep.equal([]);
    expect(r.json['@odata.context']).to.equal(`${sim.graphUrl}/v1.0/$metadata#security/incidents/$entity`);
    expect(r.json.lastModifiedBy).to.equal(`API-App:${sim.tenants[0]!.apps[0]!.displayName}`);
  });

  it('POST …/alerts_v2/{id}/comments answers like graph-alert-comments-post-response.json', async () => {
    const recorded = fixture('graph-alert-comments-post-response.json');
    const id = alerts[0].id;
    const r = await call(sim, 'POST', `${sim.graphUrl}/v1.0/security/alerts_v2/${id}/comments`, {
      headers: { Authorization: `Bearer ${graphToken}` }, body: { '@odata.type': 'microsoft.graph.security.alertComment', comment: 'Demo for docs' },
    });
    expect(r.status).to.equal(200);
    expect(Object.keys(r.json)).to.deep.equal(Object.keys(recorded));
    expect(r.json['@odata.context']).to.equal(`${sim.graphUrl}/v1.0/$metadata#security/alerts_v2('${id}')/comments`);
    const last = r.json.value.at(-1);
    expect(shapeDiff(recorded.value[0], last, [])).to.deep.equal([]);
    expect(last.comment).to.equal('Demo for docs');
    expect(last.createdDateTime).to.match(/\.\d{7}Z$/);
  });

  it('GET /api/alerts?$expand=evidence matches mde-alert.json (PascalCase, flat evidence)', async () => {
    const recorded = fixture('mde-alert.json');
    const mdeToken = await token(sim, 'mde');
    const r = await call(sim, 'GET', `${sim.mdeUrl}/api/alerts?$top=200&$expand=evidence`, { headers: { Authorization: `Bearer ${mdeToken}` } });
    expect(r.status).to.equal(200);
    expect(r.json['@odata.context']).to.equal(`${sim.mdeUrl}/api/$metadata#Alerts`);
    const rec = recorded.value[0];
    for (const a of r.json.value) {
      expect(shapeDiff({ ...rec, evidence: [] }, { ...a, evidence: [] }, [])).to.deep.equal([]);
      expect(['Unknown', 'New', 'InProgress', 'Resolved']).to.include(a.status);
      expect(['UnSpecified', 'Informational', 'Low', 'Medium', 'High']).to.include(a.severity);
      for (const e of a.evidence) expect(Object.keys(e)).to.have.members(Object.keys(rec.evidence[0]));
    }
    const types = new Set(r.json.value.flatMap((a: any) => a.evidence.map((e: any) => e.entityType)));
    for (const e of rec.evidence) expect(types).to.include(e.entityType);
    const plain = await call(sim, 'GET', `${sim.mdeUrl}/api/alerts?$top=5`, { headers: { Authorization: `Bearer ${mdeToken}` } });
    expect(plain.json.value.every((a: any) => Array.isArray(a.evidence) && a.evidence.length === 0)).to.equal(true);
  });

  describe('error bodies equal errors.json', () => {
    it('$top=51 on incidents and $top=2001 on alerts_v2: Graph 400 with the exact message', async () => {
      const rec = errors.graph['400_top_exceeded_incidents'];
      const r = await graphGet(sim, '/security/incidents?$top=51', graphToken);
      expect(r.status).to.equal(400);
      expectGraphErrorShape(r.json, rec.body);
      expect(r.json.error.code).to.equal('BadRequest');
      expect(r.json.error.message).to.equal("The limit of '50' for Top query has been exceeded. The value from the incoming request is '51'.");
      const big = await graphGet(sim, '/security/incidents?$top=1000', graphToken);
      expect(big.json.error.message).to.equal(rec.body.error.message);
      const a = await graphGet(sim, '/security/alerts_v2?$top=2001', graphToken);
      expect(a.status).to.equal(400);
      expect(a.json.error.message).to.equal("The limit of '2000' for Top query has been exceeded. The value from the incoming request is '2001'.");
    });

    it('Graph 403 names the missing roles exactly like the recorded bodies', async () => {
      const noRoles = await token(sim, 'graph', 2);
      for (const [path, key] of [['/security/incidents', '403_missing_roles_incidents'], ['/security/alerts_v2', '403_missing_roles_alerts_v2']] as const) {
        const r = await graphGet(sim, path, noRoles);
        expect(r.status).to.equal(403);
        expectGraphErrorShape(r.json, errors.graph[key].body);
        expect(r.json.error.code).to.equal('Forbidden');
        expect(r.json.error.message).to.equal(errors.graph[key].body.error.message);
      }
    });

    it('Graph 401 for a token of another resource, and 404 for an unknown incident', async () => {
      const mdeToken = await token(sim, 'mde');
      const r = await graphGet(sim, '/security/incidents', mdeToken);
      expect(r.status).to.equal(401);
      expectGraphErrorShape(r.json, errors.graph['401_invalid_audience'].body);
      expect(r.json.error).to.include({ code: 'InvalidAuthenticationToken', message: 'Access token validation failure. Invalid audience.' });
      const nf = await graphGet(sim, '/security/incidents/999999999', graphToken);
      expect(nf.status).to.equal(404);
      expectGraphErrorShape(nf.json, errors.graph['404_not_found'].body);
      expect(nf.json.error).to.include({ code: 'NotFound', message: 'Resource not found.' });
    });

    it('MDE 404 ResourceNotFound and 400 InvalidRequestBody', async () => {
      const mdeToken = await token(sim, 'mde');
      const id = 'da637472900382838869_1364969609';
      const r = await call(sim, 'GET', `${sim.mdeUrl}/api/alerts/${id}`, { headers: { Authorization: `Bearer ${mdeToken}` } });
      expect(r.status).to.equal(404);
      expect(Object.keys(r.json.error)).to.deep.equal(Object.keys(errors.mde['404_resource_not_found'].body.error));
      expect(r.json.error).to.include({ code: 'ResourceNotFound', message: errors.mde['404_resource_not_found'].body.error.message });
      const existing = sim.data.tenant().mdeAlerts.idAt(0);
      const bad = await call(sim, 'PATCH', `${sim.mdeUrl}/api/alerts/${existing}`, { headers: { Authorization: `Bearer ${mdeToken}` }, body: { Status: 'Resolved' } });
      expect(bad.status).to.equal(400);
      expect(bad.json.error.code).to.equal('InvalidRequestBody');
      expect(bad.json.error.message).to.match(/^Request body is incorrect/);
      expect(bad.json.error.target).to.match(/^[0-9a-f-]{36}$/);
    });

    it('Entra wrong secret: 401 invalid_client AADSTS7000215 in the recorded shape', async () => {
      const rec = errors.entra_token_endpoint['401_invalid_client_secret'];
      const tenant = sim.tenants[0]!;
      const r = await call(sim, 'POST', `${sim.loginUrl}/${tenant.tenantId}/oauth2/v2.0/token`, {
        form: { grant_type: 'client_credentials', client_id: tenant.apps[0]!.clientId, client_secret: 'wrong', scope: sim.scopes.graph },
      });
      expect(r.status).to.equal(rec.status);
      expect(r.headers['content-type']).to.equal(rec.headers['Content-Type']);
      expect(Object.keys(r.json)).to.deep.equal(Object.keys(rec.body));
      expect(r.json.error).to.equal('invalid_client');
      expect(r.json.error_codes).to.deep.equal([7000215]);
      expect(r.json.error_description.startsWith(rec.body.error_description)).to.equal(true);
      expect(r.json.timestamp).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
      expect(r.text).to.not.include('wrong');
    });

    it('Entra token success has the recorded 200 shape', async () => {
      const rec = errors.entra_token_endpoint['200_client_credentials'];
      const tenant = sim.tenants[0]!;
      const r = await call(sim, 'POST', `${sim.loginUrl}/${tenant.tenantId}/oauth2/v2.0/token`, {
        form: { grant_type: 'client_credentials', client_id: tenant.apps[0]!.clientId, client_secret: tenant.apps[0]!.clientSecret!, scope: sim.scopes.graph },
      });
      expect(r.status).to.equal(200);
      expect(Object.keys(r.json)).to.have.members(Object.keys(rec.body));
      expect(r.json).to.include({ token_type: 'Bearer', expires_in: 3599 });
    });
  });
});
