// Cold start of `bin/defender_sync_incidents.sh --scheme` from the installed linux-x86_64 package against a
// bare `node -e 0` on the same bundled runtime (DESIGN §8: within 1.5×). splunkd runs --scheme for every
// modular input at each start. Runs are interleaved so that drift in machine load hits both sides alike.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tar from 'tar';
import type { BenchResult } from './run';

export const name = 'cold-start';

const ROUNDS = 30;
const WARMUP = 3;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function timeRun(file: string, args: string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return ms;
}

export async function run(): Promise<BenchResult[]> {
  const work = mkdtempSync(join(tmpdir(), 'defender-sync-bench-'));
  try {
    execFileSync(process.execPath, ['build.js', '--package', '--targets', 'linux-x86_64', '--build-dir', join(work, 'build'), '--dist-dir', join(work, 'dist')], {
      cwd: root,
      stdio: 'ignore',
    });
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const splunkHome = join(work, 'splunk');
    mkdirSync(join(splunkHome, 'etc/apps'), { recursive: true });
    await tar.x({ file: join(work, 'dist', `TA_defender_sync-${version}-linux-x86_64.tgz`), cwd: join(splunkHome, 'etc/apps') });
    const app = join(splunkHome, 'etc/apps/TA_defender_sync');
    const runtime = join(app, 'bin/runtime/linux-x64/node');
    const launcher = join(app, 'bin/defender_sync_incidents.sh');
    const entry = join(app, 'bin/lib/defender_sync_incidents.mjs');
    // splunkd's view: SPLUNK_HOME set, no node on PATH.
    const emptyPath = join(work, 'path');
    mkdirSync(emptyPath);
    const env = { PATH: emptyPath, SPLUNK_HOME: splunkHome };

    const bare: number[] = [];
    const scheme: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < WARMUP + ROUNDS; i++) {
      const b = timeRun(runtime, ['-e', '0'], env);
      const s = timeRun(launcher, ['--scheme'], env);
      const d = timeRun(runtime, [entry, '--scheme'], env);
      if (i < WARMUP) continue;
      bare.push(b);
      scheme.push(s);
      direct.push(d);
    }
    const base = median(bare);
    return [
      { metric: `bundled node -e 0, median of ${ROUNDS}`, value: base, unit: 'ms' },
      { metric: `launcher --scheme, median of ${ROUNDS}`, value: median(scheme), unit: 'ms' },
      { metric: 'node bin/lib/<entry>.mjs --scheme (no launcher)', value: median(direct), unit: 'ms' },
      { metric: '--scheme via launcher / node -e 0', value: median(scheme) / base, unit: 'x', goal: { max: 1.5 } },
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
