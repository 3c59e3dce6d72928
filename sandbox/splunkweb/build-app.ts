// Builds the app tree (node build.js --build-dir <dir>, no packages: launchers fall back to node on PATH)
// so the stand-ins serve exactly the shipped bundle, including appserver/static/setup/main.js.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** Returns the app directory (<buildDir>/TA_defender_sync). */
export async function buildApp(buildDir: string): Promise<string> {
  await promisify(execFile)(process.execPath, [join(repoRoot, 'build.js'), '--build-dir', buildDir], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
  return join(buildDir, 'TA_defender_sync');
}
