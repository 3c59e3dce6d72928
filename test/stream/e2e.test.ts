// End to end: the packaged defender_sync_stream through its launcher (bundled runtime, PATH without node),
// started, SIGTERMed and kill -9ed by the splunkd stand-in, reading the Event Hubs stand-in
// (sandbox/eventhubs) that publishes the simulator tenant's advanced-hunting records. The expectations are
// written from the contracts (DESIGN §3–§5, BRIEF interface 4), not from the input's code.
import { expect } from 'chai';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from 'proxy';
import { startAzurite } from '../../sandbox/azurite';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EventHubConsumerClient, latestEventPosition } from '@azure/event-hubs';
import { startEventHubs, type EventHubs } from '../../sandbox/eventhubs';
import type { IndexedEvent, InputRun } from '../../sandbox/splunkd';
import { PASSWORD_REALM } from '../../src/config/names';
import { setSecret } from '../../src/splunk/passwords';
import { prng, sleep } from '../e2e/support';
import { addAccount, logFileLines, setProxy, setSettings, simApp, startWorld, type World } from '../helpers/world';

const SCHEME = 'defender_sync_stream';
const SOURCETYPE = 'ms:defender:eventhub';
const CHECKPOINT_INTERVAL_S = 0.3;
const STATUS = /^action=stream_status input=(\S+) namespace=(\S+) event_hub=(\S+) partition=(\S*) events=(\d+) events_per_s=([\d.]+) lag=(\d+|"") checkpoint_seq=(\d+|"") reconnects=(\d+) status=(ok|error)(?: |$)/;

/** Epoch seconds with every digit of an ISO 8601 UTC timestamp (as Splunk reads `<time>`). */
function epochOf(ts: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(ts);
  if (!m) throw new Error(`not a UTC timestamp: ${ts}`);
  return Number(`${Date.parse(`${m[1]}Z`) / 1000}.${m[2] ?? '0'}`);
}

function counts(raws: Iterable<string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of raws) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('e2e: defender_sync_stream (Event Hubs) through the packaged launcher', function () {
  this.timeout(300_000);
  let w: World;
  let hub: EventHubs;
  let sasKey: string;
  const published: string[] = [];
  const hubName = 'defender-xdr';

  const stream = (): IndexedEvent[] => w.splunkd.events.search({ sourcetype: SOURCETYPE });
  const publish = (records: number, extra: Record<string, unknown> = {}) => {
    const r = hub.publish({ records, batchSize: 25, collect: true, ...extra });
    // The record's text as sent; the two characters XML 1.0 cannot carry arrive as their JSON escapes.
    for (const rec of r.published ?? []) published.push(JSON.stringify(rec).replace(/[\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`));
    return r;
  };
  /** A SAS connection string as the Azure portal shows it (it names the namespace), for the plain-AMQP port. */
  const connectionString = (key = sasKey): string =>
    `Endpoint=sb://${hub.namespace}/;SharedAccessKeyName=splunk-listen;SharedAccessKey=${key};UseDevelopmentEmulator=true`;
  const baseParams = () => ({ namespace: hub.namespace, endpoint: `127.0.0.1:${hub.ports.amqp}`, event_hub: hubName, consumer_group: 'splunk', index: 'defender', status_interval: '1', checkpoint_interval: String(CHECKPOINT_INTERVAL_S) });
  /** As the setup page does it: the secret first (the live check reads it), then the input. */
  const createInput = async (name: string, params: Record<string, string>, secret?: string) => {
    if (secret !== undefined) await setSecret(w.admin, PASSWORD_REALM, `stream.${name}`, secret);
    await w.admin.post(`data/inputs/${SCHEME}`, { name, ...params });
  };
  const createError = async (name: string, params: Record<string, string>, secret?: string): Promise<string> => {
    try {
      await createInput(name, params, secret);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error(`input ${name} was accepted`);
  };
  const start = (name: string, o: { keepStdinOpen?: boolean } = {}): InputRun => w.splunkd.runInput({ scheme: SCHEME, stanza: name, timeoutMs: 120_000, ...o });
  const waitFor = async (what: string, test: () => boolean, timeoutMs = 20_000) => {
    const until = Date.now() + timeoutMs;
    while (!test()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  };
  const statusLines = (run: InputRun) => run.stderr.filter((l) => STATUS.test(l.text));

  before(async () => {
    w = await startWorld({ env: { DEFENDER_SYNC_STREAM_LB_UPDATE_MS: '300', DEFENDER_SYNC_STREAM_LB_EXPIRY_MS: '3000', DEFENDER_SYNC_STREAM_BACKOFF_MS: '500' } });
    hub = await startEventHubs({ simulator: w.sim, hubs: [{ name: hubName, partitions: 4, consumerGroups: ['$Default', 'splunk', 'retired'] }] });
    sasKey = hub.sasKeys.find((k) => k.name === 'splunk-listen')!.key;
  });
  after(async () => {
    await hub?.stop();
    await w?.stop();
  });

  it('ingests every record exactly once across a run with detached links and a partition added, then stops cleanly on SIGTERM', async () => {
    const first = publish(600, { bareArrayEvery: 5, malformedEvery: 7 });
    await createInput('main', { ...baseParams(), start_position: 'earliest' }, connectionString());
    const run = start('main');
    await waitFor('the backlog', () => stream().length >= 600);
    publish(200);
    await waitFor('records published while running', () => stream().length >= 800);
    expect(hub.detach({ hub: hubName })).to.be.greaterThan(0);
    publish(200);
    hub.addPartitions(hubName, 1);
    publish(100, { partition: '4' });
    await waitFor('records after the detach and on the new partition', () => stream().length >= 1100);
    await sleep(1500); // a status interval after the reconnects, and time for any stray duplicate
    run.kill('SIGTERM');
    const r = await run.result;

    expect(r.exitCode, r.stderr.map((l) => l.text).join('\n')).to.equal(0);
    expect(r.protocolErrors).to.deep.equal([]);
    const events = stream();
    expect(events).to.have.length(published.length);
    expect(counts(events.map((e) => e._raw))).to.deep.equal(counts(published));
    for (const e of events) {
      const record = JSON.parse(e._raw) as { category: string; properties: { Timestamp: string } };
      expect(e.sourcetype).to.equal(SOURCETYPE);
      expect(e.source).to.equal(`defender_sync_stream:${hub.namespace}/${hubName}`);
      expect(e.index).to.equal('defender');
      expect(e._time, record.properties.Timestamp).to.equal(epochOf(record.properties.Timestamp));
    }
    expect(new Set(events.map((e) => (JSON.parse(e._raw) as { category: string }).category)).size).to.be.greaterThan(5);

    // Bad messages: one ERROR each, with partition and sequence number; the rest flowed.
    const bad = r.stderr.filter((l) => l.level === 'ERROR' && / error_code=bad_message /.test(l.text));
    expect(bad).to.have.length(first.malformed);
    for (const l of bad) expect(l.text).to.match(/^message skipped: .*input=main namespace=\S+ event_hub=defender-xdr error_code=bad_message partition=\d+ sequence=\d+ offset=\d+$/);

    // Health: the contract line per partition, the new partition included, reconnects counted after the detach.
    const lines = statusLines(run).map((l) => STATUS.exec(l.text)!);
    expect(new Set(lines.map((m) => m[4]))).to.deep.equal(new Set(['0', '1', '2', '3', '4']));
    for (const m of lines) expect([m[1], m[2], m[3]]).to.deep.equal(['main', hub.namespace, hubName]);
    expect(lines.some((m) => Number(m[9]) > 0), 'reconnects after the detach').to.equal(true);
    const last = new Map(lines.map((m) => [m[4], m]));
    for (const [partition, seq] of Object.entries(hub.lastSequenceNumbers(hubName))) {
      expect(last.get(partition)?.[8], `checkpoint_seq of partition ${partition}`).to.equal(String(seq));
      expect(last.get(partition)?.[7], `lag of partition ${partition}`).to.equal('0');
    }
    expect(logFileLines(w).filter((l) => / action=stream_status /.test(l)).length).to.be.at.least(lines.length);

    // The checkpoint written on SIGTERM is at the last event of every partition.
    const dir = join(w.splunkd.splunkHome, 'var/lib/splunk/modinputs', SCHEME);
    const checkpoint = JSON.parse(readFileSync(join(dir, 'defender_sync_stream%3A%2F%2Fmain.json'), 'utf8')) as { partitions: Record<string, { sequenceNumber: number }> };
    expect(Object.fromEntries(Object.entries(checkpoint.partitions).map(([p, c]) => [p, c.sequenceNumber]))).to.deep.equal(hub.lastSequenceNumbers(hubName));
  });

  it('loses nothing over 20 kill -9 at random instants, each restart repeating at most one checkpoint interval; the last run stops when its parent closes stdin', async () => {
    const random = prng(20261203);
    const indexedAt: number[] = []; // when each event of the current run reached splunkd
    let publishing = true;
    const publisher = (async () => {
      while (publishing) {
        publish(20);
        await sleep(100);
      }
    })();
    const seen = counts(stream().map((e) => e._raw));
    let repeatsTotal = 0;
    // What the next restart may repeat: what the last run indexed in its final checkpoint interval, plus
    // repeats still owed by earlier runs that died before reading them again.
    let bound = Infinity;
    for (let kill = 1; kill <= 21; kill++) {
      // Runs 1–20 get stdin closed with the configuration, as splunkd does; run 21's parent keeps the pipe open.
      const run = start('main', { keepStdinOpen: kill === 21 });
      indexedAt.length = 0;
      const sampler = setInterval(() => {
        while (indexedAt.length < run.events.length) indexedAt.push(Date.now());
      }, 10);
      if (kill <= 20) {
        await sleep(200 + random() * 1000);
        run.kill('SIGKILL');
      } else {
        publishing = false;
        await publisher;
        await waitFor('every record after the last restart', () => counts(stream().map((e) => e._raw)).size >= new Set(published).size, 30_000);
        run.closeStdin();
      }
      const r = await run.result;
      clearInterval(sampler);
      while (indexedAt.length < r.events.length) indexedAt.push(Date.now());
      // This run's repeats: events splunkd already had. They must fit in what the killed run indexed during
      // its last checkpoint interval (doubled: the checkpoint follows the flush, on a busy 2-core machine).
      const repeats = r.events.filter((e) => seen.has(e._raw)).length;
      expect(repeats, `restart ${kill}: repeats`).to.be.at.most(bound);
      repeatsTotal += repeats;
      for (const e of r.events) seen.set(e._raw, (seen.get(e._raw) ?? 0) + 1);
      const end = Date.now();
      const window = indexedAt.filter((t) => t >= end - 2 * CHECKPOINT_INTERVAL_S * 1000 - 200).length;
      bound = window + (bound === Infinity ? 0 : Math.max(0, bound - repeats));
      if (kill === 21) {
        expect(r.exitCode, r.stderr.map((l) => l.text).join('\n')).to.equal(0);
        expect(r.stderr.filter((l) => /^stdin was closed: stopping .* action=stream_stop reason=stdin_closed/.test(l.text))).to.have.length(1);
        // The stop checkpointed what was flushed: nothing is read again.
        const dir = join(w.splunkd.splunkHome, 'var/lib/splunk/modinputs', SCHEME);
        const checkpoint = JSON.parse(readFileSync(join(dir, 'defender_sync_stream%3A%2F%2Fmain.json'), 'utf8')) as { partitions: Record<string, { sequenceNumber: number }> };
        expect(Object.fromEntries(Object.entries(checkpoint.partitions).map(([p, c]) => [p, c.sequenceNumber]))).to.deep.equal(hub.lastSequenceNumbers(hubName));
      }
    }
    const missing = [...new Set(published)].filter((raw) => !seen.has(raw));
    expect(missing.length, `records never indexed, e.g. ${missing[0]?.slice(0, 300)}`).to.equal(0);
    expect(repeatsTotal).to.be.lessThan(published.length);
  });

  it('answers every bad input with one clear error naming the input and the fix, without a crash loop', async () => {
    // Live check on save: wrong hub, wrong namespace, a refused SAS key, a malformed connection string.
    expect(await createError('wronghub', { ...baseParams(), event_hub: 'nope' }, connectionString())).to.match(/input 'wronghub' .*the Event Hub nope does not exist in namespace/);
    expect(await createError('ghostgroup', { ...baseParams(), consumer_group: 'ghost' }, connectionString())).to.match(/input 'ghostgroup' .*the consumer group ghost does not exist on Event Hub defender-xdr: create it \(Azure portal > Event Hub > Consumer groups > \+ Consumer group\)/);
    expect(await createError('badkey', baseParams(), connectionString('AAAA' + sasKey.slice(4)))).to.match(/input 'badkey' .*Event Hubs refused access: the SAS connection string was refused: store a connection string of a shared access policy with the Listen claim/);
    expect(await createError('badcs', baseParams(), 'not a connection string')).to.match(/not an Event Hubs connection string/);
    expect(await createError('nosecret', baseParams())).to.match(/no account and no SAS connection string in storage\/passwords \(realm TA_defender_sync, user stream\.nosecret\)/);
    expect(await createError('otherns', { ...baseParams(), namespace: 'other.servicebus.windows.net' }, connectionString())).to.match(/connection string is for namespace defender-sync\.servicebus\.windows\.net, but the input's namespace is other\.servicebus\.windows\.net/);

    expect(await createError('wrongns', { ...baseParams(), namespace: 'other.servicebus.windows.net' }, connectionString().replace(hub.namespace, 'other.servicebus.windows.net'))).to.match(/input 'wrongns' .*the namespace other\.servicebus\.windows\.net does not exist: check the input's namespace/);

    // Another reader holding partition 0 with a higher owner level (epoch): the input says so and backs off.
    const other = new EventHubConsumerClient('splunk', connectionString().replace(hub.namespace, `127.0.0.1:${hub.ports.amqp}`), hubName);
    const held = other.subscribe('0', { processEvents: async () => undefined, processError: async () => undefined }, { ownerLevel: 1, startPosition: latestEventPosition });
    try {
      await waitFor('the other reader', () => hub.receivers().some((r) => r.epoch === 1));
      await createInput('epoch', baseParams(), connectionString());
      const run = start('epoch');
      await waitFor('the epoch error', () => run.stderr.some((l) => / error_code=epoch_conflict/.test(l.text)));
      run.kill('SIGTERM');
      const r = await run.result;
      expect(r.exitCode).to.equal(0);
      expect(r.stderr.find((l) => / error_code=epoch_conflict/.test(l.text))?.text).to.match(/^input 'epoch' .*another reader with a higher owner level \(epoch\) took the partition over in consumer group splunk: give this input a consumer group of its own/);
    } finally {
      await held.close();
      await other.close();
    }

    // The consumer group deleted under a running input: one ERROR with the fix, then pauses (no exit, no flood).
    await createInput('nogroup', { ...baseParams(), consumer_group: 'retired' }, connectionString());
    const run = start('nogroup');
    await waitFor('the input reading', () => hub.receivers().some((r) => r.consumerGroup === 'retired'));
    hub.deleteConsumerGroup(hubName, 'retired');
    await waitFor('the consumer group error', () => run.stderr.some((l) => / error_code=consumer_group_not_found/.test(l.text)));
    await waitFor('a retry after a pause', () => run.stderr.filter((l) => / action=stream_backoff /.test(l.text)).length >= 2);
    await waitFor('a status line saying error', () => statusLines(run).some((l) => / status=error( |$)/.test(l.text)));
    run.kill('SIGTERM');
    const r = await run.result;
    expect(r.exitCode).to.equal(0);
    const errors = r.stderr.filter((l) => l.level === 'ERROR');
    expect(errors.length).to.be.at.least(1).and.at.most(3);
    expect(errors[0]!.text).to.match(/^input 'nogroup' \(defender-sync\.servicebus\.windows\.net\/defender-xdr, consumer group retired\): the consumer group retired does not exist on Event Hub defender-xdr: create it .* action=stream_error input=nogroup .*error_code=consumer_group_not_found/);
  });

  it('reads with the account (Entra app) over AMQP/TLS with the CA bundle, and names the role when it is missing', async () => {
    await setSettings(w, 'network', { ca_bundle: hub.caPem });
    await addAccount(w, 'acme');
    await addAccount(w, 'norole', { app: { tenant: 0, app: 2 } });
    const tls = { ...baseParams(), endpoint: `127.0.0.1:${hub.ports.amqps}` };
    const app = simApp(w, 0, 2);
    expect(await createError('norole', { ...tls, account: 'norole' })).to.match(
      new RegExp(`input 'norole' .*Event Hubs refused access: grant the app of account 'norole' \\(client id ${app.clientId}\\) the role 'Azure Event Hubs Data Receiver' on the Event Hub or its namespace`),
    );
    await createInput('entra', { ...tls, account: 'acme', start_position: 'earliest', tables: 'DeviceProcessEvents,EmailEvents' });
    const before = stream().length;
    const run = start('entra');
    const wanted = published.filter((raw) => /"category":"AdvancedHunting-(DeviceProcessEvents|EmailEvents)"/.test(raw)).length;
    await waitFor('the two tables through the account', () => stream().length - before >= wanted);
    run.kill('SIGTERM');
    const r = await run.result;
    expect(r.exitCode).to.equal(0);
    expect(r.events).to.have.length(wanted);
    expect(new Set(r.events.map((e) => (JSON.parse(e._raw) as { category: string }).category))).to.deep.equal(new Set(['AdvancedHunting-DeviceProcessEvents', 'AdvancedHunting-EmailEvents']));
  });

  it('goes through the proxy over AMQP over WebSockets, and a proxy refusal is one clear error', async () => {
    const proxy = createProxy(createServer());
    const connects: string[] = [];
    proxy.authenticate = (req: IncomingMessage) => req.headers['proxy-authorization'] === `Basic ${Buffer.from('splunk:proxy-canary-pw').toString('base64')}`;
    proxy.prependListener('connect', (req: IncomingMessage) => connects.push(String(req.url)));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as AddressInfo).port;
    try {
      await setSettings(w, 'network', { ca_bundle: hub.caPem });
      const wss = { ...baseParams(), endpoint: `127.0.0.1:${hub.ports.wss}`, transport: 'amqp' };
      await setProxy(w, { port, username: 'splunk', password: 'wrong' });
      expect(await createError('refused', wss, connectionString())).to.match(/input 'refused' .*the proxy 127\.0\.0\.1:\d+ refused the connection to Event Hubs with 407 \(proxy authentication required\): check the proxy user name and password on the Configuration page \(Proxy tab\)/);
      await setProxy(w, { port, username: 'splunk', password: 'proxy-canary-pw' });
      publish(100);
      await createInput('proxied', { ...wss, start_position: 'earliest' }, connectionString());
      const before = stream().length;
      const run = start('proxied');
      await waitFor('events through the proxy', () => stream().length - before >= 100);
      run.kill('SIGTERM');
      expect((await run.result).exitCode).to.equal(0);
      expect(connects).to.include(`127.0.0.1:${hub.ports.wss}`);
    } finally {
      await setProxy(w, { port, enabled: false });
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('two forwarders share the partitions through the Blob store (Azurite over HTTPS, trusted through the CA bundle); one killed mid-stream loses nothing', async () => {
    // The CA bundle (the stand-in's CA) is the only trust for Azurite's certificate.
    await setSettings(w, 'network', { ca_bundle: hub.caPem });
    const azurite = await startAzurite({ https: { certPem: hub.serverCertPem, keyPem: hub.serverKeyPem } });
    try {
      await setSecret(w.admin, PASSWORD_REALM, 'stream.shared.blob', azurite.connectionString);
      publish(400);
      await createInput('shared', { ...baseParams(), start_position: 'earliest', checkpoint_store: 'azure_blob', blob_container: 'defender-checkpoints' }, connectionString());
      const a = start('shared');
      const b = start('shared');
      await waitFor('both forwarders reading', () => a.events.length > 0 && b.events.length > 0, 30_000);
      a.kill('SIGKILL');
      publish(300);
      const wanted = new Set(published);
      const got = () => new Set([...a.events, ...b.events].map((e) => e._raw));
      await waitFor('every record through the remaining forwarder', () => got().size >= wanted.size, 30_000);
      b.kill('SIGTERM');
      expect((await b.result).exitCode).to.equal(0);
      await a.result;
      expect([...wanted].filter((raw) => !got().has(raw))).to.have.length(0);
      // Each partition was read by one forwarder at a time: a record is read twice at most once per handover.
      expect(a.events.length + b.events.length).to.be.below(wanted.size * 1.5);
    } finally {
      await azurite.stop();
    }
  });

  it('runs several stanzas in one process when splunkd runs the scheme single-instance', async () => {
    for (const e of ((await w.admin.get(`data/inputs/${SCHEME}`, { count: 0 })) as { entry?: Array<{ name: string }> }).entry ?? [])
      await w.admin.post(`data/inputs/${SCHEME}/${encodeURIComponent(e.name)}/disable`, {});
    await setSettings(w, 'network', { ca_bundle: '' });
    await w.admin.postConfStanza('ta_defender_sync_settings', 'scheduler', { single_instance: '1' });
    await w.admin.post('apps/local/TA_defender_sync/_reload', {});
    try {
      expect(w.splunkd.schemes.get(SCHEME)?.info.useSingleInstance).to.equal(true);
      await createInput('one', { ...baseParams(), consumer_group: '$Default', start_position: 'earliest', index: 'main' }, connectionString());
      await createInput('two', { ...baseParams(), consumer_group: 'splunk', start_position: 'earliest', tables: 'EmailEvents' }, connectionString());
      const wanted = { one: new Set(published).size, two: new Set(published.filter((raw) => raw.includes('"category":"AdvancedHunting-EmailEvents"'))).size };
      const single = w.splunkd.startSingleInstance(SCHEME);
      const of = (index: string) => new Set(single.events.filter((e) => e.index === index).map((e) => e._raw)).size;
      await single.waitFor(() => of('main') >= wanted.one && of('defender') >= wanted.two, 30_000, 'both stanzas read');
      expect(single.stanzas.sort()).to.deep.equal([`${SCHEME}://one`, `${SCHEME}://two`]);
      expect(single.launches).to.equal(1);
      await single.stop();
      expect(single.exits.at(-1)?.exitCode).to.equal(0);
    } finally {
      await w.admin.postConfStanza('ta_defender_sync_settings', 'scheduler', { single_instance: '0' });
      await w.admin.post('apps/local/TA_defender_sync/_reload', {});
    }
  });

  it('keeps the SAS key out of every output, log, checkpoint and conf file', () => {
    const haystacks: Array<[string, string]> = [
      ['events', stream().map((e) => e._raw).join('\n')],
      ['splunkd.log', w.splunkd.internalLog.map((l) => JSON.stringify(l)).join('\n')],
      // Every file splunkd and the input write (logs, confs, passwords, checkpoints, indexed events); not the app's own code.
      ...filesUnder(w.splunkd.splunkHome)
        .filter((f) => !f.includes(`${join('TA_defender_sync', 'bin')}`))
        .map((f): [string, string] => [f, readFileSync(f, 'latin1')]),
    ];
    for (const [where, text] of haystacks) {
      expect(text.includes(sasKey), `SAS key in ${where}`).to.equal(false);
      expect(text.includes(w.clientSecret), `client secret in ${where}`).to.equal(false);
    }
  });
});
