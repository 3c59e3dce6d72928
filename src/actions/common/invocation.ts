// One alert-action invocation, the same for every action: parse the payload (exit 1 when it cannot be read),
// keep its session key out of every log line, open the splunkd client with it, run the action, and turn an
// unexpected error into one ERROR line and exit 6. The client is always closed.
import { realClock, type Clock } from '../../defender/rate-limiter';
import { describeFailure } from '../../inputs/common/run';
import { AlertPayloadError, parseAlertPayload, type AlertPayload } from '../../splunk/alert/payload';
import { createLogger, type Logger } from '../../splunk/log';
import { SplunkdClient } from '../../splunk/rest';
import { EXIT } from './exit-codes';

export interface ActionDeps {
  stderr: NodeJS.WritableStream;
  splunkHome?: string;
  clock?: Clock;
}

export interface Invocation {
  payload: AlertPayload;
  client: SplunkdClient;
  logger: Logger;
  clock: Clock;
  /** Epoch ms the action started. */
  started: number;
}

export async function withInvocation(name: string, payloadText: string, deps: ActionDeps, run: (i: Invocation) => Promise<number>): Promise<number> {
  const clock = deps.clock ?? realClock;
  const started = clock.now();
  const logger = createLogger({ component: name, stderr: deps.stderr, ...(deps.splunkHome ? { splunkHome: deps.splunkHome } : {}) });
  let payload: AlertPayload;
  try {
    payload = parseAlertPayload(payloadText);
  } catch (err) {
    logger.error(err instanceof AlertPayloadError ? err.message : `alert action payload: ${String(err)}`, { action: 'alert_failed' });
    return EXIT.badInvocation;
  }
  logger.addSecret(payload.session_key);
  const client = new SplunkdClient({ serverUri: payload.server_uri, sessionKey: payload.session_key });
  try {
    return await run({ payload, client, logger, clock, started });
  } catch (err) {
    logger.error(describeFailure(err).message, { action: 'alert_failed', sid: payload.sid });
    return EXIT.internal;
  } finally {
    client.close();
  }
}
