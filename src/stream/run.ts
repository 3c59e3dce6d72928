// One stream input stanza, for as long as splunkd keeps the process: read the configuration, open the
// checkpoint store, connect, subscribe to every partition, write events, checkpoint, log health; on an error
// an admin must fix (name, role, consumer group, proxy), stop reading, say how to fix it and try again after
// a growing pause (no crash loop); on SIGTERM close the subscription, which checkpoints what is flushed.
import { earliestEventPosition, type CheckpointStore, type EventHubConsumerClient, type Subscription } from '@azure/event-hubs';
import { streamSource } from '../config/names';
import type { ConfigSource } from '../config/source';
import { ConfigError } from '../config/account';
import type { Logger } from '../splunk/log';
import type { Params, Stanza } from '../splunk/modinput/input-xml';
import { validateArguments } from '../splunk/modinput/runner';
import { streamInput } from '../inputs/definitions';
import { createConsumerClient } from './client';
import { loadStreamConfig, openBlobStore, type StreamConfig } from './config';
import { describeStreamError, StreamConfigError, type StreamContext, type StreamFailure } from './errors';
import { LocalCheckpointStore } from './local-store';
import { crossParamProblem, streamParams, type StreamParams } from './params';
import { finalCheckpoints, StreamPump, type StreamSink } from './pump';
import { onReceiverOpened } from './sdk-log';
import { randomUUID } from 'node:crypto';

export interface StreamTuning {
  /** First pause after a fatal error; doubles up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  maxBatchSize: number;
  prefetchCount: number;
  /** The SDK calls the handler at least this often, so checkpoints are written on time when traffic stops. */
  maxWaitTimeInSeconds: number;
  loadBalancing?: { updateIntervalInMs?: number; partitionOwnershipExpirationIntervalInMs?: number };
}

/**
 * Batches of 25 messages with 50 prefetched per partition: memory is bounded by partitions × 50 × message size and
 * a kill repeats at most a checkpoint interval plus one batch per partition (bench stream: peak RSS 219 → 133 MB,
 * repeats after a kill 17056 → 6500, events/s unchanged or better, against 100/300).
 */
export const DEFAULT_TUNING: StreamTuning = { backoffMs: 5_000, maxBackoffMs: 300_000, maxBatchSize: 25, prefetchCount: 50, maxWaitTimeInSeconds: 1 };

export interface StanzaRun {
  stanza: Stanza;
  checkpointDir: string;
  source: ConfigSource;
  sink: StreamSink;
  logger: Logger;
  signal: AbortSignal;
  /** Several stanzas share stdout: events then name their stanza. */
  shared: boolean;
  now?: () => number;
  tuning?: Partial<StreamTuning>;
  /** Called once the pump exists (the demo and tests read its counters). */
  onPump?: (pump: StreamPump) => void;
}

export const inputName = (stanza: string): string => stanza.slice(stanza.indexOf('://') + 3);
const param = (params: Params, name: string): string => {
  const v = params[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
};

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Checks the stanza's parameters; throws StreamConfigError with every problem. */
export function checkedParams(params: Params): StreamParams {
  const problem = validateArguments(streamInput.args, params);
  if (problem) throw new StreamConfigError(problem);
  const parsed = streamParams((name) => param(params, name));
  const cross = crossParamProblem(parsed);
  if (cross) throw new StreamConfigError(cross);
  return parsed;
}

/** Runs one stanza until `signal` aborts. Returns the exit code (0 after a clean stop). */
export async function runStreamStanza(run: StanzaRun): Promise<number> {
  const now = run.now ?? Date.now;
  const tuning = { ...DEFAULT_TUNING, ...run.tuning };
  const name = inputName(run.stanza.name);
  let params: StreamParams;
  try {
    params = checkedParams(run.stanza.params);
  } catch (err) {
    // Nothing will change until the input is edited, and splunkd restarts the process then: wait for that.
    run.logger.error(`input '${name}': ${(err as Error).message}`, { action: 'stream_error', input: name, error_code: 'config_error' });
    await sleep(2 ** 31 - 1, run.signal);
    return 1;
  }
  const fields = { input: name, namespace: params.namespace, event_hub: params.eventHub };
  const target = { source: streamSource(params.namespace, params.eventHub), ...(params.index ? { index: params.index } : {}), ...(run.shared ? { stanza: run.stanza.name } : {}) };
  const ctx: StreamContext = { input: name, namespace: params.namespace, eventHub: params.eventHub, consumerGroup: params.consumerGroup, auth: { kind: 'sas' } };
  let failure: StreamFailure | undefined;
  // Not reading (a fatal error, waiting to try again): every status line says error until it reads again.
  let down = false;
  let fatal: ((f: StreamFailure) => void) | undefined;
  let proxyStatus: number | undefined;
  const reported = new Map<string, number>();
  const report = (f: StreamFailure, partition?: string): void => {
    // One ERROR per problem per status interval: the SDK may report the same fault many times a second.
    const last = reported.get(f.code);
    if (last !== undefined && now() - last < params.statusIntervalMs) return;
    reported.set(f.code, now());
    const level = f.fatal || f.code !== 'connection_error' ? 'error' : 'warn';
    run.logger[level](f.message, { action: 'stream_error', ...fields, error_code: f.code, ...(partition ? { partition } : {}) });
  };
  const pump = new StreamPump({
    sink: run.sink,
    target,
    tables: params.tables,
    checkpointIntervalMs: params.checkpointIntervalMs,
    logger: run.logger,
    fields,
    now,
    onError: (err, partition) => {
      const withProxy = proxyStatus !== undefined ? Object.assign(new Error(`proxy answered ${proxyStatus}`), { cause: err }) : err;
      const f = describeStreamError(withProxy, ctx, partition !== '');
      // Two forwarders sharing the Blob store take partitions from each other by design.
      if (f.code === 'epoch_conflict' && params.checkpointStore === 'azure_blob') return;
      if (partition) pump.partition(partition).errors++;
      failure = f;
      report(f, partition);
      if (f.fatal || f.code === 'epoch_conflict') fatal?.(f);
    },
  });
  run.onPump?.(pump);
  const identifier = `${name}-${randomUUID().slice(0, 8)}`;
  const stopWatching = onReceiverOpened(identifier, (partition) => pump.partition(partition).opened());
  let live: EventHubConsumerClient | undefined;
  const statusTimer = setInterval(async () => {
    // Brokers that do not annotate messages with runtime information: ask for each partition's last sequence number.
    if (live && !down) await refreshLastEnqueued(live, pump, run.signal);
    const inError = failure !== undefined || down;
    if (pump.partitions.size === 0 && inError) run.logger.info('', { action: 'stream_status', ...fields, partition: '', events: 0, events_per_s: 0, lag: '', checkpoint_seq: '', reconnects: 0, status: 'error' });
    for (const p of pump.partitions.values()) run.logger.info('', { action: 'stream_status', ...fields, ...p.statusFields(now(), inError) });
    failure = undefined;
  }, params.statusIntervalMs);
  statusTimer.unref();

  let backoff = tuning.backoffMs;
  let config: StreamConfig | undefined;
  let store: CheckpointStore | undefined;
  try {
    while (!run.signal.aborted) {
      let client: EventHubConsumerClient | undefined;
      let subscription: Subscription | undefined;
      try {
        config ??= await loadStreamConfig(run.source, name, params, run.logger);
        if (config.account) ctx.auth = { kind: 'account', account: config.account.name, clientId: config.account.clientId };
        if (config.settings.proxy) ctx.proxy = `${config.settings.proxy.host}:${config.settings.proxy.port}`;
        store ??= await openStore(run, params, config);
        proxyStatus = undefined;
        client = createConsumerClient({
          identifier,
          params,
          auth: config.auth,
          store,
          settings: config.settings,
          ...(config.proxyPassword ? { proxyPassword: config.proxyPassword } : {}),
          ...(tuning.loadBalancing ? { loadBalancing: tuning.loadBalancing } : {}),
          onProxyRefusal: (status) => (proxyStatus = status),
        });
        const partitionIds = await client.getPartitionIds({ abortSignal: run.signal });
        await initialCheckpoints(client, store, params, partitionIds, run.signal);
        const stopped = new Promise<StreamFailure | undefined>((resolve) => {
          fatal = resolve;
          run.signal.addEventListener('abort', () => resolve(undefined), { once: true });
        });
        subscription = client.subscribe(pump.handlers(), {
          // Partitions without a checkpoint: those created after the first start (or all, with start_position
          // earliest) are read from their first event; the first start with latest saved a checkpoint for each.
          startPosition: earliestEventPosition,
          maxBatchSize: tuning.maxBatchSize,
          maxWaitTimeInSeconds: tuning.maxWaitTimeInSeconds,
          prefetchCount: tuning.prefetchCount,
          skipParsingBodyAsJson: true,
          trackLastEnqueuedEventProperties: true,
        });
        down = false;
        live = client;
        const readBefore = pump.eventsTotal();
        run.logger.info(`input '${name}' reading ${partitionIds.length} partition(s) of ${params.namespace}/${params.eventHub} as consumer group ${params.consumerGroup}`, { action: 'stream_started', ...fields });
        const stop = await stopped;
        fatal = undefined;
        if (!stop) break;
        // Reported by onError already. A connection that delivered events was healthy: start the pauses over.
        down = true;
        if (pump.eventsTotal() > readBefore) backoff = tuning.backoffMs;
      } catch (err) {
        if (run.signal.aborted) break;
        const f = describeStreamError(proxyStatus !== undefined ? Object.assign(new Error(`proxy answered ${proxyStatus}`), { cause: err }) : err, ctx);
        failure = f;
        down = true;
        report(f);
        if (err instanceof ConfigError || err instanceof StreamConfigError) config = undefined;
      } finally {
        live = undefined;
        if (client && store) {
          const hub = { fullyQualifiedNamespace: client.fullyQualifiedNamespace, eventHubName: client.eventHubName, consumerGroup: params.consumerGroup };
          await finalCheckpoints(pump, store, hub).catch((err: Error) =>
            run.logger.error(`could not save the checkpoints on stop: ${err.message}; events since the last checkpoint will be read again (nothing is lost).`, { action: 'stream_error', ...fields, error_code: 'checkpoint_failed' }),
          );
        }
        // The client's close can wait forever on a dead WebSocket: bounded, with a timer that keeps the process up.
        await withTimeout(subscription?.close(), CLOSE_TIMEOUT_MS);
        await withTimeout(client?.close(), CLOSE_TIMEOUT_MS);
      }
      if (run.signal.aborted) break;
      run.logger.info(`input '${name}' tries again in ${Math.round(backoff / 1000)} s`, { action: 'stream_backoff', ...fields, wait_ms: backoff });
      await sleep(backoff, run.signal);
      backoff = Math.min(backoff * 2, tuning.maxBackoffMs);
    }
  } finally {
    stopWatching();
    clearInterval(statusTimer);
    for (const p of pump.partitions.values()) run.logger.info('', { action: 'stream_status', ...fields, ...p.statusFields(now(), down || failure !== undefined) });
    run.logger.info(`input '${name}' stopped`, {
      action: 'stream_stopped',
      ...fields,
      events: pump.eventsTotal(),
      bad_messages: pump.badMessages,
      ...Object.fromEntries([...pump.byTable].map(([t, n]) => [`events_${t.replace(/\W+/g, '_') || 'unknown'}`, n])),
    });
  }
  return 0;
}

const CLOSE_TIMEOUT_MS = 5_000;

function withTimeout(promise: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (!promise) return Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise.then(() => undefined, () => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

async function refreshLastEnqueued(client: EventHubConsumerClient, pump: StreamPump, signal: AbortSignal): Promise<void> {
  await Promise.all(
    [...pump.partitions.values()].map(async (p) => {
      try {
        const props = await client.getPartitionProperties(p.id, { abortSignal: AbortSignal.any([signal, AbortSignal.timeout(5_000)]) });
        p.lastEnqueuedSeq = Math.max(p.lastEnqueuedSeq ?? -1, props.lastEnqueuedSequenceNumber);
      } catch {
        // lag stays as last known; the status line must not wait for a slow answer
      }
    }),
  );
}

async function openStore(run: StanzaRun, params: StreamParams, config: StreamConfig): Promise<CheckpointStore> {
  if (params.checkpointStore === 'azure_blob' && config.blob) return openBlobStore(config.blob, params.blobContainer, config.settings, config.proxyPassword);
  const { store, problem } = await LocalCheckpointStore.open(run.checkpointDir, run.stanza.name, {
    namespace: params.namespace,
    eventHub: params.eventHub,
    consumerGroup: params.consumerGroup,
  });
  if (problem) run.logger.warn(problem, { action: 'stream_checkpoint_reset', input: inputName(run.stanza.name) });
  return store;
}

/**
 * The first start with start_position latest saves, for every non-empty partition, a checkpoint at its last
 * enqueued event. From then on every partition without a checkpoint (one added later) starts at its earliest
 * event, so nothing published after the first start is ever skipped, and a partition-count change resets nothing.
 */
async function initialCheckpoints(client: EventHubConsumerClient, store: CheckpointStore, params: StreamParams, partitionIds: string[], signal: AbortSignal): Promise<void> {
  if (params.startPosition !== 'latest') return;
  const { fullyQualifiedNamespace, eventHubName } = client;
  const consumerGroup = params.consumerGroup;
  const existing = await store.listCheckpoints(fullyQualifiedNamespace, eventHubName, consumerGroup);
  if (existing.length > 0) return;
  for (const partitionId of partitionIds) {
    const p = await client.getPartitionProperties(partitionId, { abortSignal: signal });
    if (p.isEmpty) continue;
    await store.updateCheckpoint({ fullyQualifiedNamespace, eventHubName, consumerGroup, partitionId, sequenceNumber: p.lastEnqueuedSequenceNumber, offset: p.lastEnqueuedOffset });
  }
}
