// Canary secrets and the run summary, over runs that work and runs that fail: a canary client secret (right
// and wrong), a canary proxy password (right and wrong) and a canary certificate private key never appear
// in stdout (events), stderr, validation answers, ta_defender_sync.log, conf files, checkpoints or any other
// file under $SPLUNK_HOME. Every run writes exactly one action=run_complete line, in the documented field
// order, to stderr and to ta_defender_sync.log.
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createProxy, type ProxyServer } from 'proxy';
import type { InputRunResult } from '../../sandbox/splunkd';
import { addAccount, addInput, logFileLines, runOnce, setProxy, setSettings, simApp, startWorld, type World } from '../helpers/world';
import { errorLines, SCHEME, summaryOf } from './support';

const CANARY_SECRET = 'cAnArY8Q~Sec_ret.Value-7f3e9b2d41a6c58e0d';
const CANARY_SECRET_NO_ROLES = 'nOrOlE8Q~canary.secret_of-the-app-w1th0ut';
const CANARY_WRONG_SECRET = 'wRoNg8Q~canary-secret-that-entra-refuses';
const CANARY_PROXY_PASSWORD = 'canary-Pr0xy p@ss/wörd+1';
const CANARY_WRONG_PROXY_PASSWORD = 'wrong-canary-pr0xy-pa55';
const FULL = { graph: ['SecurityIncident.ReadWrite.All', 'SecurityAlert.ReadWrite.All'], mde: ['Alert.ReadWrite.All'] };

/** Every form a secret could leak in: as is, URL-encoded, base64, JSON-escaped. */
function forms(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), JSON.stringify(secret).slice(1, -1)])];
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

describe('e2e: canary secrets and the run summary', function () {
  this.timeout(180_000);
  let w: World;
  let proxy: ProxyServer;
  let proxyPort: number;
  const runs: Array<{ label: string; result: InputRunResult }> = [];
  const answers: string[] = [];
  let keyPem: string;
  let canaries: string[];

  before(async () => {
    w = await startWorld({
      simulator: {
        incidents: 60,
        mdeAlerts: 20,
        tenants: [
          {
            apps: [
              { displayName: 'Canary', clientSecret: CANARY_SECRET, certificate: 'generate', roles: FULL },
              { displayName: 'Canary without roles', clientSecret: CANARY_SECRET_NO_ROLES, certificate: false, roles: { graph: [], mde: [] } },
            ],
          },
        ],
      },
    });
    keyPem = simApp(w, 0, 0).certificates[0]!.privateKeyPem!;
    // The key's base64 body lines, and the body as one line, are canaries too.
    const body = keyPem.split('\n').filter((l) => l && !l.startsWith('-----'));
    canaries = [CANARY_SECRET, CANARY_SECRET_NO_ROLES, CANARY_WRONG_SECRET, CANARY_PROXY_PASSWORD, CANARY_WRONG_PROXY_PASSWORD, ...body, body.join('')];

    proxy = createProxy(createServer());
    proxy.authenticate = (req: IncomingMessage) =>
      req.headers['proxy-authorization'] === `Basic ${Buffer.from(`squid:${CANARY_PROXY_PASSWORD}`).toString('base64')}`;
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyPort = (proxy.address() as AddressInfo).port;

    await setSettings(w, 'logging', { loglevel: 'DEBUG' });
    await addAccount(w, 'canary', { secret: CANARY_SECRET });
    await addAccount(w, 'canary_wrong', { secret: CANARY_WRONG_SECRET });
    await addAccount(w, 'canary_no_roles', { app: { tenant: 0, app: 1 } });
    await addAccount(w, 'canary_cert', { secret: keyPem, certificateThumbprint: simApp(w, 0, 0).certificates[0]!.thumbprintSha256 });
    for (const account of ['canary', 'canary_wrong', 'canary_no_roles', 'canary_cert']) {
      // Splunk may hold inputs whose account no longer works: write the stanzas as the conf would have them.
      await w.admin.postConfStanza('inputs', `${SCHEME.incidents}://${account}`, { account, index: 'defender', start_date: '2020-01-01' });
    }
    await w.admin.postConfStanza('inputs', `${SCHEME.alerts}://deleted_account`, { account: 'deleted', index: 'defender' });
  });
  after(async () => {
    await new Promise<void>((resolve) => proxy?.close(() => resolve()));
    await w?.stop();
  });

  async function run(label: string, scheme: string, name: string): Promise<InputRunResult> {
    const before = logFileLines(w).filter((l) => / action=run_complete /.test(l)).length;
    const { result } = await runOnce(w, scheme, name);
    runs.push({ label, result });
    // The summary line: one on stderr in the documented order, the same one in ta_defender_sync.log.
    const s = summaryOf(result);
    const logged = logFileLines(w).filter((l) => / action=run_complete /.test(l));
    expect(logged.length - before, `${label}: run_complete lines added to the log file`).to.equal(1);
    const line = logged.at(-1)!;
    expect(line).to.match(new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\+0000 level=INFO pid=\\d+ component=${scheme} `));
    expect(line.slice(line.indexOf(' action=run_complete ') + 1)).to.equal(s.line);
    expect(s.input).to.equal(name);
    return result;
  }

  it('a working client-secret account through the proxy with its canary password', async () => {
    await setProxy(w, { port: proxyPort, username: 'squid', password: CANARY_PROXY_PASSWORD });
    const r = await run('ok via proxy', SCHEME.incidents, 'canary');
    expect(errorLines(r)).to.deep.equal([]);
    expect(r.exitCode).to.equal(0);
    expect(summaryOf(r).status).to.equal('caught_up');
  });

  it('a wrong proxy password', async () => {
    await setProxy(w, { port: proxyPort, username: 'squid', password: CANARY_WRONG_PROXY_PASSWORD });
    const r = await run('wrong proxy password', SCHEME.incidents, 'canary');
    expect(r.exitCode).to.equal(1);
    expect(errorLines(r)).to.have.length(1);
    expect(errorLines(r)[0]).to.include('refused the credentials (407 Proxy Authentication Required)');
    answers.push((await w.splunkd.runValidate(SCHEME.incidents, 'x', { account: 'canary' })).message ?? '');
    await setProxy(w, { port: proxyPort, username: 'squid', password: CANARY_PROXY_PASSWORD, enabled: false });
  });

  it('a wrong client secret', async () => {
    const r = await run('wrong secret', SCHEME.incidents, 'canary_wrong');
    expect(r.exitCode).to.equal(1);
    expect(errorLines(r)).to.have.length(1);
    expect(errorLines(r)[0]).to.include('AADSTS7000215');
    answers.push((await w.splunkd.runValidate(SCHEME.incidents, 'x', { account: 'canary_wrong' })).message ?? '');
  });

  it('an app without permissions (403)', async () => {
    const r = await run('403', SCHEME.incidents, 'canary_no_roles');
    expect(r.exitCode).to.equal(1);
    expect(errorLines(r)).to.have.length(1);
    expect(errorLines(r)[0]).to.include('returned 403');
    answers.push((await w.splunkd.runValidate(SCHEME.endpoint, 'x', { account: 'canary_no_roles' })).message ?? '');
  });

  it('a certificate account whose key is a canary', async () => {
    const r = await run('certificate', SCHEME.incidents, 'canary_cert');
    expect(errorLines(r)).to.deep.equal([]);
    expect(r.exitCode).to.equal(0);
  });

  it('an input whose account was deleted: still one summary line, every field present', async () => {
    const r = await run('deleted account', SCHEME.alerts, 'deleted_account');
    expect(r.exitCode).to.equal(1);
    expect(errorLines(r)).to.have.length(1);
    const s = summaryOf(r);
    expect([s.account, s.tenant, s.events, s.pages, s.requests, s.cursor, s.status]).to.deep.equal(['deleted', '""', 0, 0, 0, '""', 'failed']);
  });

  it('no canary in stdout, stderr, validation answers or any file under $SPLUNK_HOME', () => {
    expect(runs.length).to.equal(6);
    expect(answers.length).to.equal(3);
    const outputs = [
      ...runs.flatMap(({ label, result }) => [
        { where: `${label}: events`, text: result.events.map((e) => e._raw).join('\n') },
        { where: `${label}: stderr`, text: result.stderr.map((l) => `${l.level} ${l.text}`).join('\n') },
        { where: `${label}: stdout after the last event`, text: result.protocolErrors.map((e) => e.bytes.toString('latin1')).join('\n') },
      ]),
      ...answers.map((text, k) => ({ where: `validation answer ${k}`, text })),
    ];
    const files = filesUnder(w.splunkd.splunkHome).filter((f) => statSync(f).size > 0);
    expect(files.some((f) => f.endsWith('ta_defender_sync.log'))).to.equal(true);
    expect(files.some((f) => f.includes(`${join('modinputs', SCHEME.incidents)}`))).to.equal(true);
    expect(files.some((f) => f.endsWith('passwords.conf'))).to.equal(true);
    const needles = canaries.flatMap(forms);
    const leaks: string[] = [];
    for (const o of outputs) for (const n of needles) if (o.text.includes(n)) leaks.push(`${o.where} holds ${n.slice(0, 12)}…`);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const n of needles) if (bytes.includes(n)) leaks.push(`${f} holds ${n.slice(0, 12)}…`);
    }
    expect(leaks).to.deep.equal([]);
  });
});
