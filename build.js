#!/usr/bin/env node
// Builds the Splunk app: clean → bundle → app tree → packages.
//   node build.js              lays out build/TA_defender_sync/
//   node build.js --package    also writes the three .tgz packages to dist/
// Options: --build-dir <dir> (default build), --dist-dir <dir> (default dist),
//          --targets linux-x86_64,windows-x86_64,noarch (default: all three; only with --package).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { stampAppConf } from './scripts/packaging/app-conf.js';
import { browserBundleOptions, nodeBundleOptions } from './scripts/packaging/esbuild-options.js';
import { readLauncherTemplates, renderLaunchers } from './scripts/packaging/launchers.js';
import { windowsCommandsConf } from './scripts/packaging/platform-confs.js';
import { renderThirdPartyNotices } from './scripts/packaging/licenses.js';
import { ensureRuntime } from './scripts/packaging/runtime.js';
import { writeTarball } from './scripts/packaging/tarball.js';
import { copyAppPath, linkOrCopy, normaliseModes } from './scripts/packaging/tree.js';

const APP_ID = 'TA_defender_sync';
const root = fileURLToPath(new URL('.', import.meta.url));
const TARGETS = {
  'linux-x86_64': { runtime: 'linux-x64', suffix: '-linux-x86_64' },
  'windows-x86_64': { runtime: 'win-x64', suffix: '-windows-x86_64' },
  noarch: { runtime: undefined, suffix: '' },
};

const { values: opts } = parseArgs({
  options: {
    package: { type: 'boolean', default: false },
    'build-dir': { type: 'string', default: 'build' },
    'dist-dir': { type: 'string', default: 'dist' },
    targets: { type: 'string', default: Object.keys(TARGETS).join(',') },
  },
});
const targets = opts.targets.split(',').map((t) => t.trim());
for (const t of targets) if (!TARGETS[t]) throw new Error(`unknown target '${t}': use ${Object.keys(TARGETS).join(', ')}`);

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const version = pkg.version;
const nodeVersion = pkg.defenderSync?.nodeRuntime;
if (!nodeVersion) throw new Error('package.json has no defenderSync.nodeRuntime: set the Node.js version to bundle.');
const buildDir = resolve(root, opts['build-dir']);
const distDir = resolve(root, opts['dist-dir']);
const app = join(buildDir, APP_ID);
const started = Date.now();

// 1. Clean.
rmSync(app, { recursive: true, force: true });
rmSync(join(buildDir, 'stage'), { recursive: true, force: true });
mkdirSync(app, { recursive: true });

// 2. Bundle: one ESM bundle per src/entry/*.ts (bin/lib/<name>.mjs, shared chunks in bin/lib/chunks/).
const entries = readdirSync(join(root, 'src/entry'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
if (entries.length === 0) throw new Error('src/entry/ has no entry points (src/entry/<name>.ts)');
const nodeBundle = await esbuild.build(
  nodeBundleOptions({ entryPoints: entries.map((e) => join(root, 'src/entry', `${e}.ts`)), outdir: join(app, 'bin/lib') }),
);
const metafiles = [nodeBundle.metafile];
// The setup page, once it exists: appserver/static/setup/main.js.
const setupEntry = join(root, 'src/setup/main.tsx');
if (existsSync(setupEntry))
  metafiles.push((await esbuild.build(browserBundleOptions({ entryPoints: [setupEntry], outdir: join(app, 'appserver/static/setup') }))).metafile);

// 3. App tree: static files, generated files, stamped versions, launchers, licenses.
for (const p of ['default', 'metadata', 'README', 'appserver', 'static', 'README.txt', 'LICENSE']) {
  if (existsSync(join(root, p))) copyAppPath(join(root, p), join(app, p));
}
for (const [file, text] of Object.entries(await generatedAppFiles())) {
  mkdirSync(dirname(join(app, file)), { recursive: true });
  writeFileSync(join(app, file), text);
}
const appConf = join(app, 'default/app.conf');
writeFileSync(appConf, stampAppConf(readFileSync(appConf, 'utf8'), version));
const readme = join(app, 'README.txt');
writeFileSync(readme, readFileSync(readme, 'utf8').replaceAll('@APP_VERSION@', version).replaceAll('@NODE_VERSION@', nodeVersion));
const templates = readLauncherTemplates(root);
for (const name of entries) {
  const { sh, cmd } = renderLaunchers(name, templates);
  writeFileSync(join(app, 'bin', `${name}.sh`), sh);
  writeFileSync(join(app, 'bin', `${name}.cmd`), cmd);
}
mkdirSync(join(app, 'LICENSES'), { recursive: true });
writeFileSync(join(app, 'LICENSES/THIRD-PARTY-NOTICES.txt'), renderThirdPartyNotices(root, metafiles));
normaliseModes(app);
// Outside the app tree: what went into which bundle (tests check that --scheme loads no heavy chunk).
writeFileSync(join(buildDir, 'metafile.json'), JSON.stringify(nodeBundle.metafile));
if (metafiles[1]) writeFileSync(join(buildDir, 'metafile-browser.json'), JSON.stringify(metafiles[1]));
console.log(`built ${app} (${entries.length} entry points) in ${Date.now() - started} ms`);

// 4. Packages: the same tree, with the platform's Node.js runtime under bin/runtime/<platform>/.
if (opts.package) {
  mkdirSync(distDir, { recursive: true });
  const written = await Promise.all(targets.map((t) => packageTarget(t)));
  for (const file of written) console.log(`packaged ${file}`);
  console.log(`done in ${Date.now() - started} ms`);
}

async function packageTarget(target) {
  const { runtime, suffix } = TARGETS[target];
  const file = join(distDir, `${APP_ID}-${version}${suffix}.tgz`);
  if (!runtime) return writeTarball({ appDir: app, topLevel: APP_ID, file });
  const stage = join(buildDir, 'stage', target, APP_ID);
  copyAppPath(app, stage);
  const commandsConf = join(stage, 'default/commands.conf');
  if (target === 'windows-x86_64' && existsSync(commandsConf)) writeFileSync(commandsConf, windowsCommandsConf(readFileSync(commandsConf, 'utf8')));
  const { binary, license, fileName } = await ensureRuntime(runtime, nodeVersion, join(root, '.cache/runtime'));
  const runtimeDir = join(stage, 'bin/runtime', runtime);
  mkdirSync(runtimeDir, { recursive: true });
  linkOrCopy(binary, join(runtimeDir, fileName));
  linkOrCopy(license, join(runtimeDir, 'LICENSE'));
  normaliseModes(stage);
  return writeTarball({ appDir: stage, topLevel: APP_ID, file });
}

/** Conf, spec and form files generated from the TypeScript definitions (scripts/packaging/app-files.ts). */
async function generatedAppFiles() {
  const out = join(buildDir, 'stage', `app-files-${process.pid}.mjs`);
  await esbuild.build({ entryPoints: [join(root, 'scripts/packaging/app-files.ts')], outfile: out, bundle: true, format: 'esm', platform: 'node', logLevel: 'warning' });
  try {
    return (await import(pathToFileURL(out).href)).renderGeneratedAppFiles();
  } finally {
    rmSync(out, { force: true });
  }
}
