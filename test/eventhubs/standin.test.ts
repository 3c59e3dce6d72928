// The Event Hubs stand-in driven by the real @azure/event-hubs EventHubConsumerClient: SAS and Entra
// (TokenCredential) auth with the service's error shapes, hub and partition runtime information,
// start positions, owner levels (epochs), service-side detaches, partition growth and malformed
// messages. What the stream input is tested against must behave like Event Hubs for this client.
import { EventHubConsumerClient, earliestEventPosition, latestEventPosition, type ReceivedEventData } from '@azure/event-hubs';
import { expect } from 'chai';
import { startEventHubs, type EventHubs } from '../../sandbox/eventhubs';
import { startSimulator, type Simulator } from '../../sandbox/simulator';
import { huntingRows, huntingWorld } from '../../sandbox/simulator/tables';
import { overWebSockets, read, recordsOf, simulatorCredential, withSdkRenewalTimersUnref } from './support';

const HUB = 'defender-xdr';

describe('Event Hubs stand-in with the real Event Hubs client', function () {
  this.timeout(30_000);
  let sim: Simulator;
  let eh: EventHubs;
  const clients: EventHubConsumerClient[] = [];
  const sasClient = (o: { keyName?: string; hub?: string; group?: string } = {}) => {
    const c = new EventHubConsumerClient(o.group ?? '$Default', eh.connectionString({ hub: o.hub ?? HUB, keyName: o.keyName }), { retryOptions: { maxRetries: 0, timeoutInMs: 5000 } });
    clients.push(c);
    return c;
  };
  const entraClient = (appIndex: number, o: { hub?: string; namespace?: string } = {}) => {
    const c = new EventHubConsumerClient('$Default', o.namespace ?? eh.namespace, o.hub ?? HUB, simulatorCredential(sim, appIndex), overWebSockets(eh));
    clients.push(c);
    return c;
  };

  before(async () => {
    sim = await startSimulator({ port: 0, incidents: 40 });
    eh = await startEventHubs({ simulator: sim, hubs: [{ name: HUB, partitions: 2 }, { name: 'per-partition', partitions: 3, consumerGroups: ['$Default'] }] });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await eh?.stop();
    await sim?.stop();
  });

  it('serves hub and partition runtime information and every published record once, in order, over SAS', async () => {
    const published = eh.publish({ records: 600, batchSize: 50, bareArrayEvery: 4, collect: true });
    const messages = published.messages;
    expect(messages).to.be.within(12, 40);
    const client = sasClient();
    expect(await client.getEventHubProperties()).to.include({ name: HUB }).and.have.deep.property('partitionIds', ['0', '1']);
    const p0 = await client.getPartitionProperties('0');
    const last = Math.ceil(messages / 2) - 1;
    expect(p0).to.include({ partitionId: '0', eventHubName: HUB, beginningSequenceNumber: 0, lastEnqueuedSequenceNumber: last, isEmpty: false });
    expect(eh.lastSequenceNumbers(HUB)).to.deep.equal({ 0: last, 1: messages - last - 2 });

    const { events, errors } = await read(client, { startPosition: earliestEventPosition, until: (e) => e.length >= messages });
    expect(errors).to.deep.equal([]);
    const records = events.flatMap((e) => recordsOf(e.body));
    expect(records).to.have.length(600);
    expect(new Set(records.map((r) => JSON.stringify(r))).size).to.equal(600);
    expect(records.map((r) => JSON.stringify(r)).sort()).to.deep.equal(published.published!.map((r) => JSON.stringify(r)).sort());
    expect(events.filter((e) => Array.isArray(e.body))).to.have.length(Math.floor(messages / 4));
    for (const r of records) {
      expect(r.category).to.match(/^AdvancedHunting-\w+$/);
      expect(r.properties.Timestamp).to.match(/\.\d{7}Z$/);
      expect(r.tenantId).to.equal(sim.tenants[0]!.tenantId);
    }
    // One world: a streamed row is the row the simulator's hunting API serves for the same table and time.
    const world = huntingWorld(sim.data.tenant(), { seed: sim.seed });
    const sample = records[0]!;
    const table = (sample.category as string).replace('AdvancedHunting-', '');
    const at = new Date(Date.parse(sample.properties.Timestamp));
    const { MachineGroup: _group, ...row } = sample.properties;
    expect([...huntingRows(world, table, at, new Date(at.getTime() + 1))]).to.deep.include(row);
    const seqs = events.map((e) => e.sequenceNumber);
    expect(seqs.filter((s) => s === 0)).to.have.length(2);
    expect(events.every((e) => typeof e.offset === 'string' && e.enqueuedTimeUtc instanceof Date)).to.equal(true);
  });

  it('starts where the filter says: sequence number, offset (exclusive and inclusive), enqueued time, latest', async () => {
    const client = sasClient({ hub: 'per-partition' });
    const sent = ['a', 'b', 'c', 'd'].map((x) => ({ x, ...eh.publishRaw('per-partition', '2', JSON.stringify({ records: [{ x }] })) }));
    const from = async (startPosition: Parameters<typeof read>[1]['startPosition'], n: number) =>
      (await read(client, { partition: '2', startPosition, until: (e) => e.length >= n, timeoutMs: 3000 })).events.map((e) => recordsOf(e.body)[0]!.x);
    expect(await from(earliestEventPosition, 4)).to.deep.equal(['a', 'b', 'c', 'd']);
    expect(await from({ sequenceNumber: 1 }, 2)).to.deep.equal(['c', 'd']);
    expect(await from({ sequenceNumber: 1, isInclusive: true }, 3)).to.deep.equal(['b', 'c', 'd']);
    expect(await from({ offset: sent[2]!.offset }, 1)).to.deep.equal(['d']);
    expect(await from({ offset: sent[2]!.offset, isInclusive: true }, 2)).to.deep.equal(['c', 'd']);
    expect(await from({ enqueuedOn: 0 }, 4)).to.deep.equal(['a', 'b', 'c', 'd']);
    const latest = read(client, { partition: '2', startPosition: latestEventPosition, until: (e) => e.length >= 1, timeoutMs: 4000 });
    setTimeout(() => eh.publishRaw('per-partition', '2', JSON.stringify({ records: [{ x: 'e' }] })), 600);
    expect((await latest).events.map((e) => recordsOf(e.body)[0]!.x)).to.deep.equal(['e']);
  });

  it('accepts Entra tokens for https://eventhubs.azure.net over AMQP/WebSockets and checks the role assignment', async () => {
    const reader = entraClient(0);
    const last = eh.lastSequenceNumbers(HUB)['1']!;
    expect((await reader.getPartitionProperties('1')).lastEnqueuedSequenceNumber).to.equal(last);
    const ok = await read(reader, { partition: '1', startPosition: earliestEventPosition, until: (e) => e.length > last });
    expect(ok.errors).to.deep.equal([]);
    expect(ok.events.map((e) => e.sequenceNumber)).to.deep.equal([...Array(last + 1).keys()]);

    const noRole = entraClient(2);
    const refused = await noRole.getPartitionProperties('0').catch((e: Error & { code?: string }) => e);
    expect(refused).to.be.instanceOf(Error).and.include({ code: 'UnauthorizedError' });
    expect((refused as Error).message).to.match(/^Unauthorized access\. 'Listen' claim\(s\) are required to perform this operation\. Resource: 'sb:\/\/defender-sync\.servicebus\.windows\.net\/defender-xdr'/);
    const attach = await read(noRole, { partition: '0', startPosition: earliestEventPosition, until: () => false });
    expect(attach.events).to.deep.equal([]);
    expect(attach.errors[0]).to.include({ code: 'UnauthorizedError' });
    expect(attach.errors[0]!.message).to.contain("'Listen' claim(s) are required").and.contain('/defender-xdr/consumergroups/$default/partitions/0');
  });

  it('refuses SAS tokens signed with a wrong key or a key without Listen, with the service’s messages', async () => {
    const wrong = new EventHubConsumerClient('$Default', eh.connectionString({ hub: HUB }).replace(/SharedAccessKey=[^;]+/, 'SharedAccessKey=bm90IHRoZSBrZXk='), { retryOptions: { maxRetries: 0, timeoutInMs: 5000 } });
    clients.push(wrong);
    const bad = await read(wrong, { partition: '0', startPosition: earliestEventPosition, until: () => false });
    expect(bad.errors[0]).to.include({ code: 'UnauthorizedError' });
    expect(bad.errors[0]!.message).to.match(/^InvalidSignature: The token has an invalid signature/);
    const sendOnly = await sasClient({ keyName: 'defender-send' }).getEventHubProperties().catch((e: Error & { code?: string }) => e);
    expect(sendOnly).to.include({ code: 'UnauthorizedError' });
    expect((sendOnly as Error).message).to.contain("'Listen' claim(s) are required");
  });

  it('answers an unknown namespace, hub or consumer group as not found', async () => {
    const hub = await sasClient({ hub: 'no-such-hub' }).getEventHubProperties().catch((e: Error & { code?: string }) => e);
    expect(hub).to.include({ code: 'MessagingEntityNotFoundError' });
    expect((hub as Error).message).to.match(/^The messaging entity 'sb:\/\/defender-sync\.servicebus\.windows\.net\/no-such-hub' could not be found/);
    const group = await read(sasClient({ group: 'no-such-group' }), { partition: '0', startPosition: earliestEventPosition, until: () => false });
    expect(group.errors[0]).to.include({ code: 'MessagingEntityNotFoundError' });
    expect(group.errors[0]!.message).to.contain("defender-xdr/no-such-group~32766' could not be found");
    const ns = await entraClient(0, { namespace: 'other-ns.servicebus.windows.net' }).getEventHubProperties().catch((e: Error & { code?: string }) => e);
    expect(ns).to.be.instanceOf(Error);
    expect((ns as Error).message).to.contain("'sb://other-ns.servicebus.windows.net/' could not be found");
  });

  it('lets a higher owner level take a partition: the lower reader is disconnected, non-epoch readers are refused', async () => {
    const first = sasClient();
    const second = sasClient();
    const errors: Error[] = [];
    const sub = first.subscribe('0', {
      processEvents: async () => undefined,
      processError: async (e) => { errors.push(e); },
    }, { startPosition: latestEventPosition, ownerLevel: 1, maxWaitTimeInSeconds: 0.2 });
    await waitFor(() => eh.receivers().some((r) => r.partition === '0' && r.epoch === 1));
    const taker = read(second, { partition: '0', startPosition: latestEventPosition, until: () => false, timeoutMs: 1500, options: { ownerLevel: 2 } });
    await waitFor(() => errors.length > 0);
    expect(errors[0]).to.include({ code: 'ReceiverDisconnectedError' });
    expect(errors[0]!.message).to.match(/^New receiver '.+' with higher epoch of '2' is created hence current receiver '.+' with epoch '1' is getting disconnected/);
    const nonEpoch = await read(sasClient(), { partition: '0', startPosition: latestEventPosition, until: () => false, timeoutMs: 1500 });
    expect(nonEpoch.errors[0]).to.include({ code: 'ReceiverDisconnectedError' });
    expect(nonEpoch.errors[0]!.message).to.contain("created with epoch of '2', and so non-epoch receiver is not allowed");
    await sub.close();
    await taker;
  });

  it('detaches links on demand, grows partitions and delivers malformed messages as they are', () => withSdkRenewalTimersUnref(async () => {
    const client = sasClient({ hub: 'per-partition' });
    const seen: ReceivedEventData[] = [];
    const errors: Error[] = [];
    const sub = client.subscribe('0', {
      processEvents: async (events) => { seen.push(...events); },
      processError: async (e) => { errors.push(e); },
    }, { startPosition: earliestEventPosition, maxWaitTimeInSeconds: 0.2, skipParsingBodyAsJson: true });
    eh.publish({ hub: 'per-partition', partition: '0', records: 30, batchSize: 10, malformedEvery: 1, tables: ['DeviceProcessEvents'] });
    await waitFor(() => seen.length === 6);
    expect(eh.detach({ hub: 'per-partition', partition: '0' })).to.equal(1);
    eh.publish({ hub: 'per-partition', partition: '0', records: 20, batchSize: 10, tables: ['DeviceProcessEvents'] });
    await waitFor(() => seen.length === 8 && eh.receivers().some((r) => r.hub === 'per-partition' && r.partition === '0'));
    await sub.close();
    expect(seen.map((e) => e.sequenceNumber)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7]);
    const bodies = seen.map((e) => Buffer.from(e.body as Uint8Array).toString('utf8'));
    const parses = bodies.map((b) => { try { return recordsOf(JSON.parse(b)).length; } catch { return 'not JSON'; } });
    expect(parses).to.deep.equal([10, 'not JSON', 10, 0, 10, 'not JSON', 10, 10]);

    eh.addPartitions('per-partition', 2);
    expect((await client.getEventHubProperties()).partitionIds).to.deep.equal(['0', '1', '2', '3', '4']);
    eh.publishRaw('per-partition', '4', JSON.stringify({ records: [{ x: 'new' }] }));
    const fresh = await read(client, { partition: '4', startPosition: earliestEventPosition, until: (e) => e.length >= 1 });
    expect(fresh.events.map((e) => recordsOf(e.body)[0]!.x)).to.deep.equal(['new']);
    expect((await client.getPartitionProperties('4')).lastEnqueuedSequenceNumber).to.equal(0);
  }));

  it('publishes in bulk for benchmarks: few distinct bodies, repeated, every record counted', async () => {
    const before = eh.lastSequenceNumbers('per-partition')['1']!;
    const bulk = eh.publish({ hub: 'per-partition', partition: '1', records: 5000, batchSize: 100, distinctMessages: 3, tables: ['DeviceNetworkEvents'] });
    expect(bulk.records).to.equal(5000);
    expect(bulk.byPartition).to.deep.equal({ 1: 5000 });
    const last = eh.lastSequenceNumbers('per-partition')['1']!;
    expect(last - before).to.equal(bulk.messages);
    const { events } = await read(sasClient({ hub: 'per-partition' }), { partition: '1', startPosition: { sequenceNumber: before }, until: (e) => e.length >= bulk.messages });
    expect(events.flatMap((e) => recordsOf(e.body))).to.have.length(5000);
    // Three bodies repeat; only the tail may be a fresh, smaller message that fits the remaining count.
    expect(new Set(events.slice(0, -2).map((e) => JSON.stringify(e.body))).size).to.equal(3);
  });

  it('fails scripted operations with the chosen error', async () => {
    eh.injectFault({ on: 'management', condition: 'com.microsoft:server-busy', description: 'The request was terminated because the entity is being throttled.' });
    const busy = await sasClient().getEventHubProperties().catch((e: Error & { code?: string }) => e);
    expect(busy).to.include({ code: 'ServerBusyError' });
    expect((await sasClient().getEventHubProperties()).name).to.equal(HUB);
  });
});

async function waitFor(test: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
