// The splunkd stand-in: loopback HTTPS REST for what the app and its setup page call, and the launcher
// runner for modular inputs and alert actions. See README.md in this folder for what is faithful and
// what is simplified.
import { cpSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { basename, join, resolve } from 'node:path';
import * as tar from 'tar';
import { Auth, DEFAULT_ROLES, DEFAULT_USERS, type RoleSpec, type Session, type UserSpec } from './auth';
import { ConfStore } from './conf-store';
import type { InternalLogEntry, StandIn, ValidateResult } from './context';
import { EventStore } from './event-store';
import { launch, stderrLevel } from './launch';
import { validationErrorMessage, validationXml } from './modinput-xml';
import { createHandler } from './router';
import { type AlertActionResult, runAlertAction, type RunAlertActionOptions } from './run-alert-action';
import { type InputRun, runInput, type RunInputOptions } from './run-input';
import { runSearchCommand, type RunSearchCommandOptions, type SearchCommandResult } from './run-search-command';
import { type SingleInstanceInput, startSingleInstance } from './single-instance';
import { declaredSchemes, findExecutable, introspect, type SchemeRegistry, type SchemeRunResult } from './schemes';
import { SplunkSecret } from './splunk-secret';
import { makeTlsMaterial } from './tls';

export type { InputRun, InputRunResult } from './run-input';
export type { SingleInstanceInput } from './single-instance';
export type { AlertActionResult, RunAlertActionOptions } from './run-alert-action';
export type { ResultRow, RunSearchCommandOptions, SearchCommandResult } from './run-search-command';
export type { IndexedEvent, EventQuery } from './event-store';
export type { UserSpec, RoleSpec } from './auth';
export type { ProtocolError } from './stream-parser';
export type { InternalLogEntry, ValidateResult } from './context';

export interface SplunkdOptions {
  /** A writable directory laid out as $SPLUNK_HOME (etc/apps, etc/auth, var/…); created as needed. */
  splunkHome: string;
  /** Default: admin (role admin) and analyst (role user), both with password "changeme". */
  users?: UserSpec[];
  roles?: RoleSpec;
  port?: number;
  /** Indexes that exist. Default: main, defender, summary. */
  indexes?: string[];
  /** server_host / SPLUNK_SERVER_NAME. */
  serverName?: string;
  /** PATH of launched processes (tests pass one without node). Default: this process's PATH. */
  path?: string;
  /** Extra environment for launched processes (e.g. NODE_EXTRA_CA_CERTS for the Defender simulator). */
  env?: Record<string, string>;
  /** Extra names/IPs in the server certificate. */
  tlsHosts?: string[];
  /** How long `--scheme` may take at registration. */
  schemeTimeoutMs?: number;
  now?: () => Date;
}

export interface Splunkd {
  readonly uri: string;
  readonly port: number;
  readonly splunkHome: string;
  readonly serverName: string;
  /** PEM of the CA that signed the server certificate (also in etc/auth/cacert.pem). */
  readonly caPem: string;
  readonly events: EventStore;
  /** splunkd.log as the stand-in would write it: registration failures, ExecProcessor stderr, sendmodalert. */
  readonly internalLog: InternalLogEntry[];
  /** Registered modular-input schemes by name. */
  readonly schemes: SchemeRegistry;
  /** A new session key for a user (as after POST /services/auth/login). */
  sessionKeyFor(user: string): string;
  revokeSessionKey(key: string): void;
  /** The environment splunkd gives launched processes. */
  launchEnv(): Record<string, string>;
  runInput(options: RunInputOptions): InputRun;
  /** Starts a single-instance scheme's one process with all its enabled stanzas, restarted on inputs.conf changes. */
  startSingleInstance(scheme: string): SingleInstanceInput;
  runScheme(scheme: string, app?: string): Promise<SchemeRunResult>;
  runValidate(scheme: string, name: string, params: Record<string, string>, user?: string): Promise<ValidateResult>;
  runAlertAction(options: RunAlertActionOptions): Promise<AlertActionResult>;
  /** Runs `| <command> <args>` as ChunkedExternProcessor does (getinfo probe, getinfo, execute until finished). */
  runSearchCommand(options: RunSearchCommandOptions): Promise<SearchCommandResult>;
  /** Installs a package (.tgz/.tar.gz/.spl) or copies an app directory into etc/apps, then registers its schemes. Returns the app name. */
  installApp(path: string): Promise<string>;
  registerSchemes(app: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startSplunkd(options: SplunkdOptions): Promise<Splunkd> {
  const splunkHome = resolve(options.splunkHome);
  const appsDir = join(splunkHome, 'etc', 'apps');
  const authDir = join(splunkHome, 'etc', 'auth');
  mkdirSync(appsDir, { recursive: true });
  mkdirSync(authDir, { recursive: true });
  const tls = await makeTlsMaterial(options.tlsHosts ?? []);
  writeFileSync(join(authDir, 'cacert.pem'), tls.caPem);
  writeFileSync(join(authDir, 'server.pem'), `${tls.certPem}${tls.keyPem}${tls.caPem}`, { mode: 0o600 });

  const internalLog: InternalLogEntry[] = [];
  const now = options.now ?? (() => new Date());
  const serverName = options.serverName ?? 'sandbox-splunkd';
  const schemes: SchemeRegistry = new Map();
  const confs = new ConfStore(appsDir);
  // Capabilities are resolved when a session key is issued, from the apps installed at that moment.
  const appRoles = () =>
    confs.apps().flatMap((app) =>
      confs
        .effective(app, 'authorize')
        .filter((s) => s.name.startsWith('role_'))
        .map((s) => ({ role: s.name.slice('role_'.length), keys: s.content })),
    );
  const auth = new Auth(options.users ?? DEFAULT_USERS, options.roles ?? DEFAULT_ROLES, appRoles);
  const children = new Set<{ kill(signal?: NodeJS.Signals): void }>();
  const singleInstances = new Set<SingleInstanceInput>();

  const launchEnv = (): Record<string, string> => ({
    PATH: options.path ?? process.env.PATH ?? '/usr/bin:/bin',
    SPLUNK_HOME: splunkHome,
    SPLUNK_ETC: join(splunkHome, 'etc'),
    SPLUNK_DB: join(splunkHome, 'var', 'lib', 'splunk'),
    SPLUNK_SERVER_NAME: serverName,
    LD_LIBRARY_PATH: join(splunkHome, 'lib'),
    HOME: process.env.HOME ?? splunkHome,
    LANG: 'en_US.UTF-8',
    TZ: 'UTC',
    ...options.env,
  });

  let uri = '';
  const standIn: StandIn = {
    splunkHome,
    get uri() {
      return uri;
    },
    serverName,
    confs,
    auth,
    secret: new SplunkSecret(splunkHome),
    events: new EventStore(join(splunkHome, 'var', 'lib', 'splunk')),
    schemes,
    indexes: options.indexes ?? ['main', 'defender', 'summary'],
    now,
    log: (level, component, message) => internalLog.push({ time: now().toISOString(), level, component, message }),
    validate: (scheme, name, params, session) => validate(scheme, name, params, session),
    registerSchemes: (app) => registerSchemes(app),
  };

  async function registerSchemes(app: string): Promise<void> {
    const appDir = standIn.confs.appDir(app);
    for (const [name, reg] of schemes) if (reg.app === app) schemes.delete(name);
    for (const scheme of declaredSchemes(appDir)) {
      const fail = (why: string) =>
        standIn.log('ERROR', 'ModularInputs', `Unable to initialize modular input "${scheme}" defined in the app "${app}": Introspecting scheme=${scheme}: ${why}.`);
      const executable = findExecutable(appDir, scheme);
      if (!executable) {
        fail(`no executable bin/${scheme}.sh or bin/${scheme} found`);
        continue;
      }
      const r = await introspect(executable, launchEnv(), splunkHome, options.schemeTimeoutMs ?? 30_000);
      for (const line of r.stderr) {
        const { level, text } = stderrLevel(line);
        if (level !== 'DEBUG') standIn.log(level, 'ModularInputs', `Introspecting scheme=${scheme}: ${text}`);
      }
      if (!r.scheme) {
        fail(r.error ?? 'unknown error');
        continue;
      }
      schemes.set(scheme, { app, scheme, executable, info: r.scheme });
    }
  }

  async function validate(scheme: string, name: string, params: Record<string, string>, session: Session): Promise<ValidateResult> {
    const reg = schemes.get(scheme);
    if (!reg) throw new Error(`scheme '${scheme}' is not registered`);
    const checkpointDir = join(splunkHome, 'var', 'lib', 'splunk', 'modinputs', scheme);
    mkdirSync(checkpointDir, { recursive: true });
    const stdin = validationXml({ serverHost: serverName, serverUri: uri, sessionKey: session.key, checkpointDir }, name, params);
    const out: Buffer[] = [];
    const stderr: Array<{ level: string; text: string }> = [];
    const launched = launch({
      file: reg.executable,
      args: ['--validate-arguments'],
      env: launchEnv(),
      cwd: splunkHome,
      stdin,
      timeoutMs: 60_000,
      onStdout: (c) => out.push(c),
      onStderrLine: (l) => stderr.push(stderrLevel(l)),
    });
    children.add(launched);
    const r = await launched.done;
    children.delete(launched);
    if (r.exitCode === 0) return { ok: true, exitCode: 0, stderr };
    const message =
      validationErrorMessage(Buffer.concat(out).toString('utf8')) ??
      `External validation for scheme=${scheme} failed: the script ${r.signal ? `was killed by ${r.signal}` : `returned with exit status=${r.exitCode}`} without an <error><message>.`;
    return { ok: false, message, exitCode: r.exitCode, stderr };
  }

  for (const app of standIn.confs.apps()) await registerSchemes(app);

  const server = https.createServer({ key: tls.keyPem, cert: `${tls.certPem}${tls.caPem}` }, createHandler(standIn));
  // Node's 5 s default closes idle kept-alive sockets while clients (ours keep them alive, as splunkd allows) may be
  // sending on them: on a loaded machine that race surfaced as ECONNRESET. splunkd keeps idle connections far longer.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  uri = `https://127.0.0.1:${port}`;

  return {
    uri,
    port,
    splunkHome,
    serverName,
    caPem: tls.caPem,
    events: standIn.events,
    internalLog,
    schemes,
    sessionKeyFor: (user) => auth.sessionKeyFor(user),
    revokeSessionKey: (key) => auth.revoke(key),
    launchEnv,
    runInput(opts) {
      if (schemes.get(opts.scheme)?.info.useSingleInstance)
        throw new Error(`scheme '${opts.scheme}' is single-instance (use_single_instance=true): splunkd runs one process for all its stanzas; use startSingleInstance`);
      const run = runInput({ standIn, env: launchEnv() }, opts);
      children.add(run);
      void run.result.finally(() => children.delete(run));
      return run;
    },
    startSingleInstance(scheme) {
      const input = startSingleInstance({ standIn, env: launchEnv() }, scheme);
      singleInstances.add(input);
      return input;
    },
    async runScheme(scheme, app) {
      const owner = app ?? schemes.get(scheme)?.app ?? standIn.confs.apps().find((a) => declaredSchemes(standIn.confs.appDir(a)).includes(scheme));
      if (!owner) throw new Error(`no installed app declares scheme '${scheme}' in README/inputs.conf.spec`);
      const executable = findExecutable(standIn.confs.appDir(owner), scheme);
      if (!executable) throw new Error(`no executable bin/${scheme}.sh or bin/${scheme} in app ${owner}`);
      return introspect(executable, launchEnv(), splunkHome, options.schemeTimeoutMs ?? 30_000);
    },
    runValidate: (scheme, name, params, user = 'admin') => validate(scheme, name, params, auth.authenticate(`Splunk ${auth.sessionKeyFor(user)}`)),
    runAlertAction: (opts) => runAlertAction({ standIn, env: launchEnv() }, opts),
    runSearchCommand: (opts) => runSearchCommand({ standIn, env: launchEnv() }, opts),
    installApp: async (path) => {
      const app = await installApp(appsDir, path);
      await registerSchemes(app);
      return app;
    },
    registerSchemes,
    stop: async () => {
      for (const c of children) c.kill('SIGKILL');
      for (const s of singleInstances) s.kill('SIGKILL');
      await Promise.all([...singleInstances].map((s) => s.stop()));
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** Extracts a package into etc/apps (one top-level folder, as Splunk requires) or copies an app folder. */
async function installApp(appsDir: string, path: string): Promise<string> {
  const source = resolve(path);
  if (!existsSync(source)) throw new Error(`cannot install ${source}: it does not exist`);
  if (statSync(source).isDirectory()) {
    const app = basename(source);
    cpSync(source, join(appsDir, app), { recursive: true });
    return app;
  }
  const tops = new Set<string>();
  await tar.t({ file: source, onReadEntry: (e) => void tops.add(e.path.replace(/^\.\//, '').split('/')[0]!) });
  tops.delete('');
  if (tops.size !== 1) throw new Error(`cannot install ${source}: a package holds exactly one top-level app folder, found ${[...tops].join(', ') || 'none'}`);
  const app = [...tops][0]!;
  await tar.x({ file: source, cwd: appsDir });
  if (!readdirSync(appsDir).includes(app)) throw new Error(`cannot install ${source}: ${app} was not extracted`);
  return app;
}
