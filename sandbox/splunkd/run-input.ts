// One run of a modular input, as splunkd launches it for a stanza (use_single_instance=false): the
// run-mode XML on stdin, argv [], splunkd's environment; stdout read strictly as an XML event stream;
// stderr lines filed under their level (unprefixed = ERROR). Events go to the event store with the
// stanza's defaults; events for an index that does not exist are dropped, as splunkd drops them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM_USER } from './auth';
import type { StandIn } from './context';
import { schemeParent } from './endpoints-inputs';
import type { IndexedEvent } from './event-store';
import { type DroppedEvent, inputStream } from './input-stream';
import { launch, type StderrLine } from './launch';
import { runInputXml } from './modinput-xml';
import type { ProtocolError } from './stream-parser';

export interface RunInputOptions {
  scheme: string;
  /** The input name, with or without `<scheme>://`. */
  stanza: string;
  /** The app whose inputs.conf holds the stanza; defaults to the app that registered the scheme. */
  app?: string;
  timeoutMs?: number;
  /** Run a disabled input anyway (splunkd would not start it). */
  ignoreDisabled?: boolean;
  /**
   * Keep stdin open after the configuration (splunkd closes it at once) until `closeStdin()`: how a supervisor
   * that owns the pipe stops a long-running input (DESIGN §4).
   */
  keepStdinOpen?: boolean;
}

export type { DroppedEvent } from './input-stream';

export interface InputRunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  spawnError?: string;
  events: IndexedEvent[];
  dropped: DroppedEvent[];
  stderr: StderrLine[];
  protocolErrors: ProtocolError[];
  durationMs: number;
  /** What the input received on stdin (holds a session key: for tests, not for logs). */
  stdin: string;
}

export interface InputRun {
  readonly pid: number | undefined;
  /** Events indexed so far (live). */
  readonly events: IndexedEvent[];
  /** stderr lines so far (live). */
  readonly stderr: StderrLine[];
  kill(signal?: NodeJS.Signals): void;
  /** Closes the input's stdin (with `keepStdinOpen`; otherwise it is closed already). */
  closeStdin(): void;
  /** Resolves once `count` events are indexed; rejects if the run ends first or after `timeoutMs`. */
  waitForEvents(count: number, timeoutMs?: number): Promise<void>;
  readonly result: Promise<InputRunResult>;
}

export interface RunInputDeps {
  standIn: StandIn;
  env: Record<string, string>;
}

export function runInput({ standIn, env }: RunInputDeps, options: RunInputOptions): InputRun {
  const { scheme } = options;
  const reg = standIn.schemes.get(scheme);
  if (!reg) throw new Error(`scheme '${scheme}' is not registered with the splunkd stand-in (see its internalLog for why)`);
  const app = options.app ?? reg.app;
  const name = options.stanza.startsWith(`${scheme}://`) ? options.stanza.slice(scheme.length + 3) : options.stanza;
  const stanzaName = `${scheme}://${name}`;
  const stanza = standIn.confs.find(app, 'inputs', stanzaName, schemeParent);
  if (!stanza) throw new Error(`no [${stanzaName}] in etc/apps/${app}/{default,local}/inputs.conf`);
  const params: Record<string, string> = { ...stanza.content };
  params.disabled ??= '0';
  params.index ??= 'default';
  params.host ??= standIn.serverName;
  if (!options.ignoreDisabled && ['1', 'true'].includes(params.disabled.toLowerCase())) {
    throw new Error(`[${stanzaName}] is disabled: splunkd would not run it (pass ignoreDisabled to run it anyway)`);
  }

  const checkpointDir = join(standIn.splunkHome, 'var', 'lib', 'splunk', 'modinputs', scheme);
  mkdirSync(checkpointDir, { recursive: true });
  const stdin = runInputXml(
    { serverHost: standIn.serverName, serverUri: standIn.uri, sessionKey: standIn.auth.sessionKeyFor(SYSTEM_USER), checkpointDir },
    [{ name: stanzaName, app, params }],
  );

  const command = reg.executable;
  const stream = inputStream(standIn, scheme, command, () => ({ name: stanzaName, params }));
  const { events, dropped, stderr } = stream;
  const waiters = new Set<() => void>();
  stream.onChange(() => {
    for (const w of waiters) w();
  });
  const launched = launch({
    file: command,
    args: [],
    env,
    cwd: standIn.splunkHome,
    stdin: options.keepStdinOpen ? 'interactive' : stdin,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    onStdout: stream.onStdout,
    onStderrLine: stream.onStderrLine,
  });

  if (options.keepStdinOpen) launched.stdin.write(stdin);

  const result = launched.done.then((r): InputRunResult => {
    const protocolErrors = stream.end(r.signal !== null);
    return {
      exitCode: r.exitCode,
      signal: r.signal,
      timedOut: r.timedOut,
      ...(r.spawnError ? { spawnError: r.spawnError } : {}),
      events,
      dropped,
      stderr,
      protocolErrors,
      durationMs: r.durationMs,
      stdin,
    };
  });
  let finished = false;
  void result.then(() => (finished = true));

  return {
    pid: launched.pid,
    events,
    stderr,
    kill: (signal: NodeJS.Signals = 'SIGTERM') => launched.kill(signal),
    closeStdin: () => launched.stdin.end(),
    waitForEvents: (count, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (events.length >= count) done(resolve);
          else if (finished) done(() => reject(new Error(`the input ended after ${events.length} of ${count} events`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`waited ${timeoutMs} ms for ${count} events, got ${events.length}`))), timeoutMs);
        const done = (fn: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          fn();
        };
        waiters.add(check);
        check();
        void result.then(check);
      }),
    result,
  };
}
