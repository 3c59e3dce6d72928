// Azurite's Blob service (npm `azurite` 3.35, the last line that runs on Node 20) on a free loopback
// port, in memory, with telemetry off (without --disableTelemetry it calls Application Insights):
// the Azure Blob Storage the stream input's shared checkpoint store is tested against (streaming.md §5.4).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Azurite's well-known development account (public, documented; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  readonly blobEndpoint: string;
  readonly connectionString: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** With `https`: served over TLS with that loopback certificate and key (PEM); clients must trust its CA. */
export async function startAzurite(o: { timeoutMs?: number; https?: { certPem: string; keyPem: string } } = {}): Promise<Azurite> {
  const main = join(dirname(createRequire(import.meta.url).resolve('azurite/package.json')), 'dist/src/blob/main.js');
  const tlsArgs: string[] = [];
  let dir: string | undefined;
  if (o.https) {
    dir = mkdtempSync(join(tmpdir(), 'defender-sync-azurite-'));
    writeFileSync(join(dir, 'cert.pem'), o.https.certPem);
    writeFileSync(join(dir, 'key.pem'), o.https.keyPem, { mode: 0o600 });
    tlsArgs.push('--cert', join(dir, 'cert.pem'), '--key', join(dir, 'key.pem'));
  }
  const scheme = o.https ? 'https' : 'http';
  const child: ChildProcess = spawn(process.execPath, [
    main, '--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence', '--extentMemoryLimit', '256',
    '--skipApiVersionCheck', '--disableTelemetry', '--loose', ...tlsArgs,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within ${o.timeoutMs ?? 20_000} ms: ${output.trim()}`)), o.timeoutMs ?? 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const m = new RegExp(`successfully listens on ${scheme}://127\\.0\\.0\\.1:(\\d+)`).exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    function fail(e: Error): void {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    }
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`Azurite exited (${code}) before listening: ${output.trim()}`)));
  });
  child.removeAllListeners('exit');
  const blobEndpoint = `${scheme}://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    blobEndpoint,
    connectionString: `DefaultEndpointsProtocol=${scheme};AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${blobEndpoint};`,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
