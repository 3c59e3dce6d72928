// A ConfigSource for a process that runs many stanzas (the single-instance scheduler): conf stanzas and the
// realm's credential list are read from splunkd at most once per `ttlMs` and shared by every run, instead of
// 4-6 REST calls per stanza run (with hundreds of accounts, each listing of storage/passwords returns all of
// them). A change on the setup page reaches the runs within `ttlMs`. Failed reads are not kept.
import { assembleSecret, entriesFor, listCredentials, type StoredCredential } from '../splunk/passwords';
import type { SplunkdClient } from '../splunk/rest';
import type { ConfigSource } from './source';

export const CONFIG_TTL_MS = 30_000;

export function cachedSplunkdConfigSource(client: SplunkdClient, ttlMs = CONFIG_TTL_MS, now: () => number = Date.now): ConfigSource {
  const cache = new Map<string, { at: number; value: Promise<unknown> }>();
  const cached = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    const hit = cache.get(key);
    if (hit && now() - hit.at < ttlMs) return hit.value as Promise<T>;
    const value = read();
    cache.set(key, { at: now(), value });
    value.catch(() => {
      if (cache.get(key)?.value === value) cache.delete(key);
    });
    return value;
  };
  return {
    confStanza: (conf, stanza) => cached(`conf\u0000${conf}\u0000${stanza}`, () => client.getConfStanza(conf, stanza)),
    secret: async (realm, username) => {
      const list = await cached<StoredCredential[]>(`realm\u0000${realm}`, () => listCredentials(client, realm));
      return assembleSecret(entriesFor(list, realm, username), realm, username);
    },
  };
}
