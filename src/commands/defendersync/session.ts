// Opening a hunt for the search's user: the capability check and the account's configuration both go through
// splunkd with the session key splunkd gave the search (so splunkd's own permissions apply), then one Defender
// session whose retries may wait at most HUNT_RETRY_WAIT_MS (a search bar is not a batch job: past that the
// user gets the error with when to try again).
import { loadAccount, loadSettings } from '../../config/source';
import { splunkdConfigSource } from '../../config/splunkd-source';
import { realClock, type Clock } from '../../defender/rate-limiter';
import { openSession, type DefenderSession } from '../../defender/session';
import { CAPABILITY_HUNT, requireCapability } from '../../splunk/capabilities';
import type { SearchInfo } from '../../splunk/chunked/search-info';
import type { Logger } from '../../splunk/log';
import { SplunkdClient } from '../../splunk/rest';

export const HUNT_RETRY_WAIT_MS = 60_000;

export async function openHunt(info: SearchInfo, accountName: string, logger: Logger, clock: Clock = realClock): Promise<{ user: string; session: DefenderSession }> {
  logger.addSecret(info.sessionKey);
  const client = new SplunkdClient({
    serverUri: info.splunkdUri,
    sessionKey: info.sessionKey,
    ...(process.env.SPLUNK_HOME ? { splunkHome: process.env.SPLUNK_HOME } : {}),
  });
  try {
    const { user } = await requireCapability(client, CAPABILITY_HUNT);
    const source = splunkdConfigSource(client);
    const { settings, proxyPassword } = await loadSettings(source);
    logger.setLevel(settings.logLevel);
    if (proxyPassword) logger.addSecret(proxyPassword);
    const { account, secret } = await loadAccount(source, accountName);
    logger.addSecret(secret);
    const session = openSession({ account, secret, settings, ...(proxyPassword ? { proxyPassword } : {}), clock, deadline: clock.now() + HUNT_RETRY_WAIT_MS });
    return { user, session };
  } finally {
    client.close();
  }
}
