// Builds the three packages once per test run (`node build.js --package` into a temp folder) and extracts
// them on demand under a temporary SPLUNK_HOME/etc/apps/. The runtime download is cached in .cache/runtime/.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as tar from 'tar';
import { repoRoot } from '../helpers/shared';

export const APP_ID = 'TA_defender_sync';

export interface BuiltPackages {
  workDir: string;
  version: string;
  nodeRuntime: string;
  /** build/TA_defender_sync: the app tree without a runtime. */
  appDir: string;
  /** esbuild's metafile of the Node.js bundles. */
  metafile: string;
  linux: string;
  windows: string;
  noarch: string;
}

let built: Promise<BuiltPackages> | undefined;
const cleanups: string[] = [];
process.on('exit', () => {
  for (const dir of cleanups) rmSync(dir, { recursive: true, force: true });
});

/** A temp folder removed when the test process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(dir);
  return dir;
}

export function builtPackages(): Promise<BuiltPackages> {
  built ??= (async () => {
    const workDir = tempDir('defender-sync-build-');
    const buildDir = join(workDir, 'build');
    const distDir = join(workDir, 'dist');
    await promisify(execFile)(process.execPath, ['build.js', '--package', '--build-dir', buildDir, '--dist-dir', distDir], {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
    });
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string; defenderSync: { nodeRuntime: string } };
    const v = pkg.version;
    return {
      workDir,
      version: v,
      nodeRuntime: pkg.defenderSync.nodeRuntime,
      appDir: join(buildDir, APP_ID),
      metafile: join(buildDir, 'metafile.json'),
      linux: join(distDir, `${APP_ID}-${v}-linux-x86_64.tgz`),
      windows: join(distDir, `${APP_ID}-${v}-windows-x86_64.tgz`),
      noarch: join(distDir, `${APP_ID}-${v}.tgz`),
    };
  })();
  return built;
}

/** Extracts a package as Splunk's "Install app from file" would: $SPLUNK_HOME/etc/apps/<app>/. */
export async function installPackage(tarball: string): Promise<{ splunkHome: string; appDir: string }> {
  const splunkHome = tempDir('defender-sync-splunk-');
  const apps = join(splunkHome, 'etc', 'apps');
  mkdirSync(apps, { recursive: true });
  await tar.x({ file: tarball, cwd: apps });
  return { splunkHome, appDir: join(apps, APP_ID) };
}
