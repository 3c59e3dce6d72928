// --validate-arguments for the stream input (and so the setup page's live check): the parameters, the
// account or SAS connection string, then a real connection reading the Event Hub's partitions and one
// partition's properties, and a receiver opened briefly in the consumer group (the management calls do not
// look at it). Answers with the same actionable message the running input would log.
import { SCHEME_STREAM } from '../config/names';
import { splunkdConfigSource } from '../config/splunkd-source';
import { createLogger } from '../splunk/log';
import type { ValidationConfig } from '../splunk/modinput/input-xml';
import { SplunkdClient } from '../splunk/rest';
import { latestEventPosition, type EventHubConsumerClient } from '@azure/event-hubs';
import { createConsumerClient } from './client';
import { loadStreamConfig } from './config';
import { describeStreamError, type StreamContext } from './errors';
import { LocalCheckpointStore } from './local-store';
import { checkedParams } from './run';

const VALIDATION_TIMEOUT_MS = 20_000;

export async function validateStream(cfg: ValidationConfig, stderr: NodeJS.WritableStream): Promise<string | undefined> {
  const logger = createLogger({ component: SCHEME_STREAM, stderr });
  logger.addSecret(cfg.sessionKey);
  const ctx: StreamContext = { input: cfg.name, namespace: '', eventHub: '', consumerGroup: '', auth: { kind: 'sas' } };
  const splunkd = new SplunkdClient({ serverUri: cfg.serverUri, sessionKey: cfg.sessionKey });
  let proxyStatus: number | undefined;
  try {
    const params = checkedParams(cfg.params);
    Object.assign(ctx, { namespace: params.namespace, eventHub: params.eventHub, consumerGroup: params.consumerGroup });
    const config = await loadStreamConfig(splunkdConfigSource(splunkd), cfg.name, params, logger);
    if (config.account) ctx.auth = { kind: 'account', account: config.account.name, clientId: config.account.clientId };
    if (config.settings.proxy) ctx.proxy = `${config.settings.proxy.host}:${config.settings.proxy.port}`;
    // Reading partition information needs no checkpoint store; an empty in-memory one keeps validation read-only.
    const { store } = await LocalCheckpointStore.open(cfg.checkpointDir, `validate-${process.pid}`, { namespace: '', eventHub: '', consumerGroup: '' });
    const client = createConsumerClient({
      identifier: `validate-${cfg.name}`,
      params,
      auth: config.auth,
      store,
      settings: config.settings,
      ...(config.proxyPassword ? { proxyPassword: config.proxyPassword } : {}),
      onProxyRefusal: (status) => (proxyStatus = status),
    });
    try {
      const signal = AbortSignal.timeout(VALIDATION_TIMEOUT_MS);
      const ids = await client.getPartitionIds({ abortSignal: signal });
      if (ids[0] !== undefined) {
        await client.getPartitionProperties(ids[0], { abortSignal: signal });
        await probeConsumerGroup(client, ids[0], signal, (err) => describeStreamError(err, ctx, true).code === 'epoch_conflict');
      }
    } finally {
      await client.close().catch(() => undefined);
    }
    return undefined;
  } catch (err) {
    const cause = proxyStatus !== undefined ? Object.assign(new Error(`proxy answered ${proxyStatus}`), { cause: err }) : err;
    return describeStreamError(cause, ctx).message;
  } finally {
    splunkd.close();
  }
}

/**
 * Opens one receiver on a partition at its newest event (nothing is read) and waits for the SDK's first, empty,
 * batch: only a receiver learns whether the consumer group exists. A reader already holding the partition with an
 * owner level (this input running while an admin edits it) refuses ours, which proves the group exists too.
 */
function probeConsumerGroup(client: EventHubConsumerClient, partitionId: string, signal: AbortSignal, heldByOther: (err: unknown) => boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      void subscription.close().catch(() => undefined).then(() => (err === undefined ? resolve() : reject(err)));
    };
    const onAbort = (): void => settle(signal.reason);
    const subscription = client.subscribe(
      partitionId,
      {
        processEvents: async () => settle(),
        processError: async (err) => settle(heldByOther(err) ? undefined : err),
      },
      { startPosition: latestEventPosition, maxBatchSize: 1, maxWaitTimeInSeconds: 1 },
    );
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
