import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RotatingFile } from '../../src/splunk/log-file';
import { createLogger, logFilePath } from '../../src/splunk/log';
import { repoRoot } from '../helpers/shared';

const silent = { write: () => true };

function readAll(path: string, backups: number): string[] {
  const files = [];
  for (let i = backups; i >= 1; i--) if (existsSync(`${path}.${i}`)) files.push(`${path}.${i}`);
  if (existsSync(path)) files.push(path);
  return files.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean));
}

describe('splunk/log: file rotation', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'ds-rot-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('keeps the file under maxBytes and the newest lines in .1 … .<backups>, dropping only the oldest', () => {
    const log = createLogger({ component: 'c', stderr: silent, splunkHome: home, maxBytes: 400, backups: 2 });
    for (let i = 0; i < 100; i++) log.info(`line ${String(i).padStart(3, '0')}`);
    const path = logFilePath(home);
    expect(existsSync(`${path}.1`)).to.equal(true);
    expect(existsSync(`${path}.2`)).to.equal(true);
    expect(existsSync(`${path}.3`)).to.equal(false);
    for (const f of [path, `${path}.1`, `${path}.2`]) expect(statSync(f).size).to.be.at.most(400);
    const kept = readAll(path, 2).map((l) => /message="line (\d+)"/.exec(l)![1]);
    // A contiguous run that ends with the last line written.
    const last = Number(kept.at(-1));
    expect(last).to.equal(99);
    expect(kept.map(Number)).to.deep.equal(kept.map((_, i) => last - kept.length + 1 + i));
  });

  it('notices that another process rotated the file and writes to the new one', () => {
    const path = join(home, 'x.log');
    const file = new RotatingFile({ path, maxBytes: 0, backups: 3 });
    file.append('a');
    renameSync(path, `${path}.1`); // another process's rotation
    file.append('b');
    expect(readFileSync(`${path}.1`, 'utf8')).to.equal('a\n');
    expect(readFileSync(path, 'utf8')).to.equal('b\n');
  });

  it('lets a rotation in progress elsewhere finish (fresh lock) and breaks a stale lock', () => {
    const path = join(home, 'x.log');
    const clock = { t: Date.now() };
    const file = new RotatingFile({ path, maxBytes: 10, backups: 1, staleLockMs: 10_000, now: () => clock.t });
    file.append('0123456789'.slice(0, 8));
    writeFileSync(`${path}.rotate.lock`, '');
    file.append('second'); // lock held: no rotation, the line is still written
    expect(existsSync(`${path}.1`)).to.equal(false);
    expect(readFileSync(path, 'utf8')).to.equal('01234567\nsecond\n');
    const old = (clock.t - 60_000) / 1000;
    utimesSync(`${path}.rotate.lock`, old, old);
    file.append('third');
    expect(readFileSync(`${path}.1`, 'utf8')).to.equal('01234567\nsecond\n');
    expect(readFileSync(path, 'utf8')).to.equal('third\n');
    expect(existsSync(`${path}.rotate.lock`)).to.equal(false);
  });

  it('loses and tears no line when several processes append and rotate at once', async function () {
    this.timeout(60_000);
    mkdirSync(join(home, 'var', 'log', 'splunk'), { recursive: true });
    const script = `
      import { createLogger } from ${JSON.stringify(resolve(repoRoot, 'src/splunk/log.ts'))};
      const log = createLogger({ component: 'w', stderr: { write: () => true }, splunkHome: process.argv[1], maxBytes: 20000, backups: 100 });
      for (let i = 0; i < 400; i++) log.info('entry ' + process.argv[2] + '-' + i, { pad: 'x'.repeat(40) });
    `;
    const run = (id: string) =>
      new Promise<number | null>((done) => {
        const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, home, id], { cwd: repoRoot, stdio: 'inherit' });
        p.on('close', done);
      });
    const codes = await Promise.all(['a', 'b', 'c'].map(run));
    expect(codes).to.deep.equal([0, 0, 0]);
    const lines = readAll(logFilePath(home), 100);
    const seen = lines.map((l) => {
      expect(l).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \+0000 level=INFO pid=\d+ component=w pad=x{40} message="entry [abc]-\d+"$/);
      return /entry ([abc]-\d+)/.exec(l)![1];
    });
    expect(seen).to.have.length(1200);
    expect(new Set(seen).size).to.equal(1200);
    // Each writer's own lines stay in order.
    for (const id of ['a', 'b', 'c']) {
      const mine = seen.filter((s) => s!.startsWith(`${id}-`)).map((s) => Number(s!.slice(2)));
      expect(mine).to.deep.equal([...mine].sort((x, y) => x - y));
    }
  });
});
