// The end-to-end test world: the Defender simulator, the splunkd stand-in with the packaged app installed
// (linux package, bundled runtime, a PATH without node), and helpers to configure accounts, inputs and
// settings through splunkd's REST API exactly as the setup page does, and to run inputs as splunkd does.
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type AppInfo, type RequestRecord, type Simulator, type SimulatorOptions } from '../../sandbox/simulator';
import { addSimulatorAccount } from '../../sandbox/simulator-account';
import { startSplunkd, type InputRunResult, type Splunkd, type UserSpec } from '../../sandbox/splunkd';
import { PASSWORD_REALM, PROXY_SECRET_USER, SETTINGS_CONF } from '../../src/config/names';
import { checkpointFileName } from '../../src/inputs/common/checkpoint';
import type { IngestState } from '../../src/inputs/common/ingest';
import { setSecret } from '../../src/splunk/passwords';
import { SplunkdClient } from '../../src/splunk/rest';
import { builtPackages, tempDir } from '../build/fixture';

export const APP = 'TA_defender_sync';

/** A PATH with the tools launchers may use but no node: only the bundled runtime can serve. */
export function pathWithoutNode(): string {
  const dir = tempDir('defender-sync-path-');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  for (const tool of ['sh', 'cat', 'env']) {
    try {
      symlinkSync(`/bin/${tool}`, join(bin, tool));
    } catch {
      // not on this system
    }
  }
  return bin;
}

export interface World {
  sim: Simulator;
  splunkd: Splunkd;
  admin: SplunkdClient;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The add-on's version (package.json), as in its User-Agent. */
  version: string;
  stop(): Promise<void>;
}

export interface WorldOptions {
  simulator?: SimulatorOptions;
  /** Trust the simulator's CA through [network] ca_bundle instead of NODE_EXTRA_CA_CERTS. */
  caInConf?: boolean;
  /** Trust the simulator's CA nowhere (TLS failures); overrides caInConf. */
  untrusted?: boolean;
  /** [network] settings, e.g. pacing off for speed. */
  network?: Record<string, string>;
  /** Indexes splunkd knows (default: main, defender, summary). */
  indexes?: string[];
  /** splunkd's users (default: admin and analyst). */
  users?: UserSpec[];
  /** Extra environment of launched processes (test knobs such as the stream input's timings). */
  env?: Record<string, string>;
}

export async function startWorld(o: WorldOptions = {}): Promise<World> {
  const packages = await builtPackages();
  const sim = await startSimulator({ rateLimits: false, ...o.simulator });
  const splunkHome = tempDir('defender-sync-splunk-');
  const trustByEnv = !o.untrusted && !o.caInConf;
  const splunkd = await startSplunkd({
    splunkHome,
    path: pathWithoutNode(),
    ...(o.indexes ? { indexes: o.indexes } : {}),
    ...(o.users ? { users: o.users } : {}),
    ...(trustByEnv || o.env ? { env: { ...(trustByEnv ? { NODE_EXTRA_CA_CERTS: sim.caFile } : {}), ...o.env } } : {}),
  });
  await splunkd.installApp(packages.linux);
  const admin = new SplunkdClient({ serverUri: splunkd.uri, sessionKey: splunkd.sessionKeyFor('admin') });
  const tenant = sim.tenants[0];
  const app = tenant?.apps[0];
  if (!tenant || !app?.clientSecret) throw new Error('simulator has no tenant with a client-secret app');
  const network: Record<string, string> = { graph_requests_per_minute: '0', mde_requests_per_minute: '0', ...o.network };
  if (o.caInConf && !o.untrusted) network.ca_bundle = sim.caPem;
  await admin.postConfStanza(SETTINGS_CONF, 'network', network);
  return {
    sim,
    splunkd,
    admin,
    tenantId: tenant.tenantId,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    version: packages.version,
    async stop() {
      admin.close();
      await splunkd.stop();
      await sim.stop();
    },
  };
}

export interface AccountOptions {
  tenantId?: string;
  clientId?: string;
  secret?: string;
  keys?: Record<string, string>;
  /** Take tenant, client id and secret from this simulator app (tenant index, app index). */
  app?: { tenant: number; app: number };
  /** Certificate auth with this thumbprint; `secret` is then the PEM private key. */
  certificateThumbprint?: string;
}

/** The simulator's app `app` of tenant `tenant` (0: full access, 1: read-only, 2: no permissions). */
export function simApp(w: World, tenant: number, app: number): AppInfo & { tenantId: string } {
  const t = w.sim.tenants[tenant];
  const a = t?.apps[app];
  if (!t || !a) throw new Error(`the simulator has no app ${app} in tenant ${tenant}`);
  return { ...a, tenantId: t.tenantId };
}

/** An account in the custom cloud pointing at the simulator, with its secret in storage/passwords. */
export async function addAccount(w: World, name: string, over: AccountOptions = {}): Promise<void> {
  const app = over.app ? simApp(w, over.app.tenant, over.app.app) : undefined;
  await addSimulatorAccount(w.admin, w.sim, name, {
    tenantId: over.tenantId ?? app?.tenantId ?? w.tenantId,
    clientId: over.clientId ?? app?.clientId ?? w.clientId,
    secret: over.secret ?? app?.clientSecret ?? w.clientSecret,
    keys: {
      ...(over.certificateThumbprint ? { auth_type: 'certificate', certificate_thumbprint: over.certificateThumbprint } : {}),
      ...over.keys,
    },
  });
}

/** Creates an input through data/inputs (splunkd runs its --validate-arguments). */
export async function addInput(w: World, scheme: string, name: string, params: Record<string, string>): Promise<void> {
  await w.admin.post(`data/inputs/${scheme}`, { name, ...params });
}

/** Replaces keys of a ta_defender_sync_settings.conf stanza ([proxy], [network], [logging]). */
export async function setSettings(w: World, stanza: 'proxy' | 'network' | 'logging', keys: Record<string, string>): Promise<void> {
  await w.admin.postConfStanza(SETTINGS_CONF, stanza, keys);
}

/** [proxy] as the setup page writes it: host and port in the conf, the password in storage/passwords. */
export async function setProxy(w: World, p: { port: number; username?: string; password?: string; enabled?: boolean }): Promise<void> {
  await setSettings(w, 'proxy', {
    proxy_enabled: p.enabled === false ? '0' : '1',
    proxy_type: 'http',
    proxy_url: '127.0.0.1',
    proxy_port: String(p.port),
    proxy_username: p.username ?? '',
  });
  if (p.password !== undefined) await setSecret(w.admin, PASSWORD_REALM, PROXY_SECRET_USER, p.password);
}

export interface RunOutcome {
  result: InputRunResult;
  /** The simulator's requests answered while the run was going (runs not overlapping). */
  requests: RequestRecord[];
}

/** One run of an input through its packaged launcher, with the simulator requests it made. */
export async function runOnce(w: World, scheme: string, name: string, timeoutMs = 120_000): Promise<RunOutcome> {
  const from = w.sim.requestLog.length === 0 ? 0 : w.sim.requestLog[w.sim.requestLog.length - 1]!.seq;
  const result = await w.splunkd.runInput({ scheme, stanza: name, timeoutMs }).result;
  return { result, requests: w.sim.requestLog.filter((r) => r.seq > from) };
}

/** Where splunkd's checkpoint_dir puts the input's checkpoint. */
export function checkpointPath(w: World, scheme: string, name: string): string {
  return join(w.splunkd.splunkHome, 'var', 'lib', 'splunk', 'modinputs', scheme, checkpointFileName(`${scheme}://${name}`));
}

export function readCheckpoint(w: World, scheme: string, name: string): IngestState | undefined {
  const path = checkpointPath(w, scheme, name);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as IngestState) : undefined;
}

/** $SPLUNK_HOME/var/log/splunk/ta_defender_sync.log, as lines (empty when absent). */
export function logFileLines(w: World): string[] {
  const path = join(w.splunkd.splunkHome, 'var', 'log', 'splunk', 'ta_defender_sync.log');
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l !== '') : [];
}
