// The shared checkpoint store the stream input uses on several forwarders: @azure/eventhubs-checkpointstore-blob
// on Azurite, driven by the real consumer against the Event Hubs stand-in. Checkpoints and ownership land
// in the container; a new consumer resumes after the checkpoint and reads nothing twice.
import { EventHubConsumerClient, earliestEventPosition, type ReceivedEventData } from '@azure/event-hubs';
import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import { ContainerClient } from '@azure/storage-blob';
import { expect } from 'chai';
import { startAzurite, type Azurite } from '../../sandbox/azurite';
import { startEventHubs, type EventHubs } from '../../sandbox/eventhubs';
import { startSimulator, type Simulator } from '../../sandbox/simulator';
import { recordsOf } from './support';

describe('Blob checkpoint store on Azurite with the Event Hubs stand-in', function () {
  this.timeout(30_000);
  let azurite: Azurite;
  let sim: Simulator;
  let eh: EventHubs;

  before(async () => {
    [azurite, sim] = await Promise.all([startAzurite(), startSimulator({ port: 0, incidents: 20 })]);
    eh = await startEventHubs({ simulator: sim, hubs: [{ name: 'defender-xdr', partitions: 2 }] });
  });
  after(async () => {
    await eh?.stop();
    await Promise.all([sim?.stop(), azurite?.stop()]);
  });

  it('stores checkpoints and ownership in the container and resumes after them', async () => {
    const container = new ContainerClient(azurite.connectionString, 'defender-sync-checkpoints');
    await container.create();
    const store = new BlobCheckpointStore(container);
    let namespace = '';
    const consume = async (until: (events: ReceivedEventData[]) => boolean): Promise<ReceivedEventData[]> => {
      const client = new EventHubConsumerClient('splunk', eh.connectionString({ hub: 'defender-xdr' }), store, {
        loadBalancingOptions: { strategy: 'greedy', updateIntervalInMs: 200 },
      });
      namespace = client.fullyQualifiedNamespace; // the store is keyed on the host the client connects to
      const events: ReceivedEventData[] = [];
      await new Promise<void>((resolve, reject) => {
        const sub = client.subscribe({
          processEvents: async (batch, context) => {
            events.push(...batch);
            const last = batch[batch.length - 1];
            if (last) await context.updateCheckpoint(last);
            if (until(events)) void sub.close().then(resolve, reject);
          },
          processError: async (e) => reject(e),
        }, { startPosition: earliestEventPosition, maxBatchSize: 5, maxWaitTimeInSeconds: 0.2 });
      });
      await client.close();
      return events;
    };

    const first = eh.publish({ records: 200, batchSize: 20, tables: ['DeviceProcessEvents'], collect: true });
    const firstRun = await consume((e) => e.length >= first.messages);
    expect(firstRun.flatMap((e) => recordsOf(e.body))).to.have.length(200);

    const checkpoints = await store.listCheckpoints(namespace, 'defender-xdr', 'splunk');
    const last = eh.lastSequenceNumbers('defender-xdr');
    expect(Object.fromEntries(checkpoints.map((c) => [c.partitionId, c.sequenceNumber]))).to.deep.equal(last);
    const ownership = await store.listOwnership(namespace, 'defender-xdr', 'splunk');
    expect(ownership.map((o) => o.partitionId).sort()).to.deep.equal(['0', '1']);
    const blobs: string[] = [];
    for await (const b of container.listBlobsFlat()) blobs.push(b.name);
    expect(blobs.filter((n) => n.includes('/checkpoint/'))).to.have.length(2);

    const second = eh.publish({ records: 60, batchSize: 20, tables: ['DeviceProcessEvents'], collect: true });
    const secondRun = await consume((e) => e.length >= second.messages);
    const again = secondRun.flatMap((e) => recordsOf(e.body)).map((r) => JSON.stringify(r));
    expect(again.sort()).to.deep.equal(second.published!.map((r) => JSON.stringify(r)).sort());
  });
});
