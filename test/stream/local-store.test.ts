import { expect } from 'chai';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCheckpointStore } from '../../src/stream/local-store';

const key = { namespace: 'contoso.servicebus.windows.net', eventHub: 'defender', consumerGroup: 'splunk' };
const cp = (partitionId: string, sequenceNumber: number) => ({ fullyQualifiedNamespace: 'x', eventHubName: 'defender', consumerGroup: 'splunk', partitionId, sequenceNumber, offset: String(sequenceNumber * 100) });

describe('stream local checkpoint store', () => {
  it('keeps each partition\'s sequence number and offset across restarts, in one file per stanza', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stream-store-'));
    const { store } = await LocalCheckpointStore.open(dir, 'defender_sync_stream://prod', key);
    await Promise.all([store.updateCheckpoint(cp('0', 5)), store.updateCheckpoint(cp('1', 7)), store.updateCheckpoint(cp('0', 9))]);
    expect(readdirSync(dir)).to.deep.equal(['defender_sync_stream%3A%2F%2Fprod.json']);
    const again = (await LocalCheckpointStore.open(dir, 'defender_sync_stream://prod', key)).store;
    const listed = await again.listCheckpoints('ns', 'defender', 'splunk');
    expect(listed.map((c) => [c.partitionId, c.sequenceNumber, c.offset])).to.deep.equal([['0', 9, '900'], ['1', 7, '700']]);
    expect(listed[0]).to.include({ fullyQualifiedNamespace: 'ns', eventHubName: 'defender', consumerGroup: 'splunk' });
  });

  it('starts empty, saying why, when the input now reads another hub or consumer group', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stream-store-'));
    await (await LocalCheckpointStore.open(dir, 's', key)).store.updateCheckpoint(cp('0', 5));
    const { store, problem } = await LocalCheckpointStore.open(dir, 's', { ...key, consumerGroup: 'other' });
    expect(await store.listCheckpoints('x', 'defender', 'other')).to.deep.equal([]);
    expect(problem).to.match(/consumer group splunk; the input now reads .* consumer group other, so it starts from its start_position/);
  });

  it('moves an unreadable file aside and reports it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stream-store-'));
    writeFileSync(join(dir, 's.json'), '{half');
    const { store, problem } = await LocalCheckpointStore.open(dir, 's', key);
    expect(problem).to.match(/not valid JSON; moved it to/);
    expect(await store.listCheckpoints('x', 'y', 'z')).to.deep.equal([]);
  });

  it('grants ownership with optimistic concurrency on the etag, as the SDK expects', async () => {
    const { store } = await LocalCheckpointStore.open(mkdtempSync(join(tmpdir(), 'stream-store-')), 's', key);
    const request = { fullyQualifiedNamespace: 'x', eventHubName: 'defender', consumerGroup: 'splunk', partitionId: '0', ownerId: 'a' };
    const [won] = await store.claimOwnership([request]);
    expect(won?.etag).to.be.a('string');
    expect(await store.claimOwnership([{ ...request, ownerId: 'b', etag: 'stale' }])).to.deep.equal([]);
    expect(await store.claimOwnership([{ ...request, ownerId: 'b', etag: won!.etag! }])).to.have.length(1);
    expect((await store.listOwnership()).map((o) => o.ownerId)).to.deep.equal(['b']);
  });

  it('never writes the file partially: the saved JSON is always whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stream-store-'));
    const { store } = await LocalCheckpointStore.open(dir, 's', key);
    for (let i = 0; i < 50; i++) void store.updateCheckpoint(cp(String(i % 4), i));
    await store.updateCheckpoint(cp('0', 100));
    expect(JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')).partitions['0']).to.deep.equal({ sequenceNumber: 100, offset: '10000' });
  });
});
