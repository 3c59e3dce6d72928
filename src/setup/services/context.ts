// Who is signed in (authentication/current-context) and whether the app is configured (apps/local).
import { APP_ID } from '../../config/names';
import { type UserContext, userContextFrom } from '../model/permissions';
import type { SplunkApi } from '../rest/api';

export async function currentUser(api: SplunkApi): Promise<UserContext> {
  const feed = await api.get('authentication/current-context', { namespace: 'global' });
  return userContextFrom(feed.entry?.[0]?.content);
}

export async function isAppConfigured(api: SplunkApi): Promise<boolean> {
  const feed = await api.get(`apps/local/${APP_ID}`, { namespace: 'global' });
  const v = feed.entry?.[0]?.content?.configured;
  return v === true || v === 1 || v === '1' || v === 'true';
}

/**
 * Marks the app configured ([install] is_configured = 1, so Splunk Web stops sending users to setup) and
 * reloads it, as Splunk documents for setup views. Returns false when it already was.
 */
export async function markConfigured(api: SplunkApi): Promise<boolean> {
  if (await isAppConfigured(api)) return false;
  await api.post(`apps/local/${APP_ID}`, { configured: '1' }, { namespace: 'global' });
  await api.post(`apps/local/${APP_ID}/_reload`, {}, { namespace: 'global' });
  return true;
}
