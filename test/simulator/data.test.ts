// The generated world: deterministic per seed, ordered by construction, and full of what
// breaks pipelines (every evidence type, unicode, control characters, huge fields, ties, merges).
import { expect } from 'chai';
import { manualClock } from '../../sandbox/simulator/clock';
import {
  alertClassification, alertDetermination, alertSeverity, alertStatus, detectionSource, incidentStatus, pairFits, serviceSource,
} from '../../sandbox/simulator/data/enums';
import { EVIDENCE_KINDS } from '../../sandbox/simulator/data/evidence';
import { MDE_EVIDENCE_KEYS } from '../../sandbox/simulator/data/mde-records';
import { TenantData } from '../../sandbox/simulator/data/tenant-data';
import { parseTimestamp, ticksFromMs } from '../../sandbox/simulator/time';

const DAY = 864_000_000_000;

function tenant(seed = 1, incidents = 400): TenantData {
  return new TenantData({
    seed, tenantId: 'b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c', incidents, alertsPerIncident: { min: 1, max: 6 }, mdeAlerts: 300,
    start: ticksFromMs(Date.UTC(2026, 9, 26)), span: 6 * DAY, clock: manualClock(Date.UTC(2026, 10, 1)),
  });
}

describe('simulator data generator', () => {
  const t = tenant();
  const incidents = Array.from({ length: t.graph.o.incidents }, (_, i) => t.graph.incident(i));
  const alerts = Array.from({ length: t.graph.alertCount }, (_, j) => t.graph.alert(j));
  const mde = Array.from({ length: 300 }, (_, j) => t.mde.alert(j));

  it('is deterministic: same seed, same bytes; another seed, other data', () => {
    const again = tenant();
    expect(JSON.stringify(again.graph.incident(17))).to.equal(JSON.stringify(incidents[17]));
    expect(JSON.stringify(again.graph.alert(123))).to.equal(JSON.stringify(alerts[123]));
    expect(JSON.stringify(again.mde.alert(9))).to.equal(JSON.stringify(mde[9]));
    expect(JSON.stringify(tenant(2).graph.incident(17))).to.not.equal(JSON.stringify(incidents[17]));
  });

  it('orders base records by lastUpdate and created time by construction', () => {
    for (const list of [incidents, alerts]) {
      for (let i = 1; i < list.length; i++) {
        expect(parseTimestamp(list[i]!.lastUpdateDateTime as string)!).to.be.at.least(parseTimestamp(list[i - 1]!.lastUpdateDateTime as string)!);
        expect(parseTimestamp(list[i]!.createdDateTime as string)!).to.be.above(parseTimestamp(list[i - 1]!.createdDateTime as string)!);
      }
    }
  });

  it('has tie groups, one larger than an incidents page (50)', () => {
    const counts = new Map<string, number>();
    for (const r of incidents) counts.set(r.lastUpdateDateTime as string, (counts.get(r.lastUpdateDateTime as string) ?? 0) + 1);
    const sizes = [...counts.values()].filter((n) => n > 1);
    expect(sizes.length).to.be.greaterThan(5);
    expect(Math.max(...sizes)).to.be.greaterThan(50);
  });

  it('prints 7 fractional digits, and Graph’s shorter forms on some records', () => {
    const forms = new Set(incidents.map((r) => /\.(\d+)Z$/.exec(r.lastUpdateDateTime as string)?.[1]?.length ?? 0));
    expect([...forms]).to.include.members([7, 1]);
    expect(incidents.every((r) => /\.\d{7}Z$/.test(r.createdDateTime as string))).to.equal(true);
  });

  it('uses every enum member a client must handle, with consistent classification/determination pairs', () => {
    const seen = (list: Record<string, unknown>[], key: string) => new Set(list.map((r) => r[key]));
    expect([...seen(incidents, 'status')]).to.have.members(incidentStatus.members.filter((m) => m !== 'unknownFutureValue'));
    expect([...seen(alerts, 'status')]).to.have.members(alertStatus.members.filter((m) => m !== 'unknownFutureValue'));
    expect([...seen(alerts, 'severity')]).to.have.members(alertSeverity.members.filter((m) => m !== 'unknownFutureValue'));
    expect([...seen(alerts, 'classification')]).to.have.members(alertClassification.members.filter((m) => m !== 'unknownFutureValue'));
    const determinations = seen([...alerts, ...incidents], 'determination');
    for (const d of determinations) expect(alertDetermination.members).to.include(d);
    expect(determinations.size).to.be.greaterThan(10);
    for (const r of [...alerts, ...incidents]) expect(pairFits(r.classification as string, r.determination as string), `${r.classification}/${r.determination}`).to.equal(true);
    const sources = seen(alerts, 'serviceSource');
    expect([...sources]).to.include.members(['microsoftDefenderForCloud', 'microsoftSentinel', 'microsoftDefenderForEndpoint', 'microsoftDefenderForOffice365']);
    for (const s of sources) expect(serviceSource.members).to.include(s);
    for (const d of seen(alerts, 'detectionSource')) expect(detectionSource.members).to.include(d);
  });

  it('covers every evidence subtype, including the fixtures’ and an unknown future one', () => {
    const types = new Set(alerts.flatMap((a) => (a.evidence as Record<string, unknown>[]).map((e) => e['@odata.type'])));
    // The 48 subtypes of defender-api.md §3.2, plus one unknown future subtype.
    const csdl = 'activeDirectoryDomain aiAgent amazonResource analyzedMessage azureResource blob blobContainer cloudApplication cloudLogonRequest cloudLogonSession container containerImage containerRegistry device dns file fileHash gitHubOrganization gitHubRepo gitHubUser googleCloudResource hostLogonSession ioTDevice ip kubernetesCluster kubernetesController kubernetesNamespace kubernetesPod kubernetesSecret kubernetesServiceAccount kubernetesService mailboxConfiguration mailbox mailCluster malware networkConnection nic oauthApplication process registryKey registryValue sasToken securityGroup servicePrincipal submissionMail teamsMessage url user'.split(' ');
    expect(csdl).to.have.length(48);
    expect([...EVIDENCE_KINDS]).to.have.members([...csdl, 'quantum']);
    for (const k of EVIDENCE_KINDS) expect(types, k).to.include(`#microsoft.graph.security.${k}Evidence`);
    expect(types).to.include('#microsoft.graph.security.quantumEvidence');
  });

  it('carries awkward text: CJK, emoji, combining marks, RTL, control characters, U+FFFE, >100 KB fields, nulls', () => {
    const all = JSON.stringify([incidents, alerts, mde]);
    for (const needle of ['可疑的', '🚨', 'e\u0301', 'نشاط', 'פעילות', '\\u0001', '\\u001f', '\\t', '\\r', '\uFFFE']) expect(all, needle).to.include(needle);
    expect(incidents.filter((r) => ((r.description as string | null)?.length ?? 0) > 100_000)).to.have.length(3);
    expect(alerts.filter((r) => (r.description as string).length > 100_000)).to.have.length(3);
    expect(incidents.some((r) => r.assignedTo === null) && incidents.some((r) => r.description === null)).to.equal(true);
  });

  it('has merged incidents: redirected with a redirectIncidentId', () => {
    const merged = incidents.filter((r) => r.status === 'redirected');
    expect(merged.length).to.be.greaterThan(3);
    for (const r of merged) expect(r.redirectIncidentId).to.match(/^\d+$/);
    expect(incidents.filter((r) => r.status !== 'redirected').every((r) => r.redirectIncidentId === null)).to.equal(true);
  });

  it('links alerts to their incident and keeps each alert at or before its incident’s lastUpdate', () => {
    for (let i = 0; i < 50; i++) {
      const ids = t.alertIdsOf(incidents[i]!.id as string);
      expect(ids.length).to.be.within(1, 6);
      for (const id of ids) {
        const a = t.alerts.get(id)!;
        expect(a.incidentId).to.equal(incidents[i]!.id);
        expect(parseTimestamp(a.lastUpdateDateTime as string)!).to.be.at.most(parseTimestamp(incidents[i]!.lastUpdateDateTime as string)!);
      }
    }
  });

  it('MDE alerts are PascalCase with flat evidence carrying every documented key', () => {
    expect(new Set(mde.map((r) => r.status))).to.have.keys('Unknown', 'New', 'InProgress', 'Resolved');
    expect(new Set(mde.map((r) => r.severity))).to.have.keys('UnSpecified', 'Informational', 'Low', 'Medium', 'High');
    const evidence = mde.flatMap((r) => r.evidence as Record<string, unknown>[]);
    expect(new Set(evidence.map((e) => e.entityType))).to.have.keys('User', 'Process', 'File', 'Ip', 'Url', 'Registry');
    for (const e of evidence) expect(Object.keys(e)).to.have.members([...MDE_EVIDENCE_KEYS]);
  });

  it('mutation gives a lastUpdate strictly greater than every record and bumps the alert’s incident', () => {
    const m = tenant();
    const before = Math.max(m.incidents.maxUpdated(), m.alerts.maxUpdated(), m.mdeAlerts.maxUpdated());
    const [alertId] = m.mutate('alert', { count: 1 });
    const a = m.alerts.get(alertId!)!;
    const after = parseTimestamp(a.lastUpdateDateTime as string)!;
    expect(after).to.be.above(before);
    expect(m.incidents.get(a.incidentId as string)!.lastUpdateDateTime).to.equal(a.lastUpdateDateTime);
    const [second] = m.mutate('incident', { count: 1 });
    expect(parseTimestamp(m.incidents.get(second!)!.lastUpdateDateTime as string)!).to.be.above(after);
  });

  it('merge redirects the source incident and moves its alerts', () => {
    const m = tenant();
    const [from, into] = [m.incidents.idAt(10), m.incidents.idAt(20)];
    const moved = m.alertIdsOf(from);
    const kept = m.alertIdsOf(into);
    m.merge(from, into);
    expect(m.incidents.get(from)).to.include({ status: 'redirected', redirectIncidentId: into });
    expect(m.alertIdsOf(from)).to.deep.equal([]);
    expect(m.alertIdsOf(into)).to.deep.equal([...kept, ...moved]);
    for (const id of moved) expect(m.alerts.get(id)!.incidentId).to.equal(into);
  });
});
