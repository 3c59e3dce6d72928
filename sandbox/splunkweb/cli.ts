// Click through the setup page against the sandbox: builds the app, starts the Defender simulator, the
// splunkd stand-in (app installed, simulator CA trusted by the inputs) and the Splunk Web stand-in, and
// prints where to go and what to type.
//   npx tsx sandbox/splunkweb/cli.ts [--port 8000] [--theme dark]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startSimulator } from '../simulator';
import { startSplunkd } from '../splunkd/index';
import { buildApp } from './build-app';
import { startSplunkWeb, type Theme } from './index';

const { values } = parseArgs({ options: { port: { type: 'string', default: '8000' }, theme: { type: 'string', default: 'light' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port '${values.port}' is not a port number`);
if (values.theme !== 'light' && values.theme !== 'dark') throw new Error(`--theme '${values.theme}' must be light or dark`);

const work = mkdtempSync(join(tmpdir(), 'defender-sync-web-'));
const app = await buildApp(join(work, 'build'));
const sim = await startSimulator({ rateLimits: false, incidents: 50 });
const splunkd = await startSplunkd({ splunkHome: join(work, 'splunk'), env: { NODE_EXTRA_CA_CERTS: sim.caFile } });
await splunkd.installApp(app);
const web = await startSplunkWeb({ splunkd, port });
for (const user of ['admin', 'analyst']) web.setTheme(user, values.theme as Theme);
const tenant = sim.tenants[0]!;
const account = tenant.apps[0]!;

console.log(`Splunk Web stand-in: ${web.viewUrl('configuration')}
  sign in as admin / changeme (can configure) or analyst / changeme (read-only)
A Defender tenant to configure (Configuration > Accounts > Add account, cloud "Custom endpoints"):
  tenant ID      ${tenant.tenantId}
  client ID      ${account.clientId}
  client secret  ${account.clientSecret}
  login URL      ${sim.loginUrl}
  Graph URL      ${sim.graphUrl}
  MDE URL        ${sim.mdeUrl}
  (the simulator's CA is trusted by the inputs; or paste ${sim.caFile} into Configuration > Network)
splunkd stand-in: ${splunkd.uri}   SPLUNK_HOME ${splunkd.splunkHome}
Ctrl-C to stop.`);

const stop = async () => {
  await web.stop();
  await splunkd.stop();
  await sim.stop();
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
