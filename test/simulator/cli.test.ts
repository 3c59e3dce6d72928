// Acceptance 6: `npm run simulator` starts, prints URLs, the CA file and a ready-to-paste custom
// account that really works, and stops on SIGINT with exit code 0.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/shared';

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(command: string, args: string[], detached = false): Promise<Running> {
  const child = spawn(command, args, { cwd: repoRoot, detached, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_EXTRA_CA_CERTS: '' } });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`simulator did not get ready:\n${out}`));
    }, 30_000);
    child.stdout!.on('data', () => {
      if (/Ready \(pid \d+\)/.test(out) || /^\{.*"pid":\d+.*\}$/m.test(out)) {
        clearTimeout(timer);
        resolve({ child, output: () => out, exited });
      }
    });
    child.on('exit', () => reject(new Error(`simulator exited early:\n${out}`)));
  });
}

function post(url: string, ca: string, form: Record<string, string>): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', ca, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => { text += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(new URLSearchParams(form).toString());
  });
}

describe('simulator CLI (npm run simulator)', function () {
  this.timeout(60_000);
  const caDir = mkdtempSync(join(tmpdir(), 'simulator-cli-test-'));
  after(() => rmSync(caDir, { recursive: true, force: true }));

  it('prints URLs, CA file and a working custom account; SIGINT stops it with exit 0', async () => {
    const sim = await run('npm', ['run', '--silent', 'simulator', '--', '--port', '0', '--seed', '1', '--incidents', '50', '--ca-dir', caDir]);
    const out = sim.output();
    const field = (name: string) => new RegExp(`^\\s*${name} = (\\S+)$`, 'm').exec(out)?.[1];
    const login = field('login_url')!;
    expect(login).to.match(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(field('graph_url')).to.equal(`${login}/graph`);
    expect(field('mde_url')).to.equal(`${login}/mde`);
    expect(field('cloud')).to.equal('custom');
    expect(out).to.include(`Control API:     ${login}/_control`);
    expect(out).to.match(/per tenant 50 incidents/);
    const caFile = /CA certificate:\s+(\S+)/.exec(out)![1]!;
    expect(caFile).to.equal(join(caDir, 'ca.pem'));
    const secret = /client secret[^:]*: (\S+)$/m.exec(out)![1]!;
    const token = await post(`${login}/${field('tenant_id')}/oauth2/v2.0/token`, readFileSync(caFile, 'utf8'), {
      grant_type: 'client_credentials', client_id: field('client_id')!, client_secret: secret, scope: `${field('graph_url')}/.default`,
    });
    expect(token.status).to.equal(200);
    expect(token.body.token_type).to.equal('Bearer');
    const pid = Number(/Ready \(pid (\d+)\)/.exec(out)![1]);
    process.kill(pid, 'SIGINT');
    const { code } = await sim.exited;
    expect(code).to.equal(0);
    expect(sim.output()).to.include('Stopped (SIGINT).');
  });

  it('Ctrl-C to the whole process group stops the simulator cleanly (exit 0), reusing the CA', async () => {
    const before = readFileSync(join(caDir, 'ca.pem'), 'utf8');
    const sim = await run(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['sandbox/simulator/cli.ts', '--port', '0', '--incidents', '5', '--ca-dir', caDir, '--json'], true);
    const info = JSON.parse(sim.output().trim().split('\n').at(-1)!.replace(/^[^{]*/, '')) as { caFile: string; account: Record<string, string>; pid: number };
    expect(info.account).to.include({ cloud: 'custom' });
    expect(readFileSync(info.caFile, 'utf8')).to.equal(before);
    process.kill(-sim.child.pid!, 'SIGINT');
    expect((await sim.exited).code).to.equal(0);
  });

  it('refuses bad arguments with a message and exit code 2', async () => {
    const child = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['sandbox/simulator/cli.ts', '--incidents', 'lots'], { cwd: repoRoot });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).to.equal(2);
    expect(err).to.include("--incidents must be a non-negative integer, got 'lots'");
    expect(existsSync(caDir)).to.equal(true);
  });
});
