// Modular-input scheme registration, as splunkd does it at start-up: every `[<scheme>://…]` in an app's
// README/inputs.conf.spec needs an executable bin/<scheme>.sh (or bin/<scheme>) whose `--scheme` output
// is a valid <scheme>; if running it fails, the scheme is not registered and splunkd.log says why.
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './launch';
import { parseSchemeXml, type SchemeInfo, specSchemes } from './modinput-xml';

export interface RegisteredScheme {
  app: string;
  scheme: string;
  executable: string;
  info: SchemeInfo;
}

export type SchemeRegistry = Map<string, RegisteredScheme>;

/** bin/<scheme>.sh, else an executable bin/<scheme> (the *nix forms splunkd recognises besides .py). */
export function findExecutable(appDir: string, name: string): string | undefined {
  for (const candidate of [join(appDir, 'bin', `${name}.sh`), join(appDir, 'bin', name)]) {
    if (!existsSync(candidate)) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // present but not executable: splunkd cannot run it either
    }
  }
  return undefined;
}

export interface SchemeRunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string[];
  scheme?: SchemeInfo;
  error?: string;
}

export async function introspect(executable: string, env: Record<string, string>, cwd: string, timeoutMs: number): Promise<SchemeRunResult> {
  const out: Buffer[] = [];
  const stderr: string[] = [];
  const run = launch({ file: executable, args: ['--scheme'], env, cwd, stdin: '', timeoutMs, onStdout: (c) => out.push(c), onStderrLine: (l) => stderr.push(l) });
  const r = await run.done;
  const stdout = Buffer.concat(out).toString('utf8');
  const base = { exitCode: r.exitCode, signal: r.signal, stdout, stderr };
  if (r.spawnError) return { ...base, error: `script running failed (${r.spawnError})` };
  if (r.exitCode !== 0) return { ...base, error: `script running failed (${r.signal ? `killed by ${r.signal}` : `exited with code ${r.exitCode}`})` };
  try {
    return { ...base, scheme: parseSchemeXml(stdout) };
  } catch (e) {
    return { ...base, error: `scheme is invalid: ${(e as Error).message}` };
  }
}

/** Schemes an app declares (empty without README/inputs.conf.spec). */
export function declaredSchemes(appDir: string): string[] {
  const spec = join(appDir, 'README', 'inputs.conf.spec');
  return existsSync(spec) ? specSchemes(readFileSync(spec, 'utf8')) : [];
}
