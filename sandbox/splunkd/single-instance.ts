// A modular input whose scheme says use_single_instance=true, as splunkd runs it (README.md, "Single-instance
// inputs"): one process for the scheme, started once with every enabled stanza of every app in its run-mode
// XML and never re-launched on an interval. When inputs.conf stanzas of the scheme change (create, edit,
// enable, disable, delete), the process is stopped (SIGTERM, SIGKILL after a grace) and started again with
// the new stanza set; with no enabled stanza, none runs. A process that exits by itself is not restarted.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM_USER } from './auth';
import type { StandIn } from './context';
import { inputStanzas } from './endpoints-inputs';
import type { IndexedEvent } from './event-store';
import { type InputStream, inputStream, type StanzaParams } from './input-stream';
import { launch, type Launched, type LaunchResult, type StderrLine } from './launch';
import { runInputXml } from './modinput-xml';
import type { ProtocolError } from './stream-parser';

export interface SingleInstanceInput {
  readonly scheme: string;
  /** pid of the process now running, if any. */
  readonly pid: number | undefined;
  /** How many times the process was started. */
  readonly launches: number;
  /** Stanza names (`<scheme>://<name>`) the running process was given. */
  readonly stanzas: string[];
  /** Across every launch. */
  readonly events: IndexedEvent[];
  readonly stderr: StderrLine[];
  readonly protocolErrors: ProtocolError[];
  /** How each process ended, in order. */
  readonly exits: LaunchResult[];
  /** Signals the running process (e.g. SIGKILL: a crash). */
  kill(signal?: NodeJS.Signals): void;
  /** What splunkd does on a configuration change: stop the process, start it with the current stanzas. */
  restart(): Promise<void>;
  /** Resolves when `check()` is true (re-checked on every event and stderr line); rejects after `timeoutMs`. */
  waitFor(check: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  /** Stops the process (SIGTERM, then SIGKILL) and stops following configuration changes. */
  stop(): Promise<void>;
}

export interface SingleInstanceDeps {
  standIn: StandIn;
  env: Record<string, string>;
  /** SIGTERM → SIGKILL grace when stopping. */
  stopGraceMs?: number;
}

/** Quiet time after the last inputs.conf write before the restart. */
const RESTART_DEBOUNCE_MS = 200;

const isDisabled = (v: string | undefined) => v !== undefined && ['1', 'true'].includes(v.trim().toLowerCase());

export function startSingleInstance({ standIn, env, stopGraceMs = 10_000 }: SingleInstanceDeps, scheme: string): SingleInstanceInput {
  const reg = standIn.schemes.get(scheme);
  if (!reg) throw new Error(`scheme '${scheme}' is not registered with the splunkd stand-in (see its internalLog for why)`);
  if (!reg.info.useSingleInstance) throw new Error(`scheme '${scheme}' is not single-instance (its --scheme says use_single_instance=false): use runInput per stanza`);
  const events: IndexedEvent[] = [];
  const stderr: StderrLine[] = [];
  const protocolErrors: ProtocolError[] = [];
  const exits: LaunchResult[] = [];
  const watchers = new Set<() => void>();
  let current: { launched: Launched; stream: InputStream; stanzas: StanzaParams[] } | undefined;
  let launches = 0;
  let stopped = false;
  const notify = () => {
    for (const w of watchers) w();
  };

  const enabledStanzas = (): Array<StanzaParams & { app: string }> =>
    standIn.confs.apps().flatMap((app) =>
      inputStanzas(standIn, app, scheme)
        .map((s) => {
          const params: Record<string, string> = { ...s.content };
          params.disabled ??= '0';
          params.index ??= 'default';
          params.host ??= standIn.serverName;
          return { app, name: s.name, params };
        })
        .filter((s) => !isDisabled(s.params.disabled)),
    );

  const start = () => {
    const stanzas = enabledStanzas();
    if (stanzas.length === 0) {
      standIn.log('INFO', 'ModularInputs', `scheme=${scheme}: no enabled stanza; not starting its single-instance process`);
      return;
    }
    const checkpointDir = join(standIn.splunkHome, 'var', 'lib', 'splunk', 'modinputs', scheme);
    mkdirSync(checkpointDir, { recursive: true });
    const stdin = runInputXml(
      { serverHost: standIn.serverName, serverUri: standIn.uri, sessionKey: standIn.auth.sessionKeyFor(SYSTEM_USER), checkpointDir },
      stanzas,
    );
    const byName = new Map(stanzas.map((s) => [s.name, s]));
    const fallback: StanzaParams = { name: scheme, params: { index: 'default', host: standIn.serverName } };
    const stream = inputStream(standIn, scheme, reg.executable, (attr) => {
      const s = attr !== undefined ? byName.get(attr) : undefined;
      if (!s) standIn.log('ERROR', 'ExecProcessor', `single-instance scheme=${scheme}: event with stanza="${attr ?? ''}" names no running stanza; using the scheme's defaults`);
      return s ?? fallback;
    });
    stream.onChange(() => {
      // Mirror into the input's totals as they arrive.
      const fresh = stream.events.slice(seen.events);
      seen.events = stream.events.length;
      events.push(...fresh);
      notify();
    });
    const seen = { events: 0 };
    launches++;
    const launched = launch({
      file: reg.executable,
      args: [],
      env,
      cwd: standIn.splunkHome,
      stdin,
      onStdout: stream.onStdout,
      onStderrLine: (line) => {
        stream.onStderrLine(line);
        stderr.push(stream.stderr[stream.stderr.length - 1]!);
        notify();
      },
    });
    const me = { launched, stream, stanzas };
    current = me;
    void launched.done.then((r) => {
      protocolErrors.push(...stream.end(r.signal !== null));
      exits.push(r);
      if (current === me) current = undefined;
      notify();
    });
  };

  const stopCurrent = async () => {
    const c = current;
    if (!c) return;
    c.launched.kill('SIGTERM');
    const timer = setTimeout(() => c.launched.kill('SIGKILL'), stopGraceMs);
    await c.launched.done;
    clearTimeout(timer);
  };

  // Configuration changes are serialised and debounced: writes that come together (an edit touching several
  // keys, a script adding many stanzas) give one restart, after the last of them.
  let chain: Promise<void> = Promise.resolve();
  let debounce: NodeJS.Timeout | undefined;
  let settled: Promise<void> = Promise.resolve();
  const restart = (): Promise<void> => {
    if (debounce) clearTimeout(debounce);
    settled = new Promise<void>((resolve) => {
      debounce = setTimeout(() => {
        debounce = undefined;
        chain = chain.then(async () => {
          if (stopped) return;
          await stopCurrent();
          if (!stopped) start();
        });
        void chain.then(resolve);
      }, RESTART_DEBOUNCE_MS);
    });
    return settled;
  };
  const unsubscribe = standIn.confs.onChange((_app, conf) => {
    if (conf === 'inputs') void restart();
  });

  start();

  return {
    scheme,
    get pid() {
      return current?.launched.pid;
    },
    get launches() {
      return launches;
    },
    get stanzas() {
      return current?.stanzas.map((s) => s.name) ?? [];
    },
    events,
    stderr,
    protocolErrors,
    exits,
    kill: (signal = 'SIGTERM') => current?.launched.kill(signal),
    restart,
    waitFor: (check, timeoutMs = 30_000, what = 'condition') =>
      new Promise<void>((resolve, reject) => {
        const w = () => {
          if (!check()) return;
          clearTimeout(timer);
          watchers.delete(w);
          resolve();
        };
        const timer = setTimeout(() => {
          watchers.delete(w);
          reject(new Error(`single-instance ${scheme}: waited ${timeoutMs} ms for ${what}`));
        }, timeoutMs);
        watchers.add(w);
        w();
      }),
    async stop() {
      stopped = true;
      unsubscribe();
      if (debounce) clearTimeout(debounce);
      await chain;
      await stopCurrent();
    },
  };
}
