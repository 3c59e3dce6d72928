// Input processes measured together: each started like splunkd starts it (launcher, stdin written and closed,
// stdout read and thrown away), and, while any runs, the total resident memory of all of them sampled from
// /proc (VmRSS: what they hold now, summed over the processes alive at that instant) and each one's own peak
// (VmHWM) and CPU time. Linux only.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readCpuMs, readHwm } from './child';

const POLL_MS = 50;

export interface Started {
  pid: number | undefined;
  /** stderr lines so far. */
  stderr: string[];
  /** Resolves with the exit code (null when killed). */
  done: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

export interface GroupStats {
  /** Highest sum of VmRSS over the processes alive at one sample. */
  peakTotalRssBytes: number;
  /** Each process's own peak (VmHWM). */
  peaks: number[];
  /** User + system CPU of every process, as last sampled (a lower bound). */
  cpuMs: number;
  started: number;
}

/** Current resident memory (what the process holds now; VmHWM is its peak). */
function readRss(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export class ProcessGroup {
  private readonly live = new Map<number, { hwm: number; cpu: number }>();
  private readonly stats: GroupStats = { peakTotalRssBytes: 0, peaks: [], cpuMs: 0, started: 0 };
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.sample(), POLL_MS);
  }

  private sample(): void {
    let total = 0;
    for (const [pid, seen] of this.live) {
      const rss = readRss(pid);
      if (rss !== undefined) total += rss;
      seen.hwm = Math.max(seen.hwm, readHwm(pid) ?? 0);
      seen.cpu = Math.max(seen.cpu, readCpuMs(pid) ?? 0);
    }
    this.stats.peakTotalRssBytes = Math.max(this.stats.peakTotalRssBytes, total);
  }

  start(file: string, env: Record<string, string>, cwd: string, stdin: string, onStderrLine?: (line: string) => void): Started {
    const child = spawn(file, [], { env, cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const stderr: string[] = [];
    let pending = '';
    child.stdout.on('data', () => undefined);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => {
      pending += c;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) {
        stderr.push(l);
        onStderrLine?.(l);
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
    const pid = child.pid;
    if (pid !== undefined) this.live.set(pid, { hwm: 0, cpu: 0 });
    this.stats.started++;
    this.sample();
    const done = new Promise<number | null>((resolve) => {
      child.on('exit', () => {
        // The last look at its counters before the kernel forgets it.
        if (pid === undefined) return;
        const seen = this.live.get(pid);
        if (seen) {
          this.stats.peaks.push(seen.hwm);
          this.stats.cpuMs += seen.cpu;
        }
        this.live.delete(pid);
      });
      child.on('close', (code) => resolve(code));
    });
    return {
      pid,
      stderr,
      done,
      kill: (signal) => {
        if (pid !== undefined) {
          try {
            process.kill(-pid, signal);
          } catch {
            // gone
          }
        }
      },
    };
  }

  /** Stops sampling; call after every process ended. */
  finish(): GroupStats {
    this.sample();
    clearInterval(this.timer);
    return { ...this.stats, peaks: [...this.stats.peaks] };
  }
}
