// The pure steps build.js is made of.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import * as tar from 'tar';
import { buildNumber, setConfValues, stampAppConf } from '../../scripts/packaging/app-conf';
import { renderLaunchers } from '../../scripts/packaging/launchers';
import { packageDirOf } from '../../scripts/packaging/licenses';
import { packageMtime, writeTarball } from '../../scripts/packaging/tarball';
import { copyAppPath, listTree, packagedMode } from '../../scripts/packaging/tree';
import { confToObject, parseConf } from '../../src/splunk/conf-file';
import { tempDir } from './fixture';

describe('packaging steps', () => {
  describe('app.conf stamping', () => {
    it('derives a growing positive [install] build from the semver core', () => {
      expect(buildNumber('1.0.0')).to.equal(1_000_000);
      expect(buildNumber('1.2.3')).to.equal(1_002_003);
      expect(buildNumber('2.0.0-beta.1')).to.equal(2_000_000);
      expect(buildNumber('0.0.1')).to.equal(1);
      expect(() => buildNumber('1.2')).to.throw("package.json version '1.2' is not semver (MAJOR.MINOR.PATCH): fix it in package.json.");
      expect(() => buildNumber('1.1000.0')).to.throw(/minor and patch must stay below 1000/);
    });

    it('adds version/build to their stanzas, replaces existing values, keeps everything else', () => {
      const source = '# comment\n[id]\nname = TA_x\n\n[launcher]\nversion = 0.0.1\nauthor = me\n\n[install]\nis_configured = false\n';
      const stamped = stampAppConf(source, '1.2.3');
      expect(stamped).to.equal(
        '# comment\n[id]\nname = TA_x\nversion = 1.2.3\n\n[launcher]\nversion = 1.2.3\nauthor = me\n\n[install]\nis_configured = false\nbuild = 1002003\n',
      );
      expect(confToObject(parseConf(stamped)).launcher).to.deep.equal({ version: '1.2.3', author: 'me' });
    });

    it('refuses an app.conf without the stanza to stamp, naming it', () => {
      expect(() => setConfValues('[ui]\nlabel = x\n', { id: { version: '1' }, install: { build: '1' } })).to.throw(
        'default/app.conf has no [id], [install] stanza: add it.',
      );
    });
  });

  describe('launchers', () => {
    it('fills in the entry name, LF for .sh and CRLF for .cmd whatever the template endings', () => {
      const r = renderLaunchers('defender_sync_x', { sh: '#!/bin/sh\r\nrun @NAME@\r\n', cmd: '@echo off\nrun @NAME@\n' });
      expect(r).to.deep.equal({ sh: '#!/bin/sh\nrun defender_sync_x\n', cmd: '@echo off\r\nrun defender_sync_x\r\n' });
    });

    it('refuses an entry name that cannot be a scheme or a file name', () => {
      expect(() => renderLaunchers('Defender Sync', { sh: '', cmd: '' })).to.throw(
        "entry point 'Defender Sync' cannot name a launcher: use lower-case letters, digits and '_' (src/entry/<name>.ts).",
      );
    });
  });

  describe('app tree', () => {
    it('copies without local/, local.meta, dot-files or __MACOSX, at any depth', () => {
      const src = tempDir('defender-sync-src-');
      for (const f of ['default/app.conf', 'default/local/x.conf', 'local/inputs.conf', 'metadata/default.meta', 'metadata/local.meta', '.git/HEAD', 'static/.DS_Store', '__MACOSX/a', 'appserver/static/.keep', 'appserver/static/icon.png']) {
        mkdirSync(join(src, f, '..'), { recursive: true });
        writeFileSync(join(src, f), 'x');
      }
      const dest = join(tempDir('defender-sync-dest-'), 'app');
      for (const p of ['default', 'metadata', 'static', 'appserver', 'local']) copyAppPath(join(src, p), join(dest, p));
      expect(listTree(dest).filter((p) => !p.endsWith('/'))).to.deep.equal(['appserver/static/icon.png', 'default/app.conf', 'metadata/default.meta']);
    });

    it('gives launchers and runtime binaries 755, other files 644, folders 755', () => {
      expect(packagedMode('bin/defender_sync_incidents.sh')).to.equal(0o755);
      expect(packagedMode('bin/defender_sync_incidents.cmd')).to.equal(0o755);
      expect(packagedMode('bin/runtime/linux-x64/node')).to.equal(0o755);
      expect(packagedMode('bin/runtime/win-x64/node.exe')).to.equal(0o755);
      expect(packagedMode('bin/runtime/linux-x64/LICENSE')).to.equal(0o644);
      expect(packagedMode('bin/lib/defender_sync_incidents.mjs')).to.equal(0o644);
      expect(packagedMode('default/app.conf')).to.equal(0o644);
      expect(packagedMode('bin/lib/')).to.equal(0o755);
    });

    it('finds the npm package of a bundled file, scoped or nested', () => {
      expect(packageDirOf('node_modules/axios/lib/axios.js')).to.equal('node_modules/axios');
      expect(packageDirOf('node_modules/@azure/msal-node/dist/index.mjs')).to.equal('node_modules/@azure/msal-node');
      expect(packageDirOf('node_modules/a/node_modules/@s/b/x.js')).to.equal('node_modules/a/node_modules/@s/b');
      expect(packageDirOf('src/entry/x.ts')).to.equal(undefined);
    });
  });

  describe('tarballs', () => {
    it('are byte-identical when written twice, whatever the files on disk say about time and owner', async () => {
      const work = tempDir('defender-sync-tgz-');
      const app = join(work, 'TA_x');
      mkdirSync(join(app, 'bin'), { recursive: true });
      writeFileSync(join(app, 'bin/a.sh'), '#!/bin/sh\n');
      writeFileSync(join(app, 'README.txt'), 'hello');
      await writeTarball({ appDir: app, topLevel: 'TA_x', file: join(work, 'one.tgz') });
      cpSync(app, join(work, 'copy', 'TA_x'), { recursive: true }); // new inodes and mtimes
      await writeTarball({ appDir: join(work, 'copy', 'TA_x'), topLevel: 'TA_x', file: join(work, 'two.tgz') });
      expect(readFileSync(join(work, 'one.tgz')).equals(readFileSync(join(work, 'two.tgz')))).to.equal(true);
      const paths: string[] = [];
      await tar.t({ file: join(work, 'one.tgz'), onReadEntry: (e) => void paths.push(e.path) });
      expect(paths).to.deep.equal(['TA_x/', 'TA_x/README.txt', 'TA_x/bin/', 'TA_x/bin/a.sh']);
    });

    it('take their mtime from SOURCE_DATE_EPOCH when set', () => {
      expect(packageMtime({ SOURCE_DATE_EPOCH: '1700000000' }).toISOString()).to.equal('2023-11-14T22:13:20.000Z');
      expect(packageMtime({}).toISOString()).to.equal('2000-01-01T00:00:00.000Z');
    });

    it('refuse a folder whose name is not the top-level name', async () => {
      const work = tempDir('defender-sync-tgz-');
      mkdirSync(join(work, 'other'));
      await writeTarball({ appDir: join(work, 'other'), topLevel: 'TA_x', file: join(work, 'x.tgz') }).then(
        () => expect.fail('should refuse'),
        (err: Error) => expect(err.message).to.match(/must be a folder named TA_x/),
      );
    });
  });
});
