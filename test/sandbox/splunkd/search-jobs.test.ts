// The splunkd stand-in's oneshot search: the input status search of the installed app's macros.conf,
// answered from the log lines the real logger wrote and the events it indexed; what the Health column reads.
import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Splunkd, startSplunkd } from '../../../sandbox/splunkd/index';
import { healthOfInput, INPUT_STATUS_SEARCH, rowsByInput } from '../../../src/health/status-rows';
import { createLogger } from '../../../src/splunk/log';
import { repoRoot } from '../../helpers/shared';
import { call } from './helpers/rest-call';

const TENANT = 'b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c';
const NS = '/servicesNS/nobody/TA_defender_sync/search/jobs';

describe('sandbox/splunkd: search/jobs oneshot (input status)', () => {
  let home: string;
  let splunkd: Splunkd;
  const now = new Date();
  /** When the event was indexed (epoch seconds): the stand-in may take long to start on a loaded machine. */
  const added = { from: 0, to: 0 };
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'ds-search-'));
    const app = join(home, 'etc', 'apps', 'TA_defender_sync', 'default');
    mkdirSync(app, { recursive: true });
    copyFileSync(join(repoRoot, 'default', 'macros.conf'), join(app, 'macros.conf'));
    copyFileSync(join(repoRoot, 'default', 'app.conf'), join(app, 'app.conf'));
    const at = (secondsAgo: number) => () => new Date(now.getTime() - secondsAgo * 1000);
    const sink = { write: () => true };
    const log = (component: string, secondsAgo: number) => createLogger({ component, stderr: sink, splunkHome: home, now: at(secondsAgo) });
    // prod: ran fine twice; broken: its last run failed with a 403; hub: partition 0 fine, partition 1 silent for an hour.
    for (const ago of [700, 100]) log('defender_sync_incidents', ago).info('', { action: 'run_complete', input: 'prod', account: 'prod', tenant: TENANT, events: 3, status: 'caught_up', interval: 300 });
    log('defender_sync_alerts', 50).error("account 'x': Graph returned 403: grant SecurityAlert.Read.All and admin-consent", { action: 'run_failed', input: 'broken', error_code: 'forbidden' });
    log('defender_sync_alerts', 50).info('', { action: 'run_complete', input: 'broken', account: 'x', tenant: TENANT, events: 0, status: 'failed', error_code: 'forbidden', interval: 300 });
    log('defender_sync_stream', 30).info('', { action: 'stream_status', input: 'hub', namespace: 'ns.servicebus.windows.net', event_hub: 'h', partition: '0', events: 5, status: 'ok' });
    log('defender_sync_stream', 3600).info('', { action: 'stream_status', input: 'hub', namespace: 'ns.servicebus.windows.net', event_hub: 'h', partition: '1', events: 5, status: 'ok' });
    log('defender_sync_incidents', 30 * 86_400).info('', { action: 'run_complete', input: 'ancient', tenant: TENANT, status: 'caught_up', interval: 300 });
    splunkd = await startSplunkd({ splunkHome: home });
    added.from = Date.now() / 1000;
    splunkd.events.add({ _time: 1600000000, index: 'main', sourcetype: 'ms365:defender:incident', source: `defender_sync_incidents:${TENANT}`, host: 'h', _raw: '{}' });
    added.to = Date.now() / 1000;
  });
  after(async () => {
    await splunkd.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('answers the macro with one row per input and partition, in the window asked', async () => {
    const r = await call(splunkd, 'POST', NS, { key: splunkd.sessionKeyFor('admin'), form: { search: INPUT_STATUS_SEARCH, exec_mode: 'oneshot', earliest_time: '-7d', count: '0' } });
    expect(r.status).to.equal(200);
    const rows = r.json.results as Array<Record<string, string>>;
    expect(rows.map((row) => `${row.component}/${row.input}/${row.partition}`).sort()).to.deep.equal([
      'defender_sync_alerts/broken/-',
      'defender_sync_incidents/prod/-',
      'defender_sync_stream/hub/0',
      'defender_sync_stream/hub/1',
    ]);
    const prod = rows.find((row) => row.input === 'prod')!;
    expect(Number(prod.last_seen) - Number(prod.first_seen)).to.be.closeTo(600, 1);
    expect(prod).to.include({ last_status_failed: '0', interval: '300', source: `defender_sync_incidents:${TENANT}` });
    expect(Number(prod.last_event)).to.be.within(Math.floor(added.from), Math.ceil(added.to)); // index time, not the event's old _time
    const broken = rows.find((row) => row.input === 'broken')!;
    expect(broken).to.include({ last_status_failed: '1', last_error_code: 'forbidden', last_error_message: "account 'x': Graph returned 403: grant SecurityAlert.Read.All and admin-consent" });
    expect(broken).not.to.have.property('last_success');

    const byInput = rowsByInput(rows);
    const t = now.getTime();
    expect(healthOfInput(byInput.get('defender_sync_incidents://prod') ?? [], 300, t).state).to.equal('healthy');
    expect(healthOfInput(byInput.get('defender_sync_alerts://broken') ?? [], 300, t).state).to.equal('unhealthy');
    const hub = healthOfInput(byInput.get('defender_sync_stream://hub') ?? [], 60, t);
    expect([hub.state, ...hub.partitions.map((p) => p.state)]).to.deep.equal(['stopped_reporting', 'healthy', 'stopped_reporting']);
    expect(healthOfInput(byInput.get('defender_sync_incidents://never') ?? [], 300, t).state).to.equal('not_reported');
  });

  it('gives users who may not search _internal no rows, refuses other searches and other modes', async () => {
    const form = { search: INPUT_STATUS_SEARCH, exec_mode: 'oneshot', earliest_time: '-7d' };
    const analyst = await call(splunkd, 'POST', NS, { key: splunkd.sessionKeyFor('analyst'), form });
    expect([analyst.status, analyst.json.results]).to.deep.equal([200, []]);
    const other = await call(splunkd, 'POST', NS, { key: splunkd.sessionKeyFor('admin'), form: { ...form, search: 'search index=main | stats count' } });
    expect(other.status).to.equal(400);
    expect(other.json.messages[0].text).to.match(/evaluates only the add-on's input status search/);
    const blocking = await call(splunkd, 'POST', NS, { key: splunkd.sessionKeyFor('admin'), form: { ...form, exec_mode: 'blocking' } });
    expect(blocking.status).to.equal(400);
    const unknownMacro = await call(splunkd, 'POST', NS, { key: splunkd.sessionKeyFor('admin'), form: { ...form, search: 'search `nope`' } });
    expect(unknownMacro.json.messages[0].text).to.match(/macro 'nope' that cannot be found/);
  });
});
