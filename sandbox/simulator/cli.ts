// `npm run simulator -- --port 8443 --seed 1 --incidents 500`: runs the Defender simulator alone,
// prints where it listens and a ready-to-paste `custom` account, and stops cleanly on Ctrl-C.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startSimulator, type Simulator, type SimulatorOptions } from './index';
import { CONTROL_ROUTES } from './control/routes';

const HELP = `Defender simulator: Microsoft Graph security + Defender for Endpoint API + Entra token endpoint (HTTPS, loopback).

Usage: npm run simulator -- [options]

  --port <n>                 port on 127.0.0.1 (default 8443; 0 picks a free one)
  --seed <n>                 data seed (default 1): same seed, same data
  --incidents <n>            incidents per tenant (default 500)
  --alerts-per-incident a-b  alerts per incident (default 1-6)
  --mde-alerts <n>           MDE /api/alerts records per tenant (default: same as incidents)
  --tenants <n>              number of tenants (default 1)
  --data-end <iso>           lastUpdate of the newest generated record (default: start of today, UTC)
  --span-days <n>            generated records spread over this many days (default 6)
  --ca-dir <dir>             where ca.pem (and its key) live; reused across runs (default .cache/simulator)
  --no-rate-limits           switch off the documented rate limits
  --mde-next-link            send @odata.nextLink on MDE /api/alerts
  --auto-mutate <ms>         change records every <ms> milliseconds (live demo)
  --auto-mutate-count <n>    records changed per tick and kind (default 1)
  --json                     print the startup information as one JSON line
  --help                     this text
`;

function fail(message: string): never {
  process.stderr.write(`simulator: ${message}\nRun with --help for the options.\n`);
  process.exit(2);
}

function num(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a non-negative integer, got '${value}'`);
  return Number(value);
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string' }, seed: { type: 'string' }, incidents: { type: 'string' }, 'alerts-per-incident': { type: 'string' },
        'mde-alerts': { type: 'string' }, tenants: { type: 'string' }, 'data-end': { type: 'string' }, 'span-days': { type: 'string' },
        'ca-dir': { type: 'string' }, 'no-rate-limits': { type: 'boolean' }, 'mde-next-link': { type: 'boolean' },
        'auto-mutate': { type: 'string' }, 'auto-mutate-count': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  if (args.help) {
    process.stdout.write(HELP);
    return;
  }
  let alertsPerIncident: SimulatorOptions['alertsPerIncident'];
  if (args['alerts-per-incident'] !== undefined) {
    const m = /^(\d+)-(\d+)$/.exec(args['alerts-per-incident']);
    if (!m) fail(`--alerts-per-incident must look like 1-6, got '${args['alerts-per-incident']}'`);
    alertsPerIncident = { min: Number(m[1]), max: Number(m[2]) };
  }
  const autoMutateMs = num('auto-mutate', args['auto-mutate']);
  const options: SimulatorOptions = {
    port: num('port', args.port) ?? 8443,
    seed: num('seed', args.seed) ?? 1,
    incidents: num('incidents', args.incidents) ?? 500,
    alertsPerIncident,
    mdeAlerts: num('mde-alerts', args['mde-alerts']),
    tenants: num('tenants', args.tenants),
    dataEnd: args['data-end'],
    dataSpanDays: num('span-days', args['span-days']),
    caDir: resolve(args['ca-dir'] ?? join('.cache', 'simulator')),
    rateLimits: args['no-rate-limits'] ? false : undefined,
    mdeNextLink: args['mde-next-link'] ?? false,
    autoMutate: autoMutateMs ? { everyMs: autoMutateMs, count: num('auto-mutate-count', args['auto-mutate-count']) ?? 1 } : false,
  };

  let sim: Simulator;
  try {
    sim = await startSimulator(options);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') fail(`port ${options.port} is in use; pick another with --port (0 = any free port)`);
    fail(err.message);
  }

  // Certificate-auth material for the first app, next to the CA (dev use only).
  const app = sim.tenants[0]!.apps[0]!;
  const cert = app.certificates[0];
  let certFiles: { certificate: string; privateKey: string } | undefined;
  if (cert?.privateKeyPem) {
    certFiles = { certificate: join(options.caDir!, `client-${app.clientId}.pem`), privateKey: join(options.caDir!, `client-${app.clientId}.key`) };
    await writeFile(certFiles.certificate, cert.certificatePem);
    await writeFile(certFiles.privateKey, cert.privateKeyPem, { mode: 0o600 });
  }

  const tenant = sim.tenants[0]!;
  if (args.json) {
    process.stdout.write(`${JSON.stringify({
      pid: process.pid, loginUrl: sim.loginUrl, graphUrl: sim.graphUrl, mdeUrl: sim.mdeUrl, controlUrl: sim.controlUrl, caFile: sim.caFile,
      account: { tenant_id: tenant.tenantId, client_id: app.clientId, client_secret: app.clientSecret, cloud: 'custom', login_url: sim.loginUrl, graph_url: sim.graphUrl, mde_url: sim.mdeUrl },
      certificate: cert ? { thumbprintSha1: cert.thumbprintSha1, thumbprintSha256: cert.thumbprintSha256, ...certFiles } : undefined,
      tenants: sim.tenants.map((t) => ({ tenantId: t.tenantId, apps: t.apps.map((a) => ({ clientId: a.clientId, displayName: a.displayName, clientSecret: a.clientSecret, roles: a.roles })) })),
      counts: sim.data.counts(),
    })}\n`);
  } else {
    const counts = sim.data.counts();
    const lines = [
      `Defender simulator listening (seed ${options.seed}; per tenant ${counts.incidents} incidents, ${counts.alerts} alerts_v2, ${counts.mdeAlerts} MDE alerts)`,
      '',
      `  Login (Entra):   ${sim.loginUrl}/<tenant>/oauth2/v2.0/token`,
      `  Graph:           ${sim.graphUrl}/v1.0/security/incidents   (scope ${sim.scopes.graph})`,
      `  MDE:             ${sim.mdeUrl}/api/alerts   (scope ${sim.scopes.mde})`,
      `  Control API:     ${sim.controlUrl}`,
      `  CA certificate:  ${sim.caFile}`,
      `                   trust it with NODE_EXTRA_CA_CERTS=${sim.caFile} or the add-on's [network] CA bundle`,
      '',
      'Account for the add-on (setup page → Add account, or ta_defender_sync_account.conf):',
      '',
      `  [simulator]`,
      `  tenant_id = ${tenant.tenantId}`,
      `  client_id = ${app.clientId}`,
      `  auth_type = client_secret`,
      `  cloud = custom`,
      `  login_url = ${sim.loginUrl}`,
      `  graph_url = ${sim.graphUrl}`,
      `  mde_url = ${sim.mdeUrl}`,
      '',
      `  client secret (enter it on the setup page; it is stored in storage/passwords): ${app.clientSecret}`,
      ...(cert && certFiles ? [
        `  or auth_type = certificate, certificate_thumbprint = ${cert.thumbprintSha256}`,
        `     (SHA-1 ${cert.thumbprintSha1}); private key: ${certFiles.privateKey}`,
      ] : []),
      '',
      'Other apps in this tenant (for permission tests):',
      ...tenant.apps.slice(1).map((a) => `  ${a.displayName}: client_id ${a.clientId}, secret ${a.clientSecret}, roles ${[...a.roles.graph, ...a.roles.mde].join(', ') || '(none)'}`),
      ...(sim.tenants.length > 1 ? ['', `More tenants: ${sim.tenants.slice(1).map((t) => t.tenantId).join(', ')} (see GET ${sim.controlUrl})`] : []),
      '',
      'Control API:',
      ...CONTROL_ROUTES.map((r) => `  ${r}`),
      '',
      `Ready (pid ${process.pid}). Press Ctrl-C or run kill -INT ${process.pid} to stop.`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    sim.stop().then(() => {
      if (!args.json) process.stdout.write(`Stopped (${signal}).\n`);
      process.exit(0);
    }, (e: unknown) => {
      process.stderr.write(`simulator: error while stopping: ${String(e)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
