// Starting an app's executable the way splunkd does: exec the file itself (shebang; no shell), a fixed
// environment, stdin written then closed, stdout streamed to a reader, stderr split into lines. Each child
// gets its own process group so that kill() reaches what a launcher script started too.
import { spawn } from 'node:child_process';

export interface LaunchOptions {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Written, then stdin is closed; or 'interactive': stdin stays open for `Launched.stdin` (search commands). */
  stdin: string | 'interactive';
  onStdout?: (chunk: Buffer) => void;
  onStderrLine?: (line: string) => void;
  /** SIGTERM after this long, SIGKILL `killGraceMs` later. */
  timeoutMs?: number;
  killGraceMs?: number;
  now?: () => number;
}

export interface LaunchResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Set when the file could not be executed at all (ENOENT, EACCES…). */
  spawnError?: string;
  durationMs: number;
}

export interface Launched {
  readonly pid: number | undefined;
  /** The child's stdin, for `stdin: 'interactive'` launches. */
  readonly stdin: NodeJS.WritableStream;
  kill(signal?: NodeJS.Signals): void;
  readonly done: Promise<LaunchResult>;
}

export function launch(options: LaunchOptions): Launched {
  const now = options.now ?? Date.now;
  const started = now();
  const child = spawn(options.file, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let timedOut = false;
  let spawnError: string | undefined;
  const timers: NodeJS.Timeout[] = [];

  const kill = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal); // the whole group: a launcher's own children included
    } catch {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    }
  };

  if (options.timeoutMs !== undefined) {
    timers.push(
      setTimeout(() => {
        timedOut = true;
        kill('SIGTERM');
        timers.push(setTimeout(() => kill('SIGKILL'), options.killGraceMs ?? 2000));
      }, options.timeoutMs),
    );
  }

  let pending = '';
  const stderrDecoder = new TextDecoder('utf-8');
  child.stderr.on('data', (chunk: Buffer) => {
    pending += stderrDecoder.decode(chunk, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) options.onStderrLine?.(line.replace(/\r$/, ''));
  });
  child.stdout.on('data', (chunk: Buffer) => options.onStdout?.(chunk));
  // A child that exits without reading stdin makes our write fail with EPIPE: that is its business.
  child.stdin.on('error', () => undefined);
  if (options.stdin !== 'interactive') child.stdin.end(options.stdin);

  const done = new Promise<LaunchResult>((resolve) => {
    child.on('error', (err) => {
      spawnError = `${(err as NodeJS.ErrnoException).code ?? 'ERROR'}: ${err.message}`;
    });
    child.on('close', (code, signal) => {
      for (const t of timers) clearTimeout(t);
      pending += stderrDecoder.decode();
      if (pending !== '') options.onStderrLine?.(pending.replace(/\r$/, ''));
      resolve({ exitCode: code, signal, timedOut, ...(spawnError ? { spawnError } : {}), durationMs: now() - started });
    });
  });

  return { pid: child.pid, stdin: child.stdin, kill, done };
}

export interface StderrLine {
  level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
  text: string;
}

/** splunkd's reading of a stderr line: a leading level word sets the level, anything else is ERROR. */
export function stderrLevel(line: string): StderrLine {
  const m = /^(DEBUG|INFO|WARN|ERROR|FATAL)(?:\s+(.*))?$/.exec(line);
  if (m) return { level: m[1] as StderrLine['level'], text: m[2] ?? '' };
  return { level: 'ERROR', text: line };
}
