// Acceptance 4: Graph listing semantics — $filter/$orderby/$skip/nextLink incl. 7-digit times and
// ties, the Prefer header, live changes between pages — plus PATCH and comment rules.
import { expect } from 'chai';
import { startSimulator, type Simulator } from '../../sandbox/simulator';
import { call, graphGet, token, type Reply } from './helpers';

const PREFER = { Prefer: 'include-unknown-enum-members' };
/** Graph prints some times short (`…08.77Z`); compare them at 7 digits. */
const seven = (t: string) => t.replace(/(?:\.(\d+))?Z$/, (_, f: string | undefined) => `.${(f ?? '').padEnd(7, '0')}Z`);
const q = (s: string) => encodeURIComponent(s);

describe('simulator Graph API', () => {
  let sim: Simulator;
  let bearer: string;
  const get = (path: string, headers: Record<string, string> = PREFER) => graphGet(sim, path, bearer, headers);
  const patch = (path: string, body: unknown) => call(sim, 'PATCH', `${sim.graphUrl}/v1.0${path}`, { headers: { Authorization: `Bearer ${bearer}` }, body });
  const post = (path: string, body: unknown) => call(sim, 'POST', `${sim.graphUrl}/v1.0${path}`, { headers: { Authorization: `Bearer ${bearer}` }, body });

  /** Follows nextLinks from `first`, returning every page. */
  async function allPages(first: string): Promise<Reply[]> {
    const pages = [await get(first)];
    for (let link = pages[0]!.json['@odata.nextLink']; link; link = pages.at(-1)!.json['@odata.nextLink']) {
      pages.push(await call(sim, 'GET', link, { headers: { Authorization: `Bearer ${bearer}`, ...PREFER } }));
    }
    return pages;
  }

  beforeEach(async () => {
    sim = await startSimulator({ seed: 5, incidents: 300, rateLimits: false, dataEnd: '2026-11-01T00:00:00Z' });
    bearer = await token(sim);
  });
  afterEach(() => sim.stop());

  describe('listing', () => {
    it('defaults to 50 incidents, most recently created first, with an absolute $skip nextLink', async () => {
      const r = await get('/security/incidents');
      expect(r.status).to.equal(200);
      expect(r.headers['content-type']).to.match(/^application\/json/);
      const created = r.json.value.map((i: any) => i.createdDateTime);
      expect(created).to.have.length(50);
      expect([...created].sort().reverse()).to.deep.equal(created);
      expect(r.json['@odata.nextLink']).to.equal(`${sim.graphUrl}/v1.0/security/incidents?$skip=50`);
      expect(Object.keys(r.json)).to.deep.equal(['@odata.context', '@odata.nextLink', 'value']);
    });

    it('defaults to 2000 alerts per page and honours $top, $skip and $count', async () => {
      const total = sim.data.counts().alerts;
      const r = await get('/security/alerts_v2?$count=true');
      expect(r.json.value).to.have.length(Math.min(2000, total));
      expect(r.json['@odata.count']).to.equal(total);
      const a = await get('/security/alerts_v2?$top=7&$skip=3&$orderby=createdDateTime asc');
      const b = await get('/security/alerts_v2?$top=10&$orderby=createdDateTime asc');
      expect(a.json.value.map((x: any) => x.id)).to.deep.equal(b.json.value.slice(3).map((x: any) => x.id));
    });

    it('pages ascending by lastUpdateDateTime through a tie group larger than a page, each record once', async () => {
      const t = sim.data.tenant();
      const tl = t.graph.incidentTimeline;
      const counts = new Map<number, number>();
      for (let i = 0; i < 300; i++) counts.set(tl.updated(i), (counts.get(tl.updated(i)) ?? 0) + 1);
      const [tieTicks] = [...counts.entries()].find(([, n]) => n > 50)!;
      const tieIndex = Array.from({ length: 300 }, (_, i) => i).find((i) => tl.updated(i) === tieTicks)!;
      const tieTime = t.graph.incident(tieIndex).lastUpdateDateTime as string;
      const pages = await allPages(`/security/incidents?$filter=${q(`lastUpdateDateTime ge ${tieTime}`)}&$orderby=lastUpdateDateTime asc`);
      const ids = pages.flatMap((p) => p.json.value.map((i: any) => i.id));
      expect(new Set(ids).size).to.equal(ids.length);
      expect(ids).to.have.length(300 - tieIndex);
      const times = pages.flatMap((p) => p.json.value.map((i: any) => i.lastUpdateDateTime));
      expect(times.filter((x: string) => x === tieTime).length).to.be.greaterThan(50);
      expect(pages[1]!.json.value[0].lastUpdateDateTime).to.equal(tieTime);
      expect(pages.at(-1)!.json['@odata.nextLink']).to.equal(undefined);
      expect(new URL(pages[1]!.json['@odata.nextLink'] ?? pages[0]!.json['@odata.nextLink']).searchParams.get('$filter')).to.equal(`lastUpdateDateTime ge ${tieTime}`);
    });

    it('compares at 100 ns: ge includes the exact time, gt excludes it, one tick earlier includes it', async () => {
      const inc = sim.data.tenant().graph.incident(150);
      const time = inc.lastUpdateDateTime as string;
      const ids = async (f: string) => (await get(`/security/incidents?$top=50&$orderby=lastUpdateDateTime asc&$filter=${q(f)}`)).json.value.map((i: any) => i.id);
      expect(await ids(`lastUpdateDateTime ge ${time}`)).to.include(inc.id);
      expect(await ids(`lastUpdateDateTime gt ${time}`)).to.not.include(inc.id);
      const ticks = /\.(\d+)Z$/.exec(time)![1]!.padEnd(7, '0');
      const earlier = time.replace(/\.\d+Z$/, `.${String(Number(ticks) - 1).padStart(7, '0')}Z`);
      expect(await ids(`lastUpdateDateTime gt ${earlier}`)).to.include(inc.id);
      expect(await ids(`lastUpdateDateTime eq ${time} and status eq '${inc.status}'`)).to.include(inc.id);
    });

    it('orders descending and combines time ranges with enum filters', async () => {
      const r = await get(`/security/alerts_v2?$orderby=lastUpdateDateTime desc&$top=300&$filter=${q("severity eq 'high' and (status eq 'new' or status eq 'inProgress')")}`);
      const v = r.json.value as any[];
      expect(v.length).to.be.greaterThan(10);
      expect(v.every((a) => a.severity === 'high' && ['new', 'inProgress'].includes(a.status))).to.equal(true);
      const times = v.map((a) => seven(a.lastUpdateDateTime));
      expect([...times].sort().reverse()).to.deep.equal(times);
    });

    it('answers bad query options with Graph 400s that say what is wrong', async () => {
      const cases: [string, RegExp][] = [
        [`/security/incidents?$filter=${q('displayName eq 1')}`, /^Invalid filter clause: The property 'displayName' cannot be used in the \$filter query option/],
        [`/security/incidents?$filter=${q("lastUpdateDateTime ge '2026-01-01'")}`, /^Invalid filter clause: A binary operator with incompatible types/],
        ['/security/incidents?$orderby=severity desc', /'severity desc' is not supported/],
        ['/security/alerts_v2?$expand=evidence', /not a navigation property/],
        ['/security/incidents?$expand=comments', /not a navigation property/],
        ['/security/incidents?$top=ten', /Invalid value 'ten' for \$top/],
        ['/security/incidents/abc', /Invalid incident id 'abc'/],
        ['/security/widgets', /Resource not found for the segment 'widgets'/],
      ];
      for (const [path, message] of cases) {
        const r = await get(path);
        expect(r.status, path).to.equal(400);
        expect(r.json.error.code).to.equal('BadRequest');
        expect(r.json.error.message, path).to.match(message);
      }
      expect((await get('/security/alerts_v2/da6375nope_1')).status).to.equal(404);
    });

    it('gets one incident with $expand=alerts, its /alerts, one alert, and $select', async () => {
      const id = sim.data.tenant().incidents.idAt(42);
      const alertIds = sim.data.alertIdsOf(id);
      const one = await get(`/security/incidents/${id}?$expand=alerts`);
      expect(one.json['@odata.context']).to.match(/#security\/incidents\(alerts\(\)\)\/\$entity$/);
      expect(one.json.alerts.map((a: any) => a.id)).to.deep.equal(alertIds);
      const keyed = await get(`/security/incidents('${id}')`);
      expect(keyed.json.id).to.equal(id);
      expect(keyed.json.alerts).to.equal(undefined);
      const sub = await get(`/security/incidents/${id}/alerts`);
      expect(sub.json.value.map((a: any) => a.id)).to.deep.equal(alertIds);
      const alert = await get(`/security/alerts_v2/${alertIds[0]}`);
      expect(alert.json).to.include({ id: alertIds[0], incidentId: id, '@odata.type': '#microsoft.graph.security.alert' });
      const sel = await get('/security/incidents?$top=2&$select=id,status');
      expect(Object.keys(sel.json.value[0])).to.deep.equal(['@odata.type', 'id', 'status']);
    });
  });

  describe('Prefer: include-unknown-enum-members', () => {
    it('shows evolvable members only with the header, everywhere they occur', async () => {
      const t = sim.data.tenant();
      const [incident] = t.create('incident', { count: 1 });
      t.updateIncident(incident!, { status: 'awaitingAction' }, 'test');
      const alert = Array.from({ length: 2000 }, (_, j) => t.graph.alert(j)).find((a) => a.serviceSource === 'microsoftDefenderForCloud')!;
      const withHeader = await get(`/security/incidents/${incident}`);
      const without = await get(`/security/incidents/${incident}`, {});
      expect(withHeader.json.status).to.equal('awaitingAction');
      expect(without.json.status).to.equal('unknownFutureValue');
      expect((await get(`/security/alerts_v2/${alert.id}`)).json.serviceSource).to.equal('microsoftDefenderForCloud');
      const hidden = (await get(`/security/alerts_v2/${alert.id}`, {})).json;
      expect(hidden.serviceSource).to.equal('unknownFutureValue');
      const all = (await get('/security/alerts_v2?$top=2000', {})).json.value as any[];
      const allWith = (await get('/security/alerts_v2?$top=2000')).json.value as any[];
      expect(all.some((a) => a.evidence.some((e: any) => e.remediationStatus === 'unknownFutureValue'))).to.equal(true);
      expect(allWith.some((a) => a.evidence.some((e: any) => ['active', 'pendingApproval', 'unremediated'].includes(e.remediationStatus)))).to.equal(true);
      expect(all.some((a) => a.detectionSource === 'unknownFutureValue')).to.equal(true);
    });

    it('filters on evolvable members only with the header', async () => {
      const f = `/security/alerts_v2?$top=2000&$filter=${q("serviceSource eq 'microsoftDefenderForCloud'")}`;
      const ok = await get(f);
      expect(ok.status).to.equal(200);
      expect(ok.json.value.length).to.be.greaterThan(0);
      expect(ok.json.value.every((a: any) => a.serviceSource === 'microsoftDefenderForCloud')).to.equal(true);
      const refused = await get(f, {});
      expect(refused.status).to.equal(400);
      expect(refused.json.error.message).to.match(/Prefer: include-unknown-enum-members/);
      const seenAsUnknown = await get(`/security/alerts_v2?$top=2000&$filter=${q("serviceSource eq 'unknownFutureValue'")}`, {});
      expect(seenAsUnknown.json.value.length).to.be.at.least(ok.json.value.length);
    });
  });

  describe('live changes', () => {
    it('a mutated record moves to the end of an ascending listing', async () => {
      const list = async () => (await allPages('/security/incidents?$orderby=lastUpdateDateTime asc&$top=50')).flatMap((p) => p.json.value.map((i: any) => i.id));
      const before = await list();
      sim.data.mutate({ kind: 'incident', ids: [before[0]] });
      const after = await list();
      expect(after).to.have.length(before.length);
      expect(after.at(-1)).to.equal(before[0]);
      expect(after.slice(0, -1)).to.deep.equal(before.slice(1));
    });

    it('a scheduled mutation between two pages shifts the offset-paged listing (a record is skipped)', async () => {
      const url = '/security/incidents?$orderby=lastUpdateDateTime asc&$top=10';
      const full = (await get('/security/incidents?$orderby=lastUpdateDateTime asc&$top=20')).json.value.map((i: any) => i.id);
      let fired: string[] = [];
      sim.data.scheduleMutation({ afterRequests: 1, api: 'graph', path: '/security/incidents', kind: 'incident', ids: [full[0]], onFired: (ids) => { fired = ids; } });
      const page1 = await get(url);
      expect(fired).to.deep.equal([full[0]]);
      const page2 = await call(sim, 'GET', page1.json['@odata.nextLink'], { headers: { Authorization: `Bearer ${bearer}` } });
      const seen = [...page1.json.value, ...page2.json.value].map((i: any) => i.id);
      expect(seen.slice(0, 10)).to.deep.equal(full.slice(0, 10));
      expect(seen.slice(10)).to.deep.equal(full.slice(11, 20).concat(page2.json.value.at(-1).id));
      expect(seen).to.not.include(full[10]);
    });

    it('onRequest hooks run before each API request is answered', async () => {
      const id = sim.data.tenant().incidents.idAt(7);
      const seen: string[] = [];
      const off = sim.onRequest(({ api, path }) => {
        seen.push(`${api} ${path}`);
        if (api === 'graph') sim.data.mutate({ kind: 'incident', ids: [id] });
      });
      const r = await get(`/security/incidents/${id}`);
      off();
      expect(seen).to.deep.equal([`graph /graph/v1.0/security/incidents/${id}`]);
      expect(r.json.lastUpdateDateTime).to.equal(sim.data.get('incident', id)!.lastUpdateDateTime);
      await get(`/security/incidents/${id}`);
      expect(seen).to.have.length(1);
    });

    it('created records appear at the end of both orders; merges redirect and move alerts', async () => {
      const [created] = sim.data.create({ kind: 'incident', count: 1 });
      const byCreated = await get('/security/incidents?$top=1');
      expect(byCreated.json.value[0].id).to.equal(created);
      const t = sim.data.tenant();
      const [from, into] = [t.incidents.idAt(1), t.incidents.idAt(2)];
      const moving = sim.data.alertIdsOf(from);
      sim.data.merge(from, into);
      const merged = (await get(`/security/incidents/${from}`)).json;
      expect(merged).to.include({ status: 'redirected', redirectIncidentId: into });
      const target = (await get(`/security/incidents/${into}?$expand=alerts`)).json;
      expect(target.alerts.map((a: any) => a.id)).to.include.members(moving);
    });
  });

  describe('PATCH and comments', () => {
    it('updates an incident: 200 with the full incident, bumped lastUpdateDateTime and lastModifiedBy', async () => {
      const id = sim.data.tenant().incidents.idAt(10);
      const before = sim.data.get('incident', id)!;
      const r = await patch(`/security/incidents/${id}`, {
        status: 'resolved', classification: 'truePositive', determination: 'malware', assignedTo: 'mei.chen@contoso.com',
        customTags: ['Escalated', 'ランサム'], resolvingComment: 'Contained', summary: 'Summary', severity: 'high', displayName: 'Renamed', description: null,
      });
      expect(r.status).to.equal(200);
      expect(r.json).to.include({ id, status: 'resolved', classification: 'truePositive', determination: 'malware', assignedTo: 'mei.chen@contoso.com', resolvingComment: 'Contained', description: null });
      expect(r.json.customTags).to.deep.equal(['Escalated', 'ランサム']);
      expect(r.json.lastUpdateDateTime > (before.lastUpdateDateTime as string)).to.equal(true);
      expect(r.json.lastUpdateDateTime).to.match(/\.\d{7}Z$/);
      expect(r.json.lastModifiedBy).to.equal('API-App:Defender Sync');
      expect((await patch(`/security/incidents/${id}`, { assignedTo: null })).json.assignedTo).to.equal(null);
    });

    it('refuses what the 2026 update page does not allow, saying why', async () => {
      const id = sim.data.tenant().incidents.idAt(11);
      const cases: [unknown, RegExp][] = [
        [{ status: 'inProgress' }, /Invalid value 'inProgress' for property 'status'. Allowed values: active, resolved, redirected/],
        [{ status: 'awaitingAction' }, /Allowed values: active, resolved, redirected/],
        [{ status: 'sleeping' }, /Requested value 'sleeping' was not found/],
        [{ colour: 'red' }, /The property 'colour' does not exist on type 'microsoft.graph.security.incident'/],
        [{ lastUpdateDateTime: '2020-01-01T00:00:00Z' }, /'lastUpdateDateTime' is read-only/],
        [{ classification: 'falsePositive', determination: 'malware' }, /Determination 'malware' does not fit classification 'falsePositive'/],
        [{ customTags: 'Demo' }, /expected an array of strings/],
        [{ assignedTo: 42 }, /expected a string or null/],
        ['not json', /Unable to read JSON request payload/],
      ];
      for (const [body, message] of cases) {
        const r = await patch(`/security/incidents/${id}`, body);
        expect(r.status, JSON.stringify(body)).to.equal(400);
        expect(r.json.error.message, JSON.stringify(body)).to.match(message);
      }
      expect((await patch('/security/incidents/999999999', { status: 'active' })).status).to.equal(404);
    });

    it('updates an alert: allowed statuses, resolvedDateTime, and bumps its incident', async () => {
      const t = sim.data.tenant();
      const alertId = Array.from({ length: 50 }, (_, k) => t.alerts.idAt(k)).find((id) => t.alerts.get(id)!.status !== 'resolved')!;
      const incidentId = t.alerts.get(alertId)!.incidentId as string;
      const r = await patch(`/security/alerts_v2/${alertId}`, { status: 'resolved', classification: 'informationalExpectedActivity', determination: 'securityTesting', assignedTo: 'soc@contoso.com' });
      expect(r.status).to.equal(200);
      expect(r.json).to.include({ status: 'resolved', determination: 'securityTesting', resolvedDateTime: r.json.lastUpdateDateTime });
      expect(sim.data.get('incident', incidentId)!.lastUpdateDateTime).to.equal(r.json.lastUpdateDateTime);
      expect((await patch(`/security/alerts_v2/${alertId}`, { status: 'active' })).status).to.equal(400);
      expect((await patch(`/security/alerts_v2/${alertId}`, { title: 'x' })).json.error.message).to.match(/'title' is read-only/);
    });

    it('appends comments on incidents and alerts: 200 with all comments, authored by the app', async () => {
      const id = sim.data.tenant().incidents.idAt(12);
      const before = (sim.data.get('incident', id)!.comments as unknown[]).length;
      const body = { '@odata.type': 'microsoft.graph.security.alertComment', comment: 'Escalated — نشاط 🚨' };
      const r = await post(`/security/incidents/${id}/comments`, body);
      expect(r.status).to.equal(200);
      expect(r.json.value).to.have.length(before + 1);
      expect(r.json.value.at(-1)).to.include({ comment: 'Escalated — نشاط 🚨', createdByDisplayName: 'Defender Sync' });
      expect((await post(`/security/incidents/${id}/comments`, { comment: '' })).status).to.equal(400);
      expect((await post(`/security/incidents/${id}/comments`, { comment: 'x', author: 'me' })).status).to.equal(400);
    });
  });
});
