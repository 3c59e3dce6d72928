// Runs a launcher as splunkd does: directly (the kernel reads the #! line), with an explicit environment.
import { spawn, type ChildProcess } from 'node:child_process';

export interface LauncherResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface LauncherOptions {
  env: NodeJS.ProcessEnv;
  stdin?: string;
  /** Called once the process is spawned (e.g. to signal it); stdin stays open unless `stdin` is given. */
  onSpawn?: (child: ChildProcess) => void;
  timeoutMs?: number;
}

export function runLauncher(file: string, args: string[], options: LauncherOptions): Promise<LauncherResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.stdin.on('error', () => undefined);
    child.on('error', reject);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} ${args.join(' ')} did not exit within ${options.timeoutMs ?? 15_000} ms (stderr: ${stderr})`));
    }, options.timeoutMs ?? 15_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    if (options.stdin !== undefined) child.stdin.end(options.stdin);
    options.onSpawn?.(child);
  });
}
