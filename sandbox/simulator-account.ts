// An add-on account in the custom cloud that points at the Defender simulator, created the way an admin's
// setup page does it: the account stanza through splunkd's REST API, the secret in storage/passwords.
// Shared by `npm start` (demo.ts), the e2e tests and the benchmarks.
import { ACCOUNT_CONF, PASSWORD_REALM, accountSecretUser } from '../src/config/names';
import { setSecret } from '../src/splunk/passwords';
import type { SplunkdClient } from '../src/splunk/rest';

export interface SimulatorUrls {
  loginUrl: string;
  graphUrl: string;
  mdeUrl: string;
}

export interface SimulatorCredentials {
  tenantId: string;
  clientId: string;
  /** The client secret, or for certificate accounts the private key (PEM). */
  secret: string;
  /** Extra or overriding account keys (auth_type, certificate_thumbprint, …). */
  keys?: Record<string, string>;
}

export async function addSimulatorAccount(admin: SplunkdClient, sim: SimulatorUrls, name: string, c: SimulatorCredentials): Promise<void> {
  await admin.postConfStanza(ACCOUNT_CONF, name, {
    tenant_id: c.tenantId,
    client_id: c.clientId,
    auth_type: 'client_secret',
    cloud: 'custom',
    login_url: sim.loginUrl,
    graph_url: sim.graphUrl,
    mde_url: sim.mdeUrl,
    ...c.keys,
  });
  await setSecret(admin, PASSWORD_REALM, accountSecretUser(name), c.secret);
}
