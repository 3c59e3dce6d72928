// `npm start`: the whole story against the sandbox. Builds the packages, starts the Defender simulator and the
// splunkd stand-in with the packaged app (its own Node.js runtime), configures a demo account and one input
// of each kind through splunkd's REST API, runs every input twice through the packaged launchers (the second
// run only picks up what changed), resolves some incidents with the alert action, ingests the refreshed
// state, and prints a summary. Then it keeps the sandbox up with the setup page (Ctrl-C stops it); with
// --exit, or when stdin is not a terminal, it stops after the summary.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startSimulator } from './simulator';
import { startEventHubs } from './eventhubs';
import { addSimulatorAccount } from './simulator-account';
import { startSplunkd, type Splunkd } from './splunkd';
import { PASSWORD_REALM, streamSecretUser } from '../src/config/names';
import { setSecret } from '../src/splunk/passwords';
import { SplunkdClient } from '../src/splunk/rest';
import { HEALTH_LABEL } from '../src/health/states';
import { healthOfInput, INPUT_STATUS_SEARCH, INPUT_STATUS_WINDOW, rowsByInput, type StatusRow } from '../src/health/status-rows';

const root = resolve(import.meta.dirname, '..');
const { values: opts } = parseArgs({
  options: {
    exit: { type: 'boolean', default: false },
    serve: { type: 'boolean', default: false },
    incidents: { type: 'string', default: '300' },
    seed: { type: 'string', default: '1' },
  },
});
const serve = opts.serve || (!opts.exit && process.stdin.isTTY === true);
const say = (line = ''): void => void process.stdout.write(`${line}\n`);
const step = (line: string): void => say(`\n▸ ${line}`);

step('Building the packages (node build.js --package)');
execFileSync(process.execPath, ['build.js', '--package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const linuxPackage = join(root, 'dist', `TA_defender_sync-${pkg.version}-linux-x86_64.tgz`);
say(`  ${relative(root, join(root, 'dist'))}/: TA_defender_sync-${pkg.version}{-linux-x86_64,-windows-x86_64,}.tgz`);

step('Starting the Defender simulator and the splunkd stand-in');
const sandboxDir = join(root, '.sandbox');
rmSync(sandboxDir, { recursive: true, force: true });
mkdirSync(sandboxDir, { recursive: true });
const sim = await startSimulator({
  seed: Number(opts.seed),
  incidents: Number(opts.incidents),
  caDir: join(sandboxDir, 'simulator'),
  // Microsoft's documented limits, in a tenth of the time, so throttling shows without waiting minutes.
  rateLimits: { graph: { windows: [{ limit: 150, windowMs: 6000 }], retryAfter: 'fractional' } },
  // Machine actions finish in seconds (real ones take minutes), so following them shows without waiting.
  mdeResponse: { timing: { pendingMs: 500, runningMs: 1000 } },
});
const splunkHome = join(sandboxDir, 'splunk');
const splunkd: Splunkd = await startSplunkd({ splunkHome });
await splunkd.installApp(linuxPackage);
say(`  simulator: ${sim.loginUrl} (Graph ${sim.graphUrl}, MDE ${sim.mdeUrl}), CA ${relative(root, sim.caFile)}`);
say(`  splunkd:   ${splunkd.uri}, SPLUNK_HOME ${relative(root, splunkHome)}`);

step('Starting the Event Hubs stand-in and publishing the tenant\'s Streaming API records (sandbox/eventhubs)');
// Defender's Streaming API for the simulator's first tenant: the same devices, users and alerts as its incidents.
const eventHubs = await startEventHubs({ simulator: sim, caDir: join(sandboxDir, 'eventhubs') });
const streamed = eventHubs.publish({ records: 2000, batchSize: 100 });
say(`  namespace ${eventHubs.namespace}, hub ${eventHubs.hubNames.join(', ')}: amqp 127.0.0.1:${eventHubs.ports.amqp}, amqps :${eventHubs.ports.amqps}, wss :${eventHubs.ports.wss}, CA ${relative(root, eventHubs.caFile)}`);
say(`  published ${streamed.records} records in ${streamed.messages} messages over ${Object.keys(streamed.byPartition).length} partitions; ${Object.entries(streamed.byTable).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([t, n]) => `${t} ${n}`).join(', ')}, …`);

step('Configuring the demo account, network settings and inputs through splunkd REST');
const admin = new SplunkdClient({ serverUri: splunkd.uri, sessionKey: splunkd.sessionKeyFor('admin') });
const tenant = sim.tenants[0];
const app = tenant?.apps[0];
if (!tenant || !app?.clientSecret) throw new Error('the simulator has no demo app');
await addSimulatorAccount(admin, sim, 'demo', { tenantId: tenant.tenantId, clientId: app.clientId, secret: app.clientSecret });
// The simulator's CA is trusted through the add-on's own CA bundle setting, as an admin would do it.
await admin.postConfStanza('ta_defender_sync_settings', 'network', { ca_bundle: sim.caPem, graph_requests_per_minute: '0', mde_requests_per_minute: '0' });
const inputs: ReadonlyArray<readonly [string, string, Record<string, string>?]> = [
  ['defender_sync_incidents', 'demo_incidents'],
  ['defender_sync_alerts', 'demo_alerts'],
  ['defender_sync_endpoint_alerts', 'demo_endpoint_alerts'],
  // A scheduled hunting query: the add-on adds each window's time filter; the second run reads only new rows.
  ['defender_sync_hunting', 'demo_hunting', { query: 'DeviceProcessEvents\n| where FileName in~ ("powershell.exe", "cmd.exe")\n| project Timestamp, DeviceName, FileName, ProcessCommandLine', lookback: 'PT6H', delay: 'PT1M' }],
];
for (const [scheme, name, extra] of inputs) {
  // splunkd runs the input's --validate-arguments here: one live call to the simulator.
  await admin.post(`data/inputs/${scheme}`, { name, account: 'demo', index: 'defender', interval: '300', ...extra });
  say(`  ${scheme}://${name} created (validated live)`);
}
await admin.postConfStanza('macros', 'defender_sync_index', { definition: '(index=defender)' });
// Configured through REST rather than the setup page: mark the app configured as the page does, so Splunk Web
// opens the dashboards instead of sending users to setup.
await admin.post('services/apps/local/TA_defender_sync', { configured: '1' });

async function runAll(label: string): Promise<void> {
  step(label);
  for (const [scheme, name] of inputs) {
    const r = await splunkd.runInput({ scheme, stanza: name }).result;
    const summary = r.stderr.find((l) => l.text.startsWith('action=run_complete'))?.text ?? '(no summary line)';
    const errors = r.stderr.filter((l) => l.level === 'ERROR' || l.level === 'FATAL');
    say(`  ${scheme}: exit ${r.exitCode}, ${r.events.length} events${r.protocolErrors.length ? `, PROTOCOL ERRORS ${r.protocolErrors.length}` : ''}`);
    say(`    ${summary}`);
    for (const e of errors) say(`    ${e.level} ${e.text}`);
  }
}

await runAll('First run of every input (through bin/<scheme>.sh and the bundled Node.js runtime)');
const changed = [
  ...sim.data.mutate({ kind: 'incident', count: 5 }),
  ...sim.data.mutate({ kind: 'alert', count: 7 }),
  ...sim.data.mutate({ kind: 'mdeAlert', count: 4 }),
];
say(`\n  (meanwhile in Defender: ${changed.length} records changed)`);
await runAll('Second run: only what changed since the first');

step('Resolving 20 incidents from Splunk with the alert action (| sendalert defender_sync_update)');
const open = splunkd.events
  .search({ sourcetype: 'ms365:defender:incident' })
  .map((e) => JSON.parse(e._raw) as { id: string; status: string; alertIds?: string[] })
  .filter((i) => i.status === 'active')
  .slice(0, 20);
const action = await splunkd.runAlertAction({
  action: 'defender_sync_update',
  user: 'admin',
  searchName: 'Resolve Defender incidents closed in Splunk',
  rows: open.map((i) => ({ sourcetype: 'ms365:defender:incident', id: i.id, alertIds: i.alertIds ?? [] })),
  configuration: {
    account: 'demo',
    status: 'resolved',
    classification: 'truePositive',
    determination: 'malware',
    comment: 'Contained by the SOC; closed from Splunk (Defender Sync demo).',
    add_tags: 'splunk',
    index: 'defender',
  },
});
say(`  exit ${action.exitCode}: ${action.stderr.find((l) => l.text.startsWith('action=alert_complete'))?.text ?? ''}`);
await runAll('Third run: the incidents the action resolved come back with their new state');

step('Responding from Splunk: a Splunk detection pushed into Defender (preview, Graph beta), and an identity action (Graph v1.0)');
const detection = await splunkd.runAlertAction({
  action: 'defender_sync_push_alert',
  user: 'admin',
  searchName: 'Encoded PowerShell on a workstation',
  rows: [{ signature: 'Encoded PowerShell', dest: 'ws-0042.contoso.com', user: 'kai@contoso.com', src_ip: '203.0.113.7' }],
  configuration: {
    account: 'demo', title: 'Splunk: $result.signature$', severity: 'high', category: 'Execution', techniques: 'T1059.001',
    description: 'Splunk saw $result.signature$ on $result.dest$ (Defender Sync demo).', index: 'defender',
  },
});
const responses = () => splunkd.events.search({ sourcetype: 'defender_sync:action' }).map((e) => JSON.parse(e._raw) as Record<string, unknown>);
const pushed = responses().find((o) => o.action === 'defender_sync_push_alert');
say(`  exit ${detection.exitCode}: alert ${String(pushed?.defender_action_id)} in incident ${String(pushed?.incident_id)}: ${String(pushed?.alert_web_url)}`);
const identity = sim.identities.accounts(tenant.tenantId)[0];
const revoke = await splunkd.runAlertAction({
  action: 'defender_sync_identity_action',
  user: 'admin',
  rows: [{ user: identity?.id ?? '' }],
  configuration: { account: 'demo', action: 'revokeAllSessions', index: 'defender' },
});
const revoked = responses().find((o) => o.action === 'defender_sync_identity_action');
say(`  exit ${revoke.exitCode}: revokeAllSessions for ${identity?.displayName ?? '?'} (${String(revoked?.target)}): ${String(revoked?.result)}, correlation id ${String(revoked?.defender_action_id)}`);

step('Responding on the legacy MDE API (retires 2027-02-01): isolate and release a device, submit and delete an indicator');
const device = sim.mdeResponse.machineByName('ws-0042.contoso.com')[0];
for (const deviceAction of ['isolate', 'release']) {
  const r = await splunkd.runAlertAction({
    action: 'defender_sync_device_action',
    user: 'admin',
    searchName: 'Ransomware on a workstation',
    rows: [{ computerDnsName: device?.computerDnsName ?? '' }],
    configuration: { account: 'demo', device_action: deviceAction, isolation_type: 'selective', index: 'defender' },
  });
  const o = responses().filter((x) => x.action === 'defender_sync_device_action').at(-1);
  say(`  exit ${r.exitCode}: ${String(o?.requested)} ${String(o?.device_name)} (${String(o?.device_id)}): ${String(o?.result)}, machine action ${String(o?.defender_action_id)} ${String(o?.defender_status)}`);
}
for (const operation of ['submit', 'delete']) {
  const r = await splunkd.runAlertAction({
    action: 'defender_sync_indicator',
    user: 'admin',
    searchName: 'IoC feed',
    rows: [{ indicator: 'c2.evil.example', indicator_action: 'Block' }, { indicator: '203.0.113.7', indicator_action: 'Warn' }],
    configuration: { account: 'demo', operation, indicator_expiration: '30d', indicator_severity: 'High', index: 'defender' },
  });
  const os = responses().filter((x) => x.action === 'defender_sync_indicator').slice(-2);
  say(`  exit ${r.exitCode}: ${operation} ${os.map((o) => `${String(o.target)} ${String(o.result)} (id ${String(o.defender_action_id)})`).join(', ')}; the tenant now has ${sim.mdeResponse.indicators().length} indicators`);
}

step('Hunting from the search bar: | defendersync hunt (chunked search command through bin/defendersync.sh)');
const huntArgs = 'hunt account=demo query="DeviceProcessEvents | project Timestamp, DeviceName, FileName, ProcessCommandLine | take 5" timespan=P1D';
say(`  | defendersync ${huntArgs}`);
const hunted = await splunkd.runSearchCommand({ command: 'defendersync', args: huntArgs, user: 'admin' });
for (const e of hunted.errors) say(`  ERROR ${e}`);
say(`  ${hunted.rows.length} rows in ${hunted.chunks.length} chunk(s); fields ${hunted.fields.join(', ')}`);
for (const row of hunted.rows.slice(0, 5)) say(`    ${[row.Timestamp, `_time=${String(row._time)}`, row.DeviceName, row.FileName, row.ProcessCommandLine].map(String).join('  ')}`);

step('Streaming: Defender XDR events from an Event Hub (defender_sync_stream on the Event Hubs stand-in)');
const listenKey = eventHubs.sasKeys.find((k) => k.name === 'splunk-listen')?.key ?? '';
// As the setup page saves it: the SAS connection string in storage/passwords first (the live check reads it).
await setSecret(admin, PASSWORD_REALM, streamSecretUser('demo_stream'), `Endpoint=sb://${eventHubs.namespace}/;SharedAccessKeyName=splunk-listen;SharedAccessKey=${listenKey};UseDevelopmentEmulator=true`);
await admin.post('data/inputs/defender_sync_stream', {
  name: 'demo_stream', namespace: eventHubs.namespace, endpoint: `127.0.0.1:${eventHubs.ports.amqp}`, event_hub: eventHubs.hubNames[0],
  consumer_group: 'splunk', start_position: 'earliest', index: 'defender', interval: '60',
});
say(`  defender_sync_stream://demo_stream created (validated live), reading the ${streamed.records} records published on ${eventHubs.namespace}/${eventHubs.hubNames[0]}`);
const streamRun = splunkd.runInput({ scheme: 'defender_sync_stream', stanza: 'demo_stream' });
await streamRun.waitForEvents(streamed.records, 30_000).catch((e: Error) => say(`  ${e.message}`));
streamRun.kill('SIGTERM'); // splunkd stopping: the input checkpoints every partition and exits 0
const streamResult = await streamRun.result;
const perTable = new Map<string, number>();
for (const e of streamResult.events) {
  const table = String((JSON.parse(e._raw) as { category?: string }).category ?? '').replace(/^AdvancedHunting-/, '');
  perTable.set(table, (perTable.get(table) ?? 0) + 1);
}
say(`  exit ${streamResult.exitCode} after SIGTERM: ${streamResult.events.length} ms:defender:eventhub events`);
for (const line of streamResult.stderr.filter((l) => / action=stream_status /.test(` ${l.text}`)).slice(-4)) say(`    ${line.text}`);

step('Summary');
const bySourcetype = new Map<string, number>();
for (const e of splunkd.events.search({})) bySourcetype.set(e.sourcetype, (bySourcetype.get(e.sourcetype) ?? 0) + 1);
for (const [st, n] of [...bySourcetype].sort()) say(`  ${st.padEnd(34)} ${n} events`);
say(`  streamed events per table: ${[...perTable].sort().map(([t, n]) => `${t} ${n}`).join(', ')}`);
const stats = sim.stats();
say(`  requests to the simulator: Graph ${stats.requests.graph}, MDE ${stats.requests.mde}, token ${stats.requests.token}; throttled (429): Graph ${stats.throttled.graph}, MDE ${stats.throttled.mde}`);
say(`  events:   ${relative(root, join(splunkHome, 'var/lib/splunk'))}/<index>/events.jsonl`);
say(`  add-on log: ${relative(root, join(splunkHome, 'var/log/splunk/ta_defender_sync.log'))}`);
say(`  packages: ${relative(root, join(root, 'dist'))}/ (install with Apps > Manage Apps > Install app from file)`);
// Input health as the setup page's Health column computes it (docs/soc.md): the status search, then the rules.
const status = (await admin.post('search/jobs', { search: INPUT_STATUS_SEARCH, exec_mode: 'oneshot', earliest_time: INPUT_STATUS_WINDOW })) as unknown as { results?: StatusRow[] };
const statusRows = rowsByInput(status.results ?? []);
for (const [scheme, name] of inputs) say(`  health ${scheme}://${name}: ${HEALTH_LABEL[healthOfInput(statusRows.get(`${scheme}://${name}`) ?? [], 300, Date.now()).state]}`);

if (!serve) {
  admin.close();
  await eventHubs.stop();
  await splunkd.stop();
  await sim.stop();
  say('\nDone (run `npm start` in a terminal to keep the sandbox and the setup page up).');
} else {
  let web: { url: string; stop(): Promise<void> } | undefined;
  try {
    const { startSplunkWeb } = (await import('./splunkweb')) as { startSplunkWeb: (o: { splunkd: Splunkd }) => Promise<{ url: string; stop(): Promise<void> }> };
    web = await startSplunkWeb({ splunkd });
    say(`\nSetup page: ${web.url}/en-US/app/TA_defender_sync/configuration  (user admin, password changeme)`);
    say(`SOC dashboards: ${web.url}/en-US/app/TA_defender_sync/defender_sync_soc_overview  (also SLA, Analyst workload, Response audit, Defender Sync health)`);
  } catch (err) {
    say(`\n(the Splunk Web stand-in is not available: ${(err as Error).message})`);
  }
  say(`Simulator control API: ${sim.controlUrl}   splunkd: ${splunkd.uri}   Event Hubs: amqps://127.0.0.1:${eventHubs.ports.amqps} (${eventHubs.namespace})`);
  say('Sandbox running. Ctrl-C to stop.');
  const stop = async () => {
    admin.close();
    await web?.stop();
    await eventHubs.stop();
    await splunkd.stop();
    await sim.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
