// The three launcher entry points, bundled the way the build does (esbuild, ESM, code splitting) and run
// as real processes, as splunkd runs them.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { build } from 'esbuild';
import { nodeBundleOptions } from '../../../scripts/packaging/esbuild-options.js';
import { alertsInput, endpointAlertsInput, incidentsInput } from '../../../src/inputs/definitions';
import type { InputDefinition } from '../../../src/splunk/modinput/definition';
import { renderScheme } from '../../../src/splunk/modinput/scheme';
import { repoRoot } from '../../helpers/shared';

const ENTRIES: Array<[string, InputDefinition]> = [
  ['defender_sync_incidents', incidentsInput],
  ['defender_sync_alerts', alertsInput],
  ['defender_sync_endpoint_alerts', endpointAlertsInput],
];

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a bundled entry; `stdin` undefined = leave stdin open (never closed by us), as a careless parent might. */
function run(file: string, args: string[], stdin: string | undefined, keepOpen = false): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.stdin.on('error', () => undefined);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} ${args.join(' ')} did not exit within 10 s (stdout: ${stdout}, stderr: ${stderr})`));
    }, 10_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, stdout, stderr });
    });
    if (stdin !== undefined) {
      if (keepOpen) child.stdin.write(stdin);
      else child.stdin.end(stdin);
    }
  });
}

// Port 1 on loopback: nothing listens, so the input meets "splunkd unreachable" at once.
const serverInfo =
  '<server_host>sh1</server_host><server_uri>https://127.0.0.1:1</server_uri><session_key>k</session_key><checkpoint_dir>/tmp</checkpoint_dir>';

describe('entry points (bundled with esbuild, run as processes)', function () {
  this.timeout(60_000);
  let outdir = '';

  before(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'defender-sync-entry-'));
    // The build's own esbuild options, so this proves what ships.
    await build({
      ...nodeBundleOptions({ entryPoints: ENTRIES.map(([name]) => join(repoRoot, 'src', 'entry', `${name}.ts`)), outdir }),
      logLevel: 'silent',
    });
  });

  after(() => rmSync(outdir, { recursive: true, force: true }));

  it('keeps the input, MSAL and the XML parser out of each entry file: they are separate chunks', () => {
    for (const [name] of ENTRIES) {
      const file = readdirSync(outdir).includes(`${name}.mjs`) ? join(outdir, `${name}.mjs`) : '';
      const code = readFileSync(file, 'utf8');
      expect(code, name).not.to.contain('ConfidentialClientApplication');
      expect(code, name).not.to.contain('XMLValidator');
      expect(code, name).not.to.contain('keysetPages');
    }
  });

  for (const [name, def] of ENTRIES) {
    it(`${name} --scheme prints its scheme and exits 0`, async () => {
      const r = await run(join(outdir, `${name}.mjs`), ['--scheme'], undefined);
      expect(r).to.deep.equal({ code: 0, stdout: renderScheme(def), stderr: '' });
    });
  }

  it('--validate-arguments exits once the document arrived although stdin stays open, and says splunkd is unreachable', async () => {
    const xml = `<items>${serverInfo}<item name="prod"><param name="account">prod</param></item></items>`;
    const r = await run(join(outdir, 'defender_sync_alerts.mjs'), ['--validate-arguments'], xml, true);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.match(/^<error><message>.*127\.0\.0\.1:1.*check that splunkd is running.*<\/message><\/error>\n$/);
    expect(r.stdout).not.to.contain('<session_key>');
  });

  it('--validate-arguments answers a bad parameter with <error> and exit 1', async () => {
    const xml = `<items>${serverInfo}<item name="prod"><param name="account">prod</param><param name="region">mars</param></item></items>`;
    const r = await run(join(outdir, 'defender_sync_endpoint_alerts.mjs'), ['--validate-arguments'], xml);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.equal(
      "<error><message>region 'mars' is not known: use one of default, us, eu, uk, au, swa, ina, aea.</message></error>\n",
    );
  });

  it('run mode without splunkd: one ERROR line, the summary line, no events, exit 1', async () => {
    const xml = `<input>${serverInfo}<configuration><stanza name="defender_sync_incidents://prod"><param name="account">prod</param></stanza></configuration></input>`;
    const r = await run(join(outdir, 'defender_sync_incidents.mjs'), [], xml, true);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.equal('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/^ERROR .*check that splunkd is running.* action=run_failed input=prod error_code=splunkd_error$/);
    expect(lines[1]).to.match(/^INFO action=run_complete input=prod account=prod tenant="" events=0 pages=0 requests=0 throttled=0 retries=0 duration_ms=\d+ cursor="" status=failed error_code=splunkd_error interval=300$/);
  });

  it('an unknown argument gives exit 2 and an ERROR line', async () => {
    const r = await run(join(outdir, 'defender_sync_incidents.mjs'), ['--help'], '');
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/^ERROR defender_sync_incidents: unexpected arguments \["--help"\]; usage: /);
  });
});
