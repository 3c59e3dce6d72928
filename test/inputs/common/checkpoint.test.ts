import { expect } from 'chai';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointFile, checkpointFileName } from '../../../src/inputs/common/checkpoint';

describe('checkpoint file', () => {
  it('names files after the stanza, safely', () => {
    expect(checkpointFileName('defender_sync_incidents://prod')).to.equal('defender_sync_incidents%3A%2F%2Fprod.json');
    expect(checkpointFileName('a/../b')).to.equal('a%2F..%2Fb.json');
  });

  it('round-trips state and replaces it without leaving temp files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ckpt-'));
    const file = new CheckpointFile<{ n: number }>(join(dir, 'nested'), 'defender_sync_alerts://x');
    expect(await file.load()).to.deep.equal({});
    await file.save({ n: 1 });
    await file.save({ n: 2 });
    expect(await file.load()).to.deep.equal({ state: { n: 2 } });
    expect(await readdir(join(dir, 'nested'))).to.deep.equal(['defender_sync_alerts%3A%2F%2Fx.json']);
  });

  it('moves a corrupt file aside and says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ckpt-'));
    const file = new CheckpointFile<{ n: number }>(dir, 's');
    await writeFile(file.path, '{"n":');
    const { state, problem } = await file.load();
    expect(state).to.equal(undefined);
    expect(problem).to.match(/was not valid JSON; moved it to .*s\.json\.corrupt-\d+ and started from start_date/);
    const names = await readdir(dir);
    expect(names).to.have.length(1);
    expect(await readFile(join(dir, names[0] as string), 'utf8')).to.equal('{"n":');
  });

  it('removes temp files a killed run left behind, and only its own', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ckpt-'));
    const file = new CheckpointFile<{ n: number }>(dir, 'defender_sync_incidents://a');
    await file.save({ n: 1 });
    await writeFile(`${file.path}.tmp-12345`, '{"n":');
    await writeFile(join(dir, 'defender_sync_incidents%3A%2F%2Fb.json.tmp-1'), '{}');
    expect(await file.load()).to.deep.equal({ state: { n: 1 } });
    expect((await readdir(dir)).sort()).to.deep.equal(['defender_sync_incidents%3A%2F%2Fa.json', 'defender_sync_incidents%3A%2F%2Fb.json.tmp-1']);
  });
});
