// The end-to-end test world: the Defender simulator, the splunkd stand-in with the packaged app installed
// (linux package, bundled runtime, a PATH without node), and helpers to configure accounts and inputs
// through splunkd's REST API exactly as the setup page does.
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../sandbox/simulator';
import { startSplunkd, type Splunkd } from '../../sandbox/splunkd';
import { PASSWORD_REALM, accountSecretUser } from '../../src/config/names';
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
  stop(): Promise<void>;
}

export interface WorldOptions {
  simulator?: SimulatorOptions;
  /** Trust the simulator's CA through [network] ca_bundle instead of NODE_EXTRA_CA_CERTS. */
  caInConf?: boolean;
  /** [network] settings, e.g. pacing off for speed. */
  network?: Record<string, string>;
}

export async function startWorld(o: WorldOptions = {}): Promise<World> {
  const packages = await builtPackages();
  const sim = await startSimulator({ rateLimits: false, ...o.simulator });
  const splunkHome = tempDir('defender-sync-splunk-');
  const splunkd = await startSplunkd({
    splunkHome,
    path: pathWithoutNode(),
    ...(o.caInConf ? {} : { env: { NODE_EXTRA_CA_CERTS: sim.caFile } }),
  });
  await splunkd.installApp(packages.linux);
  const admin = new SplunkdClient({ serverUri: splunkd.uri, sessionKey: splunkd.sessionKeyFor('admin') });
  const tenant = sim.tenants[0];
  const app = tenant?.apps[0];
  if (!tenant || !app?.clientSecret) throw new Error('simulator has no tenant with a client-secret app');
  const network = { graph_requests_per_minute: '0', mde_requests_per_minute: '0', ...o.network };
  if (o.caInConf) network.ca_bundle = sim.caPem;
  await admin.postConfStanza('ta_defender_sync_settings', 'network', network);
  return {
    sim,
    splunkd,
    admin,
    tenantId: tenant.tenantId,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    async stop() {
      admin.close();
      await splunkd.stop();
      await sim.stop();
    },
  };
}

/** An account in the custom cloud pointing at the simulator, with its secret in storage/passwords. */
export async function addAccount(
  w: World,
  name: string,
  over: { tenantId?: string; clientId?: string; secret?: string; keys?: Record<string, string> } = {},
): Promise<void> {
  await w.admin.postConfStanza('ta_defender_sync_account', name, {
    tenant_id: over.tenantId ?? w.tenantId,
    client_id: over.clientId ?? w.clientId,
    auth_type: 'client_secret',
    cloud: 'custom',
    login_url: w.sim.loginUrl,
    graph_url: w.sim.graphUrl,
    mde_url: w.sim.mdeUrl,
    ...over.keys,
  });
  await setSecret(w.admin, PASSWORD_REALM, accountSecretUser(name), over.secret ?? w.clientSecret);
}

/** Creates an input through data/inputs (splunkd runs its --validate-arguments). */
export async function addInput(w: World, scheme: string, name: string, params: Record<string, string>): Promise<void> {
  await w.admin.post(`data/inputs/${scheme}`, { name, ...params });
}
