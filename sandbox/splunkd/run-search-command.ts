// Running a custom search command the way splunkd's ChunkedExternProcessor does
// (../../../shared/reference/search-commands.md §1): commands.conf `[<command>]` with `chunked = true`, the
// executable from `filename` (in <app>/linux_x86_64/bin, then <app>/bin; a `.path` file names another) plus
// `command.arg.<N>`, started in the app's bin/ with splunkd's environment. Like splunkd, it may first start
// the command for a getinfo probe only (stdin closed after the reply), then runs it for real: getinfo, then
// one execute request per reply until a reply says `finished: true`. Replies are read strictly; inspector
// messages are collected, and what the search's error bar would show is in `errors`.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeRequest, parseResults, type Reply, ReplyReader, type ResultRow } from './chunked-wire';
import { toBool, type StandIn } from './context';
import { launch, stderrLevel, type StderrLine } from './launch';
import { substituteEnv } from './run-alert-action';

export type { ResultRow } from './chunked-wire';

export interface RunSearchCommandOptions {
  command: string;
  /**
   * The command's arguments: tokens as splunkd passes them (`searchinfo.args`, quotes removed), or the text
   * after the command name as typed in the search bar (`hunt account=prod query="a | b"`), tokenised here.
   */
  args: string[] | string;
  /** As typed (`searchinfo.raw_args`); default: `args` (or the typed tokens with their quotes). */
  rawArgs?: string[];
  /** The app whose commands.conf defines the command; default: the first that does. */
  app?: string;
  /** Who runs the search (a session key is made for them); default admin. */
  user?: string;
  /** Use this session key instead (e.g. a revoked one). */
  sessionKey?: string;
  /** limits.conf maxresultrows; default 50000. */
  maxResultRows?: number;
  /** Start a getinfo-only probe process first, as splunkd may (default true). */
  probe?: boolean;
  /** App context of the search; default "search". */
  searchApp?: string;
  /** Longest wait for one reply; default commands.conf maxwait, else 120 s. */
  replyTimeoutMs?: number;
}

export interface ResultChunkInfo {
  rows: number;
  bytes: number;
  finished: boolean;
  /** Milliseconds after the run started that the reply was complete. */
  atMs: number;
}

export interface SearchCommandResult {
  sid: string;
  getinfo?: Record<string, unknown>;
  /** Result fields in the order they first appeared. */
  fields: string[];
  rows: ResultRow[];
  chunks: ResultChunkInfo[];
  /** Every inspector message of every reply (probe included), in order. */
  messages: Array<{ level: string; text: string }>;
  /** What the search's error bar shows: ERROR messages, or splunkd's own error when the command gave none. */
  errors: string[];
  /** Protocol violations by the command (the run stops at the first). */
  protocolErrors: string[];
  stderr: StderrLine[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
  probe?: { exitCode: number | null; reply?: Record<string, unknown>; stderr: StderrLine[] };
}

const GETINFO_TYPES = ['streaming', 'stateful', 'events', 'reporting'];
const PLATFORM_DIR = 'linux_x86_64';
const DEFAULT_REPLY_TIMEOUT_MS = 120_000;
let searches = 0;

export interface RunSearchCommandDeps {
  standIn: StandIn;
  env: Record<string, string>;
}

export async function runSearchCommand({ standIn, env }: RunSearchCommandDeps, options: RunSearchCommandOptions): Promise<SearchCommandResult> {
  const { command } = options;
  if (!/^[a-z0-9]+$/.test(command)) throw new Error(`'${command}' is not a search command name (lowercase letters and digits only)`);
  const app = options.app ?? standIn.confs.apps().find((a) => standIn.confs.find(a, 'commands', command));
  if (!app) throw new Error(`Unknown search command '${command}'.`);
  const stanza = standIn.confs.find(app, 'commands', command);
  if (!stanza) throw new Error(`etc/apps/${app} has no commands.conf [${command}]`);
  const conf = stanza.content;
  if (!toBool(conf.chunked)) throw new Error(`[${command}] is not chunked = true: the stand-in runs chunked (protocol v2) commands only`);
  const appDir = standIn.confs.appDir(app);
  const { file, args } = executable(appDir, command, conf, env);
  const maxwait = Number(conf.maxwait ?? 0);
  const replyTimeoutMs = options.replyTimeoutMs ?? (maxwait > 0 ? maxwait * 1000 : DEFAULT_REPLY_TIMEOUT_MS);
  const maxChunkSize = Number(conf.maxchunksize ?? 0);
  const maxResultRows = options.maxResultRows ?? 50_000;

  const user = options.user ?? 'admin';
  const sessionKey = options.sessionKey ?? standIn.auth.sessionKeyFor(user);
  const sid = `${Math.floor(standIn.now().getTime() / 1000)}.${++searches}`;
  const dispatchDir = join(standIn.splunkHome, 'var', 'run', 'splunk', 'dispatch', sid);
  mkdirSync(dispatchDir, { recursive: true });
  const typed = typeof options.args === 'string' ? tokenize(options.args) : undefined;
  const argTokens = typed ? typed.args : (options.args as string[]);
  const rawArgs = options.rawArgs ?? typed?.raw ?? argTokens;
  const search = `| ${command} ${rawArgs.join(' ')}`;
  const getinfo = encodeRequest({
    action: 'getinfo',
    preview: false,
    streaming_command_will_restart: false,
    searchinfo: {
      args: argTokens,
      raw_args: rawArgs,
      dispatch_dir: dispatchDir,
      sid,
      app: options.searchApp ?? 'search',
      owner: user,
      username: user,
      session_key: sessionKey,
      splunkd_uri: standIn.uri,
      splunk_version: '10.2.0',
      search: encodeURIComponent(search),
      command,
      maxresultrows: maxResultRows,
      earliest_time: '0',
      latest_time: '0',
    },
  });
  const execute = encodeRequest({ action: 'execute', finished: true });

  const result: SearchCommandResult = { sid, fields: [], rows: [], chunks: [], messages: [], errors: [], protocolErrors: [], stderr: [], exitCode: null, signal: null, durationMs: 0 };
  const collectMessages = (reply: Reply) => {
    const inspector = reply.metadata.inspector as { messages?: unknown } | undefined;
    if (inspector === undefined) return;
    if (!Array.isArray(inspector.messages)) throw new Error('inspector.messages is not an array of [level, text]');
    for (const m of inspector.messages) {
      if (!Array.isArray(m) || typeof m[0] !== 'string' || typeof m[1] !== 'string') throw new Error(`inspector message ${JSON.stringify(m)} is not [level, text]`);
      result.messages.push({ level: m[0], text: m[1] });
    }
  };
  const checkGetinfo = (reply: Reply) => {
    const { type, generating } = reply.metadata;
    if (!GETINFO_TYPES.includes(String(type))) throw new Error(`getinfo reply type ${JSON.stringify(type)} is not one of ${GETINFO_TYPES.join(', ')}`);
    if (generating !== true) throw new Error(`'${command}' is first in the search, so its getinfo reply must say generating: true`);
    if (reply.body.length > 0) throw new Error('the getinfo reply has a body');
  };

  // 1. The probe: getinfo only, then EOF.
  if (options.probe !== false) {
    const probe = startProcess(file, args, env, appDir, replyTimeoutMs);
    const stderr: StderrLine[] = [];
    probe.onStderr = (line) => stderr.push(stderrLevel(line));
    probe.write(getinfo);
    let reply: Reply | undefined;
    try {
      reply = await probe.reply();
      collectMessages(reply);
      checkGetinfo(reply);
    } catch (err) {
      result.protocolErrors.push(`probe: ${(err as Error).message}`);
    }
    probe.end();
    const done = await probe.done;
    result.probe = { exitCode: done.exitCode, ...(reply ? { reply: reply.metadata } : {}), stderr };
    if (result.protocolErrors.length > 0 && !result.messages.some((m) => m.level === 'ERROR')) {
      result.errors.push(`Getinfo probe failed for external search command '${command}'.`);
      return result;
    }
    if (reply?.metadata.finished === true) return finish(result, command);
    result.messages = [];
  }

  // 2. The run: getinfo, then execute until finished.
  const run = startProcess(file, args, env, appDir, replyTimeoutMs);
  run.onStderr = (line) => {
    result.stderr.push(stderrLevel(line));
    // search.log files every stderr line of a chunked command as an error, whatever its level word.
    standIn.log('ERROR', 'ChunkedExternProcessor', `stderr: ${line}`);
  };
  const started = Date.now();
  try {
    run.write(getinfo);
    const info = await run.reply();
    collectMessages(info);
    checkGetinfo(info);
    result.getinfo = info.metadata;
    let finished = info.metadata.finished === true;
    const seen = new Set<string>();
    while (!finished) {
      run.write(execute);
      const reply = await run.reply();
      collectMessages(reply);
      if (typeof reply.metadata.finished !== 'boolean') throw new Error('execute reply has no boolean finished');
      if (maxChunkSize > 0 && reply.size > maxChunkSize) throw new Error(`reply of ${reply.size} bytes exceeds maxchunksize ${maxChunkSize}`);
      const { fields, rows } = parseResults(reply.body);
      if (rows.length > maxResultRows) throw new Error(`reply carries ${rows.length} rows, more than maxresultrows ${maxResultRows}`);
      for (const f of fields) if (!seen.has(f)) (seen.add(f), result.fields.push(f));
      for (const r of rows) result.rows.push(r);
      finished = reply.metadata.finished;
      result.chunks.push({ rows: rows.length, bytes: reply.body.length, finished, atMs: Date.now() - started });
    }
  } catch (err) {
    result.protocolErrors.push((err as Error).message);
    run.kill();
  }
  run.end();
  const done = await run.done;
  if (result.protocolErrors.length === 0 && run.leftover() > 0)
    result.protocolErrors.push(`${run.leftover()} bytes of output after the last reply (do the header lengths count bytes?)`);
  result.exitCode = done.exitCode;
  result.signal = done.signal;
  result.durationMs = Date.now() - started;
  if (result.protocolErrors.length > 0) standIn.log('ERROR', 'ChunkedExternProcessor', `Error in '${command}' command: ${result.protocolErrors[0]}`);
  return finish(result, command);
}

function finish(result: SearchCommandResult, command: string): SearchCommandResult {
  const errors = result.messages.filter((m) => m.level === 'ERROR').map((m) => m.text);
  if (errors.length > 0) result.errors.push(...errors);
  else if (result.protocolErrors.length > 0) result.errors.push(`Error in '${command}' command: External search command exited unexpectedly.`);
  else if (result.exitCode !== 0 && result.exitCode !== null) result.errors.push(`External search command '${command}' returned error code ${result.exitCode}.`);
  return result;
}

interface Process {
  write(bytes: Buffer): void;
  end(): void;
  kill(): void;
  /** Bytes received but not part of a complete reply. */
  leftover(): number;
  /** The next complete reply; rejects on a protocol violation, exit before replying, or timeout. */
  reply(): Promise<Reply>;
  onStderr?: (line: string) => void;
  done: Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>;
}

function startProcess(file: string, args: string[], env: Record<string, string>, cwd: string, replyTimeoutMs: number): Process {
  const reader = new ReplyReader();
  let wake: (() => void) | undefined;
  let exited = false;
  const proc: Process = {} as Process;
  const launched = launch({
    file,
    args,
    env,
    cwd: join(cwd, 'bin'),
    stdin: 'interactive',
    onStdout: (c) => {
      reader.push(c);
      wake?.();
    },
    onStderrLine: (line) => proc.onStderr?.(line),
  });
  launched.stdin.on('error', () => undefined);
  const done = launched.done.then((r) => {
    exited = true;
    wake?.();
    return { exitCode: r.exitCode, signal: r.signal };
  });
  Object.assign(proc, {
    write: (bytes: Buffer) => void launched.stdin.write(bytes),
    end: () => launched.stdin.end(),
    kill: () => launched.kill('SIGKILL'),
    leftover: () => reader.buffered,
    done,
    reply: async () => {
      const deadline = Date.now() + replyTimeoutMs;
      for (;;) {
        const r = reader.next();
        if (r) return r;
        if (exited) throw new Error(`the command exited before completing its reply${reader.buffered ? ` (${reader.buffered} bytes of a partial reply)` : ''}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no reply within ${replyTimeoutMs} ms`);
        await new Promise<void>((ok) => {
          const t = setTimeout(ok, left);
          wake = () => {
            clearTimeout(t);
            wake = undefined;
            ok();
          };
        });
      }
    },
  });
  return proc;
}

/** `filename` in <app>/linux_x86_64/bin or <app>/bin (a `.path` file holds the program), then command.arg.N. */
function executable(appDir: string, command: string, conf: Record<string, string>, env: Record<string, string>): { file: string; args: string[] } {
  const filename = conf.filename;
  if (!filename) throw new Error(`[${command}] has no filename: ChunkedExternProcessor needs one`);
  if (filename.includes('/') || filename.includes('\\') || filename.includes('..')) throw new Error(`[${command}] filename '${filename}' must name a file in bin/`);
  if (filename.endsWith('.py') || filename.endsWith('.pl') || filename.endsWith('.js')) throw new Error(`[${command}] filename '${filename}': the stand-in runs executables, not ${filename.split('.').pop()} scripts`);
  const found = [join(appDir, PLATFORM_DIR, 'bin', filename), join(appDir, 'bin', filename)].find((p) => existsSync(p));
  if (!found) throw new Error(`[${command}] filename '${filename}' is in neither ${PLATFORM_DIR}/bin nor bin/ of ${appDir}`);
  const args = Object.keys(conf)
    .filter((k) => /^command\.arg\.\d+$/.test(k))
    .sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()))
    .map((k) => substituteEnv(conf[k]!, env));
  if (filename.endsWith('.path')) return { file: substituteEnv(readFileSync(found, 'utf8').trim(), env), args };
  return { file: found, args };
}

/**
 * SPL's split of a command's arguments: blanks separate tokens except inside double quotes; `args` loses the
 * quotes (and the backslash of `\"`), `raw` keeps the token as typed.
 */
export function tokenize(text: string): { args: string[]; raw: string[] } {
  const args: string[] = [];
  const raw: string[] = [];
  let arg = '';
  let start = -1;
  let quoted = false;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === undefined || (!quoted && /\s/.test(c))) {
      if (start >= 0) {
        args.push(arg);
        raw.push(text.slice(start, i));
      }
      arg = '';
      start = -1;
      continue;
    }
    if (start < 0) start = i;
    if (c === '\\' && quoted && (text[i + 1] === '"' || text[i + 1] === '\\')) {
      arg += text[++i];
      continue;
    }
    if (c === '"') {
      quoted = !quoted;
      continue;
    }
    arg += c;
  }
  if (quoted) throw new Error(`Unbalanced quotes in '${text}'.`);
  return { args, raw };
}
