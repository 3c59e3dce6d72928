// One custom alert action run, as splunkd's sendmodalert does it (splunk-platform.md §4): results written
// to dispatch/<sid>/results.csv.gz, the JSON payload on stdin, `<exe> --execute`, killed after maxtime.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StandIn } from './context';
import { launch, type StderrLine, stderrLevel } from './launch';
import { firstResult, type ResultRow, writeResultsFile } from './results-file';
import { findExecutable } from './schemes';

export interface RunAlertActionOptions {
  action: string;
  /** The app that holds alert_actions.conf [<action>]; found among installed apps when omitted. */
  app?: string;
  /** action.<action>.param.* of the triggering search; merged over alert_actions.conf param.* defaults. */
  configuration?: Record<string, string>;
  rows?: ResultRow[];
  /** Owner of the search: the payload's session_key belongs to this user. */
  user?: string;
  sid?: string;
  searchName?: string;
  /** App context of the search (payload `app`); default "search". */
  searchApp?: string;
  /** Overrides maxtime from alert_actions.conf. */
  timeoutMs?: number;
}

export interface AlertActionResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  spawnError?: string;
  stderr: StderrLine[];
  stdout: string;
  durationMs: number;
  payload: Record<string, unknown>;
  resultsFile: string;
}

/** `maxtime` as alert_actions.conf writes it: seconds, or a number with s/m/h/d. Default 5m. */
export function parseMaxtime(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 5 * 60_000;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/.exec(value);
  if (!m) throw new Error(`alert_actions.conf maxtime '${value}' is not a duration like 300, 30s, 5m or 1h`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit * 1000;
}

export interface RunAlertActionDeps {
  standIn: StandIn;
  env: Record<string, string>;
}

export async function runAlertAction({ standIn, env }: RunAlertActionDeps, options: RunAlertActionOptions): Promise<AlertActionResult> {
  const { action } = options;
  const app = options.app ?? standIn.confs.apps().find((a) => standIn.confs.find(a, 'alert_actions', action));
  if (!app) throw new Error(`no app has alert_actions.conf [${action}]`);
  const stanza = standIn.confs.find(app, 'alert_actions', action);
  if (!stanza) throw new Error(`etc/apps/${app} has no alert_actions.conf [${action}]`);
  const conf = stanza.content;
  if ((conf.payload_format ?? 'xml') !== 'json') {
    throw new Error(`[${action}] payload_format is '${conf.payload_format ?? 'xml (default)'}': the stand-in runs json payloads only`);
  }

  const appDir = standIn.confs.appDir(app);
  const { file, args } = executable(appDir, action, conf, env);
  const user = options.user ?? 'admin';
  const searchApp = options.searchApp ?? 'search';
  const nowS = Math.floor(standIn.now().getTime() / 1000);
  const sid =
    options.sid ??
    (options.searchName ? `scheduler__${user}__${searchApp}__RMD5${randomBytes(8).toString('hex')}_at_${nowS}_${process.pid}` : `${nowS}.${process.pid}`);
  if (!/^[A-Za-z0-9_.-]+$/.test(sid)) throw new Error(`sid '${sid}' may hold letters, digits, '_', '.' and '-' only`);
  const rows = options.rows ?? [];
  const resultsFile = join(standIn.splunkHome, 'var', 'run', 'splunk', 'dispatch', sid, 'results.csv.gz');
  writeResultsFile(resultsFile, rows);

  const defaults = Object.fromEntries(
    Object.entries(conf)
      .filter(([k]) => k.startsWith('param.'))
      .map(([k, v]) => [k.slice('param.'.length), v]),
  );
  const payload: Record<string, unknown> = {
    app: searchApp,
    owner: user,
    sid,
    search_name: options.searchName ?? '',
    search_uri: options.searchName ? `/servicesNS/${user}/${searchApp}/saved/searches/${encodeURIComponent(options.searchName)}` : '',
    results_link: `http://${standIn.serverName}:8000/app/${searchApp}/search?q=%7Cloadjob%20${sid}%20%7C%20head%201%20%7C%20tail%201&earliest=0&latest=now`,
    results_file: resultsFile,
    server_host: standIn.serverName,
    server_uri: standIn.uri,
    session_key: standIn.auth.sessionKeyFor(user),
    configuration: { ...defaults, ...options.configuration },
    result: firstResult(rows),
  };

  const stdout: Buffer[] = [];
  const stderr: StderrLine[] = [];
  const launched = launch({
    file,
    args: [...args, '--execute'],
    env,
    cwd: standIn.splunkHome,
    stdin: JSON.stringify(payload),
    timeoutMs: options.timeoutMs ?? parseMaxtime(conf.maxtime),
    onStdout: (c) => stdout.push(c),
    onStderrLine: (line) => {
      const entry = stderrLevel(line);
      stderr.push(entry);
      if (entry.level !== 'DEBUG') standIn.log(entry.level, 'sendmodalert', `action=${action} - ${entry.text}`);
    },
  });
  const r = await launched.done;
  const outcome = r.timedOut
    ? `Alert action script timed out after maxtime and was killed`
    : `Alert action script completed in duration=${r.durationMs} ms with exit code=${r.exitCode ?? r.signal}`;
  standIn.log(r.exitCode === 0 ? 'INFO' : 'WARN', 'sendmodalert', `action=${action} - ${outcome}`);
  return {
    exitCode: r.exitCode,
    signal: r.signal,
    timedOut: r.timedOut,
    ...(r.spawnError ? { spawnError: r.spawnError } : {}),
    stderr,
    stdout: Buffer.concat(stdout).toString('utf8'),
    durationMs: r.durationMs,
    payload,
    resultsFile,
  };
}

/** alert.execute.cmd (a file in bin/, or a .path file naming one) with its arg.N, else bin/<action>.sh. */
function executable(appDir: string, action: string, conf: Record<string, string>, env: Record<string, string>): { file: string; args: string[] } {
  const args = Object.keys(conf)
    .filter((k) => /^alert\.execute\.cmd\.arg\.\d+$/.test(k))
    .sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()))
    .map((k) => substituteEnv(conf[k]!, env));
  const cmd = conf['alert.execute.cmd'];
  if (cmd) {
    const path = join(appDir, 'bin', cmd);
    if (!existsSync(path)) throw new Error(`alert.execute.cmd '${cmd}' does not exist in ${join(appDir, 'bin')}`);
    if (cmd.endsWith('.path')) return { file: substituteEnv(readFileSync(path, 'utf8').trim(), env), args };
    return { file: path, args };
  }
  const found = findExecutable(appDir, action);
  if (!found) throw new Error(`no executable bin/${action}.sh or bin/${action} in ${appDir}`);
  return { file: found, args };
}

/** `$NAME` and `${NAME}` replaced from splunkd's environment, as in .path files and *.arg.<N> settings. */
export function substituteEnv(text: string, env: Record<string, string>): string {
  return text.replace(/\$([A-Za-z_][A-Za-z0-9_]*)|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, a: string | undefined, b: string | undefined) => env[(a ?? b)!] ?? '');
}
