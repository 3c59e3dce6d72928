// Runs one measured child process: stdin written and closed, stdout read and thrown away (splunkd's side
// of the pipe costs the same for every contender), stderr kept as lines, wall time from spawn to exit, and
// the peak resident set size read from the kernel's high-water mark (VmHWM in /proc/<pid>/status).
//
// Why VmHWM polling: the kernel keeps the maximum itself, so a poll only has to land after the peak, not
// on it; the last poll is at most POLL_MS before exit. Launchers `exec` node, so the spawned pid is node's.
// process.resourceUsage() would need code inside the measured program, which is the packaged app.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const POLL_MS = 25;

export interface ChildRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
  stdoutBytes: number;
  stderr: string[];
  /** Peak RSS (VmHWM) in bytes; 0 when it could not be read. */
  peakRssBytes: number;
  /** User + system CPU time of the child as last polled (clock ticks → ms); a lower bound. */
  cpuMs: number;
}

export interface ChildOptions {
  file: string;
  args?: string[];
  env: Record<string, string>;
  cwd?: string;
  stdin: string;
  timeoutMs: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

export function readCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

export function readHwm(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined; // gone (or a zombie without memory)
  }
}

export function runChild(o: ChildOptions): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(o.file, o.args ?? [], { env: o.env, cwd: o.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdoutBytes = 0;
    let peak = 0;
    let cpuMs = 0;
    let stderrText = '';
    const poll = (): void => {
      if (child.pid === undefined) return;
      const hwm = readHwm(child.pid);
      if (hwm !== undefined) peak = Math.max(peak, hwm);
      const cpu = readCpuMs(child.pid);
      if (cpu !== undefined) cpuMs = Math.max(cpuMs, cpu);
    };
    const poller = setInterval(poll, POLL_MS);
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, o.timeoutMs);
    child.stdout.on('data', (c: Buffer) => {
      stdoutBytes += c.length;
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => {
      stderrText += c;
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(o.stdin);
    child.on('error', (err) => {
      clearInterval(poller);
      clearTimeout(timer);
      reject(err);
    });
    // 'exit' comes before the pipes are drained; 'close' after both.
    child.on('exit', () => {
      clearInterval(poller);
      poll();
    });
    child.on('close', (exitCode, signal) => {
      clearInterval(poller);
      clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ exitCode, signal, wallMs, stdoutBytes, stderr: stderrText.split('\n').filter((l) => l !== ''), peakRssBytes: peak, cpuMs });
    });
  });
}

/** `key=value` fields of the last stderr line that has `marker` (e.g. `action=run_complete`). */
export function fieldsOf(lines: readonly string[], marker: string): Record<string, string> | undefined {
  const line = [...lines].reverse().find((l) => l.includes(marker));
  if (!line) return undefined;
  const out: Record<string, string> = {};
  for (const m of line.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|\S*)/g)) out[m[1]!] = m[2]!.startsWith('"') ? m[2]!.slice(1, -1) : m[2]!;
  return out;
}
