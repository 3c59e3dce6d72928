// Many tenants on one forwarder (issue 14): with [scheduler] single_instance = 1 the packaged launchers tell
// splunkd use_single_instance=true, and splunkd runs one process per scheme with every stanza. 50 tenants
// through three cycles while one tenant's secret is wrong and one tenant's login hangs, stanzas added and
// removed between cycles (splunkd restarts the process with the new set), then a kill -9 mid-cycle.
// Every version of every tenant's incidents arrives exactly once (the kill repeats at most a page).
import { expect } from 'chai';
import { SETTINGS_CONF } from '../../src/config/names';
import type { SingleInstanceInput } from '../../sandbox/splunkd';
import type { TenantSpec } from '../../sandbox/simulator/options';
import { addAccount, APP, simApp, startWorld, type World } from '../helpers/world';
import { data, pair, SCHEME, simRecords, sleep, ST, SUMMARY } from './support';

const TENANTS = 51; // t0…t49 configured at first; t50 added after cycle 1
const BIG = [0, 1, 2, 3]; // 120 incidents: three pages per catch-up, so a kill lands mid-run
const FAILS = 49; // wrong client secret
const HANGS = 48; // its token requests never get an answer
const REMOVED = 5; // its stanza is deleted after cycle 1
const ADDED = 50;
const WITH_ALERTS = [0, 1, 2, 3, 4]; // also an alerts_v2 stanza: a second scheme, a second process

const incidentStanza = (k: number) => `${SCHEME.incidents}://t${k}`;

describe('e2e: many tenants, one process per scheme', function () {
  this.timeout(120_000);
  let w: World;
  let incidents: SingleInstanceInput;
  let alerts: SingleInstanceInput;
  const tenantId = (k: number) => simApp(w, k, 0).tenantId;

  // Versions indexed per source, built incrementally (the checks run often while 50 tenants stream).
  const seen = new Map<string, string[]>();
  let indexed = 0;
  const refresh = () => {
    const all = w.splunkd.events.search({});
    for (; indexed < all.length; indexed++) {
      const e = all[indexed]!;
      if (e.sourcetype !== ST.incident && e.sourcetype !== ST.alert) continue;
      const d = data(e);
      const key = `${e.sourcetype}|${e.source}`;
      if (!seen.has(key)) seen.set(key, []);
      seen.get(key)!.push(pair(d.id, d.lastUpdateDateTime));
    }
  };
  const versions = (k: number, st: string = ST.incident): string[] => {
    refresh();
    return seen.get(`${st}|${st === ST.alert ? SCHEME.alerts : SCHEME.incidents}:${tenantId(k)}`) ?? [];
  };
  const current = (k: number, kind: 'incident' | 'alert' = 'incident') => simRecords(w, kind, tenantId(k)).map((r) => pair(r.id, r.lastUpdateDateTime));
  const covered = (k: number, kind: 'incident' | 'alert' = 'incident') => {
    const have = new Set(versions(k, kind === 'alert' ? ST.alert : ST.incident));
    return current(k, kind).every((p) => have.has(p));
  };
  const allCovered = (active: number[]) => () => active.every((k) => covered(k)) && WITH_ALERTS.every((k) => covered(k, 'alert'));
  /** Polls `check` (not on every event: 50 tenants' events arrive fast). */
  const until = async (check: () => boolean, timeoutMs: number, what: string) => {
    const end = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > end) throw new Error(`waited ${timeoutMs} ms for ${what}`);
      await sleep(250);
    }
  };
  const repeats = (list: string[]) => list.filter((p, i) => list.indexOf(p) !== i);
  const summaries = (input: SingleInstanceInput, name: string) =>
    input.stderr.map((l) => SUMMARY.exec(l.text) && l.text).filter((t): t is string => !!t && t.includes(` input=${name} `));

  let active = Array.from({ length: 50 }, (_, k) => k).filter((k) => k !== FAILS && k !== HANGS);
  const removedBefore = new Set<string>();

  before(async () => {
    const tenants: TenantSpec[] = Array.from({ length: TENANTS }, (_, k) => ({
      incidents: BIG.includes(k) ? 120 : 3,
      alertsPerIncident: { min: 1, max: 2 },
      mdeAlerts: 1,
    }));
    w = await startWorld({ simulator: { tenants } });
    // The run model is read by --scheme at splunkd start (here: the app reload that re-registers schemes).
    await w.admin.postConfStanza(SETTINGS_CONF, 'scheduler', { single_instance: '1', concurrency: '8' });
    await w.admin.post(`apps/local/${APP}/_reload`, {});
    for (let k = 0; k < TENANTS; k++) await addAccount(w, `t${k}`, { app: { tenant: k, app: 0 }, ...(k === FAILS ? { secret: 'wrong-secret-value' } : {}) });
    for (let k = 0; k < 50; k++)
      await w.admin.postConfStanza('inputs', incidentStanza(k), { account: `t${k}`, start_date: '2020-01-01', interval: '2' });
    for (const k of WITH_ALERTS) await w.admin.postConfStanza('inputs', `${SCHEME.alerts}://a${k}`, { account: `t${k}`, start_date: '2020-01-01', interval: '2' });
    w.sim.faults.add({ kind: 'stall', api: 'token', path: `/${tenantId(HANGS)}/`, ms: 300_000, count: 1_000 });
  });
  after(async () => w?.stop());

  it('registers the schemes single-instance and starts one process per scheme with every stanza', async () => {
    expect(w.splunkd.schemes.get(SCHEME.incidents)?.info.useSingleInstance).to.equal(true);
    expect(w.splunkd.schemes.get(SCHEME.alerts)?.info.useSingleInstance).to.equal(true);
    expect(() => w.splunkd.runInput({ scheme: SCHEME.incidents, stanza: 't0' })).to.throw(/single-instance/);
    incidents = w.splunkd.startSingleInstance(SCHEME.incidents);
    alerts = w.splunkd.startSingleInstance(SCHEME.alerts);
    expect(incidents.stanzas).to.have.length(50);
    expect(alerts.stanzas).to.have.length(WITH_ALERTS.length);
  });

  it('cycle 1: every tenant caught up while one fails and one hangs', async () => {
    await until(allCovered(active), 40_000, 'every tenant caught up');
    await until(allCovered(active), 20_000, 'alerts caught up');
    expect(incidents.launches).to.equal(1);
    // The wrong secret: one actionable ERROR per run, the run summarised as failed; nothing indexed.
    const bad = summaries(incidents, `t${FAILS}`);
    expect(bad.length).to.be.at.least(1);
    for (const line of bad) expect(line).to.match(/ status=failed error_code=\S+/);
    expect(incidents.stderr.some((l) => l.level === 'ERROR' && /t49/.test(l.text) && /AADSTS7000215/.test(l.text))).to.equal(true);
    expect(versions(FAILS)).to.deep.equal([]);
    // The hung tenant has not finished a run (its login never answers) and held only its own slot.
    expect(summaries(incidents, `t${HANGS}`)).to.deep.equal([]);
    expect(versions(HANGS)).to.deep.equal([]);
  });

  it('cycle 2: a stanza added and one removed (splunkd restarts the process), changes in every tenant', async () => {
    for (const v of current(REMOVED)) removedBefore.add(v);
    await w.admin.deleteConfStanza('inputs', incidentStanza(REMOVED));
    await w.admin.postConfStanza('inputs', incidentStanza(ADDED), { account: `t${ADDED}`, start_date: '2020-01-01', interval: '2' });
    for (let k = 0; k < TENANTS; k++) w.sim.data.mutate({ kind: 'incident', count: 1, tenantId: tenantId(k) });
    active = [...active.filter((k) => k !== REMOVED), ADDED];
    await until(() => incidents.stanzas.includes(incidentStanza(ADDED)), 20_000, 'the restart');
    expect(incidents.launches).to.equal(2); // the two writes gave one restart
    expect(incidents.stanzas).to.have.length(50);
    expect(incidents.stanzas).to.not.include(incidentStanza(REMOVED));
    await until(allCovered(active), 40_000, 'cycle 2');
  });

  it('cycle 3: more changes, picked up at the stanzas’ own interval', async () => {
    for (let k = 0; k < TENANTS; k++) w.sim.data.mutate({ kind: 'incident', count: 1, tenantId: tenantId(k) });
    for (const k of WITH_ALERTS) w.sim.data.mutate({ kind: 'alert', count: 1, tenantId: tenantId(k) });
    await until(allCovered(active), 40_000, 'cycle 3');
    expect(incidents.launches).to.equal(2); // no restart: the running process scheduled the next runs itself
  });

  it('every version of every tenant exactly once; the removed stanza stopped; one token per tenant per process', () => {
    for (const k of active) expect(repeats(versions(k)), `tenant ${k}`).to.deep.equal([]);
    for (const k of WITH_ALERTS) {
      const list = versions(k, ST.alert);
      expect(repeats(list), `alerts of tenant ${k}`).to.deep.equal([]);
    }
    expect(versions(REMOVED).every((v) => removedBefore.has(v))).to.equal(true);
    expect(covered(REMOVED)).to.equal(false);
    // Runs of one account in one process share its token cache: tokens ≤ processes started for the tenant.
    const tokens = w.sim.requestLog.filter((q) => q.api === 'token' && q.method === 'POST' && q.tenantId === tenantId(10));
    expect(tokens.length).to.be.within(1, incidents.launches);
    expect(summaries(incidents, 't10').length).to.be.at.least(3);
    expect(incidents.protocolErrors).to.deep.equal([]);
    expect(w.splunkd.internalLog.filter((l) => /names no running stanza/.test(l.message))).to.deep.equal([]);
  });

  it('kill -9 mid-cycle loses nothing and repeats at most the page in flight', async () => {
    const before = new Map(active.map((k) => [k, versions(k).length]));
    for (const k of BIG) w.sim.data.mutate({ kind: 'incident', count: 110, tenantId: tenantId(k) });
    const total = incidents.events.length;
    await incidents.waitFor(() => incidents.events.length > total, 20_000, 'the first event of the backlog');
    const exits = incidents.exits.length;
    incidents.kill('SIGKILL');
    await incidents.waitFor(() => incidents.exits.length === exits + 1, 10_000, 'the kill');
    expect(incidents.exits.at(-1)?.signal).to.equal('SIGKILL');
    await incidents.restart();
    await until(allCovered(active), 40_000, 'catch-up after the kill');
    for (const k of active) {
      const list = versions(k);
      if (!BIG.includes(k)) {
        expect(repeats(list), `tenant ${k}`).to.deep.equal([]);
        continue;
      }
      // Only versions of the backlog repeat, at most one page ($top 50 incidents) per tenant.
      const again = repeats(list);
      expect(again.length, `tenant ${k}`).to.be.at.most(50);
      expect(list.length - again.length - before.get(k)!).to.equal(110);
    }
    // The only ERRORs are the two broken tenants'.
    const errors = w.splunkd.internalLog.filter((l) => l.component === 'ExecProcessor' && l.level === 'ERROR');
    expect(errors.filter((l) => !/input=t(48|49) /.test(l.message))).to.deep.equal([]);
  });
});
