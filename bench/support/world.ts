// The benchmarks' world: the linux package built once per `npm run bench`, the Defender simulator
// (in this process, rate limits off unless asked) and the splunkd stand-in with the package installed,
// one client-secret account per simulator tenant, and [network] pacing as the benchmark needs it.
// Inputs are started as splunkd starts them (launcher, run-mode XML on stdin, splunkd's environment),
// but their stdout is thrown away instead of indexed, so the parent's XML parsing is not measured.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startSimulator, type Simulator, type SimulatorOptions, type TenantSpec } from '../../sandbox/simulator';
import { startSplunkd, type Splunkd } from '../../sandbox/splunkd';
import { runInputXml } from '../../sandbox/splunkd/modinput-xml';
import { addSimulatorAccount } from '../../sandbox/simulator-account';
import { SETTINGS_CONF } from '../../src/config/names';
import { SplunkdClient } from '../../src/splunk/rest';
import { runChild, type ChildRun } from './child';

export const APP = 'TA_defender_sync';
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const workDirs: string[] = [];
process.on('exit', () => {
  for (const d of workDirs) rmSync(d, { recursive: true, force: true });
});

export function workDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  workDirs.push(dir);
  return dir;
}

let built: Promise<string> | undefined;

/**
 * The linux-x86_64 package of the current source, built once per process; or the package named by
 * BENCH_PACKAGE, to measure a given build (e.g. a candidate fix against the current one).
 */
export function linuxPackage(): Promise<string> {
  const given = process.env.BENCH_PACKAGE;
  if (given) return Promise.resolve(given);
  built ??= (async () => {
    const dir = workDir('defender-sync-bench-build-');
    await promisify(execFile)(
      process.execPath,
      ['build.js', '--package', '--targets', 'linux-x86_64', '--build-dir', join(dir, 'build'), '--dist-dir', join(dir, 'dist')],
      { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
    );
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    return join(dir, 'dist', `${APP}-${version}-linux-x86_64.tgz`);
  })();
  return built;
}

/** One simulator tenant and the account (`t<index>`) configured for its full-access app. */
export interface BenchTenant {
  account: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export interface BenchWorld {
  sim: Simulator;
  splunkd: Splunkd;
  admin: SplunkdClient;
  appDir: string;
  /** The bundled Node.js runtime of the installed package. */
  runtime: string;
  tenants: BenchTenant[];
  /** The environment splunkd gives launched processes (trusting the simulator's CA). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export interface BenchWorldOptions {
  /** One tenant (and account) per spec, so one world serves several data sizes. */
  tenants: TenantSpec[];
  /** Other simulator options; rate limits are off unless given. */
  simulator?: Omit<SimulatorOptions, 'tenants'>;
  /** [network] of ta_defender_sync_settings.conf; client-side pacing is off unless given. */
  network?: Record<string, string>;
}

export const accountFor = (tenantIndex: number): string => `t${tenantIndex}`;

export async function startBenchWorld(o: BenchWorldOptions): Promise<BenchWorld> {
  const pkg = await linuxPackage();
  const sim = await startSimulator({ rateLimits: false, ...o.simulator, tenants: o.tenants });
  let splunkd: Splunkd | undefined;
  try {
    const splunkHome = workDir('defender-sync-bench-splunk-');
    // splunkd's view: no node on PATH, so only the bundled runtime can serve (launchers need no tools).
    splunkd = await startSplunkd({ splunkHome, path: workDir('defender-sync-bench-path-'), env: { NODE_EXTRA_CA_CERTS: sim.caFile } });
    await splunkd.installApp(pkg);
    const admin = new SplunkdClient({ serverUri: splunkd.uri, sessionKey: splunkd.sessionKeyFor('admin') });
    await admin.postConfStanza(SETTINGS_CONF, 'network', { graph_requests_per_minute: '0', mde_requests_per_minute: '0', ...o.network });
    const tenants: BenchTenant[] = [];
    for (const [i, t] of sim.tenants.entries()) {
      const app = t.apps[0];
      if (!app?.clientSecret) throw new Error(`simulator tenant ${i} has no client-secret app`);
      const account = accountFor(i);
      await addSimulatorAccount(admin, sim, account, { tenantId: t.tenantId, clientId: app.clientId, secret: app.clientSecret });
      tenants.push({ account, tenantId: t.tenantId, clientId: app.clientId, clientSecret: app.clientSecret });
    }
    const appDir = join(splunkHome, 'etc', 'apps', APP);
    const s = splunkd;
    return {
      sim,
      splunkd: s,
      admin,
      appDir,
      runtime: join(appDir, 'bin', 'runtime', 'linux-x64', 'node'),
      tenants,
      env: s.launchEnv(),
      async stop() {
        admin.close();
        await s.stop();
        await sim.stop();
      },
    };
  } catch (err) {
    await splunkd?.stop();
    await sim.stop();
    throw err;
  }
}

export interface InputRunOptions {
  scheme: string;
  /** Simulator tenant whose account the input uses. Default 0. */
  tenant?: number;
  /** Stanza parameters besides account, interval, index, host, disabled. */
  params?: Record<string, string>;
  timeoutMs?: number;
}

let runCounter = 0;

/**
 * One run of an input through its packaged launcher with a fresh checkpoint directory (so every run reads
 * everything from start_date), as splunkd runs it for one stanza. An interval of an hour gives the run a
 * budget far beyond what the benchmarks need.
 */
export async function runInputProcess(w: BenchWorld, o: InputRunOptions): Promise<ChildRun> {
  const name = `bench_${++runCounter}`;
  const checkpointDir = workDir('defender-sync-bench-checkpoint-');
  const stdin = runInputXml(
    { serverHost: w.splunkd.serverName, serverUri: w.splunkd.uri, sessionKey: w.splunkd.sessionKeyFor('splunk-system-user'), checkpointDir },
    [{ name: `${o.scheme}://${name}`, app: APP, params: { account: accountFor(o.tenant ?? 0), interval: '3600', index: 'default', host: w.splunkd.serverName, disabled: '0', ...o.params } }],
  );
  const run = await runChild({ file: join(w.appDir, 'bin', `${o.scheme}.sh`), env: w.env, cwd: w.splunkd.splunkHome, stdin, timeoutMs: o.timeoutMs ?? 600_000 });
  rmSync(checkpointDir, { recursive: true, force: true });
  return run;
}
