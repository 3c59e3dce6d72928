// The floor for bench/stream.bench.ts: a bare @azure/event-hubs consumer that does the least a stream input
// must do (read every partition from the start, split each message into its records, write one JSON line per
// record to stdout), with the same batch and prefetch sizes as defender_sync_stream. No checkpoints, no
// Splunk protocol. Usage: node bare-eventhubs-consumer.mjs <connection string> <event hub> <consumer group>
import { earliestEventPosition, EventHubConsumerClient } from '@azure/event-hubs';

const [connectionString, hub, group] = process.argv.slice(2);
const client = new EventHubConsumerClient(group, connectionString, hub, { loadBalancingOptions: { strategy: 'greedy' } });
const write = (text) => new Promise((resolve) => process.stdout.write(text, resolve));
client.subscribe(
  {
    processEvents: async (events) => {
      let out = '';
      for (const e of events) {
        const records = Array.isArray(e.body) ? e.body : (e.body?.records ?? []);
        for (const r of records) out += `${JSON.stringify(r)}\n`;
      }
      if (out) await write(out);
    },
    processError: async () => undefined,
  },
  { startPosition: earliestEventPosition, maxBatchSize: 25, prefetchCount: 50, maxWaitTimeInSeconds: 1 },
);
process.on('SIGTERM', () => void client.close().finally(() => process.exit(0)));
