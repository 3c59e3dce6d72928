// ta_defender_sync_settings.conf [proxy] [network] [logging] (defaults in default/, changes to local/),
// and the proxy password in storage/passwords (user `proxy`).
import { PROXY_SECRET_USER, SETTINGS_CONF } from '../../config/names';
import { type LoggingForm, loggingStanzaKeys, type NetworkForm, networkStanzaKeys, type ProxyForm, proxyStanzaKeys } from '../model/settings-form';
import type { SplunkApi } from '../rest/api';
import { deleteSecret, writeSecret } from './secrets';

const CONF = `configs/conf-${SETTINGS_CONF}`;

export type SettingsStanzas = Partial<Record<'proxy' | 'network' | 'logging', Record<string, unknown>>>;

export async function loadSettings(api: SplunkApi): Promise<SettingsStanzas> {
  const feed = await api.get(CONF, { query: { count: 0 } });
  const out: SettingsStanzas = {};
  for (const e of feed.entry ?? []) if (e.name === 'proxy' || e.name === 'network' || e.name === 'logging') out[e.name] = e.content;
  return out;
}

/** The stanza exists in default/, so a POST to it writes local/ (created by splunkd when absent). */
async function writeStanza(api: SplunkApi, stanza: string, keys: Record<string, string>): Promise<void> {
  await api.post(`${CONF}/${stanza}`, keys);
}

/** A typed password is stored first; removing the user name (or asking to) removes the stored password. */
export async function saveProxy(api: SplunkApi, form: ProxyForm): Promise<void> {
  if (form.password !== '') await writeSecret(api, PROXY_SECRET_USER, form.password);
  await writeStanza(api, 'proxy', proxyStanzaKeys(form));
  if (form.password === '' && (form.clearPassword || form.username.trim() === '')) await deleteSecret(api, PROXY_SECRET_USER);
}

export const saveNetwork = (api: SplunkApi, form: NetworkForm): Promise<void> => writeStanza(api, 'network', networkStanzaKeys(form));
export const saveLogging = (api: SplunkApi, form: LoggingForm): Promise<void> => writeStanza(api, 'logging', loggingStanzaKeys(form));
