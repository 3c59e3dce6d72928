// The scheme's stanzas as splunkd has them now (REST data/inputs/<scheme>, every app), so a long-lived
// single-instance process picks up stanzas added, edited, disabled or deleted even where splunkd does not
// restart it for the change (sandbox/splunkd/README.md, "Single-instance inputs": not verified either way).
import type { Params, Stanza } from '../../splunk/modinput/input-xml';
import type { SplunkdClient } from '../../splunk/rest';

/** Entry content as run-mode XML would carry it: strings, booleans as 1/0, splunkd's own eai:* keys left out. */
export function stanzaFromEntry(scheme: string, entry: { name: string; content: Record<string, unknown> }): Stanza {
  const params: Params = {};
  for (const [key, value] of Object.entries(entry.content)) {
    if (key.startsWith('eai:') || value === null || value === undefined || typeof value === 'object') continue;
    params[key] = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  }
  return { name: `${scheme}://${entry.name}`, params };
}

export async function fetchStanzas(client: SplunkdClient, scheme: string): Promise<Stanza[]> {
  const feed = await client.get(`servicesNS/nobody/-/data/inputs/${encodeURIComponent(scheme)}`, { count: 0 });
  return (feed.entry ?? []).map((e) => stanzaFromEntry(scheme, e));
}
