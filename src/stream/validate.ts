// --validate-arguments for the stream input (and so the setup page's live check): the parameters, the
// account or SAS connection string, then a real connection reading the Event Hub's partitions and one
// partition's properties. Answers with the same actionable message the running input would log.
import { SCHEME_STREAM } from '../config/names';
import { splunkdConfigSource } from '../config/splunkd-source';
import { createLogger } from '../splunk/log';
import type { ValidationConfig } from '../splunk/modinput/input-xml';
import { SplunkdClient } from '../splunk/rest';
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
      if (ids[0] !== undefined) await client.getPartitionProperties(ids[0], { abortSignal: signal });
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
