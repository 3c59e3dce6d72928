// An action's Defender session: settings and the account (with its secret) from splunkd, the action's
// maxtime from alert_actions.conf (a tenth is kept to write the outcomes before splunkd kills the action),
// and the paced API clients. Secrets are registered with the logger before anything can log them.
import { loadAccount, loadSettings } from '../../config/source';
import { splunkdConfigSource } from '../../config/splunkd-source';
import type { Clock } from '../../defender/rate-limiter';
import { openSession, type DefenderSession } from '../../defender/session';
import type { Logger } from '../../splunk/log';
import type { SplunkdClient } from '../../splunk/rest';

export const DEFAULT_MAXTIME_MS = 20 * 60_000;

/** Splunk time spans as alert_actions.conf `maxtime` uses them: 300, 300s, 5m, 1h, 1d. */
export function parseSpan(text: string | undefined): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$/i.exec(text ?? '');
  if (!m) return undefined;
  const unit = (m[2] ?? 's').toLowerCase()[0] as 's' | 'm' | 'h' | 'd';
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit];
}

export interface ActionSession {
  session: DefenderSession;
  /** Epoch ms by which Microsoft calls must end. */
  deadline: number;
}

/** Throws ConfigError/SplunkdError (describeFailure turns them into the message). */
export async function openActionSession(
  o: { client: SplunkdClient; accountName: string; actionName: string; logger: Logger; clock: Clock; started: number },
): Promise<ActionSession> {
  const source = splunkdConfigSource(o.client);
  const { settings, proxyPassword } = await loadSettings(source);
  o.logger.setLevel(settings.logLevel);
  if (proxyPassword) o.logger.addSecret(proxyPassword);
  const { account, secret } = await loadAccount(source, o.accountName);
  o.logger.addSecret(secret);
  const conf = await o.client.getConfStanza('alert_actions', o.actionName).catch(() => undefined);
  const deadline = o.started + (parseSpan(conf?.maxtime) ?? DEFAULT_MAXTIME_MS) * 0.9;
  const session = openSession({ account, secret, settings, ...(proxyPassword ? { proxyPassword } : {}), clock: o.clock, deadline });
  return { session, deadline };
}
