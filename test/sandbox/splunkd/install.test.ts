import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { type Splunkd, startSplunkd } from '../../../sandbox/splunkd/index';
import { FAKE_APP, FAKE_SCHEME, writeFakeApp } from './helpers/fake-app';

describe('sandbox/splunkd: installApp', () => {
  let work: string;
  let splunkd: Splunkd;
  beforeEach(async () => {
    work = mkdtempSync(join(tmpdir(), 'ds-install-'));
    splunkd = await startSplunkd({ splunkHome: join(work, 'splunk') });
  });
  afterEach(async () => {
    await splunkd.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('extracts a package into etc/apps, keeps launcher modes, and registers its schemes', async () => {
    const src = join(work, 'src');
    writeFakeApp(src);
    const pkg = join(work, 'TA_fake-1.2.3.tgz');
    await tar.c({ gzip: true, file: pkg, cwd: src, portable: true }, [FAKE_APP]);
    expect(splunkd.schemes.size).to.equal(0);
    expect(await splunkd.installApp(pkg)).to.equal(FAKE_APP);
    const launcher = join(splunkd.splunkHome, 'etc', 'apps', FAKE_APP, 'bin', `${FAKE_SCHEME}.sh`);
    expect(statSync(launcher).mode & 0o777).to.equal(0o755);
    expect([...splunkd.schemes.keys()]).to.deep.equal([FAKE_SCHEME]);
    const r = await splunkd.runInput({ scheme: FAKE_SCHEME, stanza: 'good' }).result;
    expect(r.events).to.have.length(2);
  });

  it('copies an app directory', async () => {
    const src = join(work, 'src');
    writeFakeApp(src);
    expect(await splunkd.installApp(join(src, FAKE_APP))).to.equal(FAKE_APP);
    expect(splunkd.schemes.has(FAKE_SCHEME)).to.equal(true);
  });

  it('refuses a package without exactly one top-level folder', async () => {
    const src = join(work, 'two');
    for (const d of ['a', 'b']) {
      mkdirSync(join(src, d), { recursive: true });
      writeFileSync(join(src, d, 'x'), 'x');
    }
    const pkg = join(work, 'two.tgz');
    await tar.c({ gzip: true, file: pkg, cwd: src }, ['a', 'b']);
    try {
      await splunkd.installApp(pkg);
      expect.fail('should refuse');
    } catch (e) {
      expect((e as Error).message).to.equal(`cannot install ${pkg}: a package holds exactly one top-level app folder, found a, b`);
    }
  });
});
