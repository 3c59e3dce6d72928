// The browser suite's world, built once per run: the app built from this checkout (the shipped bundle),
// the Defender simulator whose app registration accepts the canary client secret and the test's own
// certificate, an authenticating proxy, the splunkd stand-in with the app installed, and the Splunk Web
// stand-in. Also readers for what the page wrote: local/*.conf files and storage/passwords (as admin).
import { createServer, type IncomingMessage } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProxy, type ProxyServer } from 'proxy';
import { startSimulator, type Simulator } from '../../../sandbox/simulator';
import { startSplunkd, type Splunkd } from '../../../sandbox/splunkd/index';
import { buildApp } from '../../../sandbox/splunkweb/build-app';
import { startSplunkWeb, type SplunkWeb } from '../../../sandbox/splunkweb/index';
import { APP_ID, PASSWORD_REALM } from '../../../src/config/names';
import { SplunkdClient } from '../../../src/splunk/rest';
import { makeCertificate, type TestCertificate } from '../../setup/helpers/certs';

const stamp = Date.now().toString(36);
/** Secrets that must never come back to the browser. */
export const CANARY = {
  clientSecret: `CANARY8Q~client-${stamp}-secret`,
  proxyPassword: `CANARY-proxy-${stamp}-pw`,
};
export const PROXY_USER = 'squid';

export interface BrowserWorld {
  sim: Simulator;
  splunkd: Splunkd;
  web: SplunkWeb;
  admin: SplunkdClient;
  /** The certificate registered on the simulator's app (key: PKCS#8 PEM). */
  cert: TestCertificate;
  /** Another certificate: its key does not match `cert`. */
  other: TestCertificate;
  /** A certificate that expired yesterday. */
  expired: TestCertificate;
  tenantId: string;
  clientId: string;
  proxyPort: number;
  /** CONNECT requests the proxy saw, and whether they carried the right credentials. */
  proxyConnects: Array<{ target: string; authorized: boolean }>;
  /** Lines of the private key's base64 body: canaries too. */
  keyCanaries: string[];
  localConf(conf: string): string;
  /** Every local/*.conf of the app, by file name. */
  localConfs(): Record<string, string>;
  /** storage/passwords entries of our realm: username → clear value (read as admin, as the runtime does). */
  passwords(): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

export async function startBrowserWorld(): Promise<BrowserWorld> {
  const work = mkdtempSync(join(tmpdir(), 'defender-sync-browser-'));
  const DAY = 86_400_000;
  const [appDir, cert, other, expired] = await Promise.all([
    buildApp(join(work, 'build')),
    makeCertificate({ cn: 'Defender Sync Splunk' }),
    makeCertificate({ cn: 'Someone else' }),
    makeCertificate({ cn: 'Expired', notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) }),
  ]);
  const sim = await startSimulator({
    rateLimits: false,
    incidents: 20,
    mdeAlerts: 10,
    tenants: [
      {
        apps: [
          {
            displayName: 'Defender Sync',
            clientSecret: CANARY.clientSecret,
            certificate: { certificatePem: cert.certificatePem },
            roles: { graph: ['SecurityIncident.Read.All', 'SecurityAlert.Read.All'], mde: ['Alert.Read.All'] },
          },
        ],
      },
    ],
  });
  const proxyConnects: BrowserWorld['proxyConnects'] = [];
  const proxy: ProxyServer = createProxy(createServer());
  proxy.authenticate = (req: IncomingMessage) => {
    const authorized = req.headers['proxy-authorization'] === `Basic ${Buffer.from(`${PROXY_USER}:${CANARY.proxyPassword}`).toString('base64')}`;
    proxyConnects.push({ target: req.url ?? '', authorized });
    return authorized;
  };
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  // The page also sets the simulator's CA as the [network] CA bundle, but the runtime does not yet apply the
  // bundle to TLS through a proxy (src/defender/transport.ts passes `ca` to HttpsProxyAgent, which uses it only
  // for the proxy connection): until that is fixed the launched inputs also trust the simulator this way.
  const splunkd = await startSplunkd({ splunkHome: join(work, 'splunk'), env: { NODE_EXTRA_CA_CERTS: sim.caFile } });
  await splunkd.installApp(appDir);
  const web = await startSplunkWeb({ splunkd });
  const admin = new SplunkdClient({ serverUri: splunkd.uri, sessionKey: splunkd.sessionKeyFor('admin'), splunkHome: splunkd.splunkHome });
  const local = join(splunkd.splunkHome, 'etc', 'apps', APP_ID, 'local');
  const tenant = sim.tenants[0]!;
  return {
    sim,
    splunkd,
    web,
    admin,
    cert,
    other,
    expired,
    tenantId: tenant.tenantId,
    clientId: tenant.apps[0]!.clientId,
    proxyPort: (proxy.address() as AddressInfo).port,
    proxyConnects,
    keyCanaries: cert.privateKeyPem.split('\n').filter((l) => /^[A-Za-z0-9+/]{64}$/.test(l)).slice(1, 4),
    localConf: (conf) => (existsSync(join(local, `${conf}.conf`)) ? readFileSync(join(local, `${conf}.conf`), 'utf8') : ''),
    localConfs: () => Object.fromEntries((existsSync(local) ? readdirSync(local) : []).sort().map((f) => [f, readFileSync(join(local, f), 'utf8')])),
    async passwords() {
      const feed = await admin.get('storage/passwords', { count: 0 });
      const out: Record<string, string> = {};
      for (const e of feed.entry ?? []) if (e.content?.realm === PASSWORD_REALM) out[String(e.content.username)] = String(e.content.clear_password);
      return out;
    },
    async stop() {
      admin.close();
      await web.stop();
      await splunkd.stop();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await sim.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
