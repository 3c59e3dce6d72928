// Network settings end to end: an authenticating CONNECT proxy (npm `proxy`) that is the only route to
// Microsoft, configured in [proxy] with its password in storage/passwords; and TLS trust through
// [network] ca_bundle alone, or through nothing (TLS verification is never disabled).
import { expect } from 'chai';
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { createProxy, type ProxyServer } from 'proxy';
import { addAccount, addInput, runOnce, setProxy, startWorld, type World } from '../helpers/world';
import { bySourcetype, errorLines, SCHEME, simRecords, ST, summaryOf } from './support';

const PROXY_USER = 'svc-splunk';
const PROXY_PASSWORD = 'Pr0xy p@ss:wörd/+%';

describe('e2e: through an authenticating proxy', function () {
  this.timeout(120_000);
  let w: World;
  let proxy: ProxyServer;
  let proxyPort: number;
  const connects: Array<{ target: string; authorized: boolean }> = [];
  /** CONNECT targets as the input asked for them. */
  const tunnels: string[] = [];

  before(async () => {
    w = await startWorld({ simulator: { incidents: 60, mdeAlerts: 20 } });
    proxy = createProxy(createServer());
    proxy.authenticate = (req: IncomingMessage) => {
      const ok = req.headers['proxy-authorization'] === `Basic ${Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64')}`;
      connects.push({ target: req.url ?? '', authorized: ok });
      return ok;
    };
    // The simulator listens on 127.0.0.1 only, while the account names its Graph and Defender for Endpoint
    // roots [::1] (also in its certificate and accepted as token audience): the input cannot reach those
    // directly, only through the proxy, which connects to 127.0.0.1. Token calls are proven to use the
    // proxy by the wrong-password case.
    proxy.prependListener('connect', (req: IncomingMessage) => {
      tunnels.push(req.url ?? '');
      req.url = req.url?.replace(/^\[::1\]:/, '127.0.0.1:');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyPort = (proxy.address() as AddressInfo).port;
    const root = `https://[::1]:${w.sim.port}`;
    await addAccount(w, 'via_proxy', { keys: { graph_url: `${root}/graph`, mde_url: `${root}/mde` } });
    await setProxy(w, { port: proxyPort, username: PROXY_USER, password: PROXY_PASSWORD, enabled: false });
    // Written straight to inputs.conf: with the proxy off, --validate-arguments could not reach Graph.
    for (const scheme of [SCHEME.incidents, SCHEME.endpoint])
      await w.admin.postConfStanza('inputs', `${scheme}://proxied`, { account: 'via_proxy', index: 'defender', start_date: '2020-01-01' });
  });
  after(async () => {
    await new Promise<void>((resolve) => proxy?.close(() => resolve()));
    proxy?.closeAllConnections?.();
    await w?.stop();
  });
  beforeEach(() => {
    connects.length = 0;
    tunnels.length = 0;
  });

  it('without the proxy, the simulator is out of reach at [::1] (the control for the next test)', async () => {
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(w.sim.port, '::1');
      socket.once('connect', () => (socket.destroy(), resolve('connected')));
      socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    expect(refused).to.equal('ECONNREFUSED');
  });

  it('with [proxy] and its password: every Microsoft call goes through CONNECT, and the inputs ingest', async () => {
    await setProxy(w, { port: proxyPort, username: PROXY_USER, password: PROXY_PASSWORD });
    for (const [scheme, st, kind] of [
      [SCHEME.incidents, ST.incident, 'incident'],
      [SCHEME.endpoint, ST.endpointAlert, 'mdeAlert'],
    ] as const) {
      connects.length = 0;
      const run = await runOnce(w, scheme, 'proxied');
      expect(errorLines(run.result)).to.deep.equal([]);
      expect(run.result.exitCode).to.equal(0);
      expect(bySourcetype(run.result.events, st)).to.have.length(simRecords(w, kind).length);
      // Token and API calls all happened, and the only way to the simulator was a CONNECT tunnel.
      expect(run.requests.some((q) => q.api === 'token') && run.requests.some((q) => q.api === 'graph' || q.api === 'mde')).to.equal(true);
      expect(connects.length).to.be.at.least(1);
      expect(connects.every((c) => c.authorized)).to.equal(true);
      // Graph / Defender for Endpoint at [::1] (only reachable this way), Entra ID at 127.0.0.1.
      expect(new Set(tunnels)).to.deep.equal(new Set([`[::1]:${w.sim.port}`, `127.0.0.1:${w.sim.port}`]));
      expect(summaryOf(run.result).status).to.equal('caught_up');
    }
  });

  it('a wrong proxy password: one clear ERROR, no retries, nothing reaches Microsoft', async () => {
    await setProxy(w, { port: proxyPort, username: PROXY_USER, password: 'not-the-password' });
    try {
      const run = await runOnce(w, SCHEME.incidents, 'proxied');
      expect(run.result.exitCode).to.equal(1);
      const errors = errorLines(run.result);
      expect(errors).to.have.length(1);
      expect(errors[0]).to.match(
        new RegExp(
          `^account 'via_proxy' \\(tenant ${w.tenantId}\\): Entra ID failed: the proxy 127\\.0\\.0\\.1:${proxyPort} refused the credentials \\(407 Proxy Authentication Required\\)\\. Fix: check proxy_username and the proxy password on the Configuration page \\(Proxy tab\\)\\. action=run_failed input=proxied error_code=proxy_auth_failed$`,
        ),
      );
      expect(run.requests).to.deep.equal([]);
      expect(connects.length).to.be.at.least(1);
      expect(connects.every((c) => !c.authorized)).to.equal(true);
      expect(JSON.stringify(run.result.stderr)).to.not.include('not-the-password');
    } finally {
      await setProxy(w, { port: proxyPort, username: PROXY_USER, password: PROXY_PASSWORD });
    }
  });
});

describe('e2e: TLS trust for Microsoft endpoints', function () {
  this.timeout(120_000);

  it('trusts the simulator through [network] ca_bundle alone (no NODE_EXTRA_CA_CERTS)', async () => {
    const w = await startWorld({ simulator: { incidents: 30 }, caInConf: true });
    try {
      expect(w.splunkd.launchEnv()).to.not.have.property('NODE_EXTRA_CA_CERTS');
      await addAccount(w, 'prod');
      await addInput(w, SCHEME.alerts, 'trusted', { account: 'prod', index: 'defender', start_date: '2020-01-01' });
      const run = await runOnce(w, SCHEME.alerts, 'trusted');
      expect(errorLines(run.result)).to.deep.equal([]);
      expect(run.result.exitCode).to.equal(0);
      expect(run.result.events).to.have.length(simRecords(w, 'alert').length);
    } finally {
      await w.stop();
    }
  });

  it('without any CA for it: one ERROR saying the certificate is not trusted and how to fix it', async () => {
    const w = await startWorld({ simulator: { incidents: 30 }, untrusted: true });
    try {
      expect(w.splunkd.launchEnv()).to.not.have.property('NODE_EXTRA_CA_CERTS');
      await addAccount(w, 'prod');
      await w.admin.postConfStanza('inputs', `${SCHEME.alerts}://untrusted`, { account: 'prod', index: 'defender', start_date: '2020-01-01' });
      const run = await runOnce(w, SCHEME.alerts, 'untrusted');
      expect(run.result.exitCode).to.equal(1);
      expect(run.result.events).to.deep.equal([]);
      expect(errorLines(run.result)).to.deep.equal([
        `account 'prod' (tenant ${w.tenantId}): Entra ID failed: cannot reach 127.0.0.1:${w.sim.port} (UNABLE_TO_VERIFY_LEAF_SIGNATURE). Fix: the server certificate is not trusted: if a proxy inspects TLS, add its CA certificate to the CA bundle on the Configuration page (Network tab). Certificate checks are never disabled. action=run_failed input=untrusted error_code=tls_error`,
      ]);
      // The token endpoint never got a request: the handshake failed first.
      expect(run.requests).to.deep.equal([]);
    } finally {
      await w.stop();
    }
  });
});
