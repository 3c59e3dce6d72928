// The defender_sync_update alert action through its packaged launcher, as splunkd's sendmodalert runs it,
// against the Defender simulator (issue 5, acceptance 1 and 3).
import { expect } from 'chai';
import { addAccount, startWorld, type World } from '../helpers/world';

type Row = Record<string, string | readonly string[]>;

const ids = (w: World, kind: 'incidents' | 'alerts' | 'mdeAlerts', from: number, n: number): string[] => {
  const c = w.sim.data.tenant()[kind];
  return Array.from({ length: n }, (_, i) => c.idAt(from + i));
};

function events(w: World, sourcetype: string): Array<Record<string, unknown>> {
  return w.splunkd.events.search({ sourcetype }).map((e) => JSON.parse(e._raw) as Record<string, unknown>);
}

describe('alert action defender_sync_update (packaged, against the simulator)', function () {
  this.timeout(240_000);
  let w: World;

  before(async () => {
    w = await startWorld({ simulator: { incidents: 400, mdeAlerts: 300 } });
    await addAccount(w, 'prod');
  });
  after(async () => w?.stop());
  beforeEach(() => w.splunkd.events.clear());

  it('updates 1000 mixed rows once each, reports every row, re-ingests the new state', async () => {
    const incidents = ids(w, 'incidents', 0, 300);
    const alerts = ids(w, 'alerts', 0, 330);
    const mde = ids(w, 'mdeAlerts', 0, 300);
    const rows: Row[] = [
      ...incidents.map((id) => ({ sourcetype: 'ms365:defender:incident', id, alertIds: w.sim.data.alertIdsOf(id) })),
      ...alerts.slice(0, 200).map((id) => ({ sourcetype: 'ms365:defender:alert', id })),
      ...alerts.slice(200).map((id) => ({ sourcetype: 'ms365:defender:incident:alerts', id })),
      ...mde.slice(0, 320).map((id) => ({ sourcetype: 'ms:defender:atp:alerts', id })),
    ];
    // 30 duplicates and 20 bad rows: 300 + 330 + 300 + 30 + 20 = 980 → pad with more duplicates to 1000.
    const dupes = [...rows.slice(0, 10), ...rows.slice(400, 410), ...rows.slice(700, 710)];
    const bad: Row[] = [
      ...['../1', '1%2F2', '1?$top=1', '１２', ''].map((id) => ({ sourcetype: 'ms365:defender:incident', id })),
      ...['a/../b', 'x y', 'é1', '..', '%00'].map((id) => ({ sourcetype: 'ms365:defender:alert', id })),
      ...['a#b', 'a\\b', '<script>', 'a;b', 'a\nb'].map((id) => ({ sourcetype: 'ms:defender:atp:alerts', id })),
      ...['1', '2', '3', '4', '5'].map((id) => ({ sourcetype: 'syslog', id })),
    ];
    const all = [...rows, ...dupes, ...bad, ...rows.slice(100, 120)];
    expect(all).to.have.length(1000);
    const before = new Map(incidents.map((id) => [id, (w.sim.data.get('incident', id)?.comments as unknown[]).length]));
    const firstRequest = w.sim.requestLog.length;

    const r = await w.splunkd.runAlertAction({
      action: 'defender_sync_update',
      user: 'admin',
      rows: all,
      configuration: {
        account: 'prod',
        target: 'auto',
        status: 'resolved',
        classification: 'truePositive',
        determination: 'malware',
        comment: 'Contained by the SOC; closed from Splunk.',
        add_tags: 'splunk',
        index: 'defender',
      },
    });
    expect(r.exitCode, JSON.stringify(r.stderr.slice(-5))).to.equal(3);

    for (const id of incidents) {
      const incident = w.sim.data.get('incident', id) as Record<string, unknown>;
      expect(incident.status, id).to.equal('resolved');
      expect(incident.classification).to.equal('truePositive');
      expect(incident.determination).to.equal('malware');
      expect(incident.customTags).to.include('splunk');
      expect((incident.comments as unknown[]).length, `comments on ${id}`).to.equal((before.get(id) as number) + 1);
    }
    for (const id of alerts) expect((w.sim.data.get('alert', id) as Record<string, unknown>).status, id).to.equal('resolved');
    for (const id of mde) expect((w.sim.data.get('mdeAlert', id) as Record<string, unknown>).status, id).to.equal('Resolved');

    // Batched: Graph $batch of 20 per phase (read tags 300, comment 630, update 630 items), one MDE batchUpdate
    // for the 300 legacy alerts plus one read-back list call.
    const requests = w.sim.requestLog.slice(firstRequest).filter((q) => q.api !== 'token');
    const batches = requests.filter((q) => q.path.endsWith('/$batch'));
    expect(batches.map((q) => q.batchItems ?? 0).reduce((a, b) => a + b, 0)).to.equal(300 + 630 + 630);
    expect(batches).to.have.length(15 + 32 + 32);
    expect(batches.every((q) => (q.batchItems ?? 0) <= 20)).to.equal(true);
    expect(requests.filter((q) => q.path.endsWith('/api/alerts/batchUpdate'))).to.have.length(1);
    expect(requests.filter((q) => q.method === 'GET' && q.path.endsWith('/api/alerts'))).to.have.length(1);
    expect(requests).to.have.length(15 + 32 + 32 + 2);

    const outcomes = events(w, 'defender_sync:action');
    expect(outcomes).to.have.length(1000);
    const byResult = (res: string) => outcomes.filter((o) => o.result === res).length;
    expect([byResult('success'), byResult('invalid'), byResult('failure')]).to.deep.equal([980, 20, 0]);
    expect(outcomes.filter((o) => o.duplicate_of !== undefined)).to.have.length(50);
    expect(events(w, 'ms365:defender:incident')).to.have.length(300);
    expect(events(w, 'ms365:defender:alert')).to.have.length(200);
    expect(events(w, 'ms365:defender:incident:alerts')).to.have.length(130);
    expect(events(w, 'ms:defender:atp:alerts')).to.have.length(300);
    const refreshed = events(w, 'ms365:defender:incident').find((e) => e.id === incidents[0]);
    expect(refreshed?.status).to.equal('resolved');
    expect(refreshed?.alertIds).to.deep.equal(w.sim.data.alertIdsOf(incidents[0] as string));
  });

  it('never puts a hostile id in a URL path', async () => {
    const hostile = ['../../v1.0/security/alerts_v2', '%2e%2e%2f', '1?x=1', 'a/b', '٣', 'a%00b'];
    const r = await w.splunkd.runAlertAction({
      action: 'defender_sync_update',
      user: 'admin',
      rows: hostile.map((id) => ({ sourcetype: 'ms365:defender:alert', id })),
      configuration: { account: 'prod', status: 'resolved' },
    });
    expect(r.exitCode).to.equal(3);
    const paths = w.sim.requestLog.map((q) => q.path);
    for (const id of hostile) expect(paths.some((p) => p.includes(id) || p.includes(encodeURIComponent(id)))).to.equal(false);
    const outcomes = events(w, 'defender_sync:action');
    expect(outcomes.map((o) => o.result)).to.deep.equal(hostile.map(() => 'invalid'));
    expect(outcomes[0]?.error).to.equal("'../../v1.0/security/alerts_v2' is not an alert id (letters, digits, '_' and '-' only)");
  });

  it('adds and removes tags against the current list, comments, and unassigns', async () => {
    const [id] = ids(w, 'incidents', 350, 1) as [string];
    const alertId = ids(w, 'alerts', 900, 1)[0] as string;
    await w.splunkd.runAlertAction({
      action: 'defender_sync_update',
      user: 'admin',
      rows: [{ sourcetype: 'ms365:defender:incident', id }],
      configuration: { account: 'prod', add_tags: 'keep,drop', assigned_to: 'analyst@contoso.com' },
    });
    const r = await w.splunkd.runAlertAction({
      action: 'defender_sync_update',
      user: 'admin',
      rows: [
        { sourcetype: 'ms365:defender:incident', id },
        { sourcetype: 'ms365:defender:alert', id: alertId },
      ],
      configuration: { account: 'prod', add_tags: 'new', remove_tags: 'drop', assigned_to: '(unassign)', comment: 'second look' },
    });
    expect(r.exitCode, JSON.stringify(r.stderr)).to.equal(0);
    const incident = w.sim.data.get('incident', id) as Record<string, unknown>;
    expect(incident.customTags).to.include.members(['keep', 'new']);
    expect(incident.customTags).not.to.include('drop');
    expect(incident.assignedTo).to.equal(null);
    expect((incident.comments as Array<{ comment: string }>).at(-1)?.comment).to.equal('second look');
    const alert = w.sim.data.get('alert', alertId) as Record<string, unknown>;
    expect(alert.assignedTo).to.equal(null);
    expect((alert.comments as Array<{ comment: string }>).at(-1)?.comment).to.equal('second look');
    const outcome = events(w, 'defender_sync:action').find((o) => o.id === alertId);
    expect(outcome?.notes).to.deep.equal(['tags apply to incidents only; not changed on this alert']);
  });

  it('refuses a bad configuration, reports every row and sends nothing', async () => {
    const sent = w.sim.requestLog.length;
    const r = await w.splunkd.runAlertAction({
      action: 'defender_sync_update',
      user: 'admin',
      rows: [{ sourcetype: 'ms365:defender:incident', id: '1' }],
      configuration: { account: 'prod', classification: 'falsePositive', determination: 'malware' },
    });
    expect(r.exitCode).to.equal(2);
    expect(w.sim.requestLog.length).to.equal(sent);
    const [outcome] = events(w, 'defender_sync:action');
    expect(outcome?.result).to.equal('invalid');
    expect(outcome?.error).to.equal("determination 'malware' does not fit classification 'falsePositive': use one of notMalicious, notEnoughDataToValidate, other");
    expect(r.stderr.map((l) => l.level)).to.include('ERROR');
  });
});
