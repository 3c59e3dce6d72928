// splunkd's REST response shapes (output_mode=json) and its error texts.
// Error texts quoted from splunkd where known: "Could not find object id=…" (404),
// "Object id=… cannot be deleted in config=…." (400), "You (user=…) do not have permission to perform this
// operation (requires capability: a OR b)." (403), "call not properly authenticated" (401, WARN).

export type MessageType = 'ERROR' | 'WARN' | 'INFO';

/** An HTTP error answered as splunkd does: {"messages":[{"type":"ERROR","text":"…"}]}. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: MessageType = 'ERROR',
  ) {
    super(message);
  }
}

export const notFound = (id: string): RestError => new RestError(404, `Could not find object id=${id}`);
export const alreadyExists = (name: string): RestError => new RestError(409, `An object with name=${name} already exists`);
export const badRequest = (text: string): RestError => new RestError(400, text);
export const cannotDelete = (id: string, conf: string): RestError => new RestError(400, `Object id=${id} cannot be deleted in config=${conf}.`);
export const forbidden = (user: string, anyOf: string[]): RestError =>
  new RestError(403, `You (user=${user}) do not have permission to perform this operation (requires capability: ${anyOf.join(' OR ')}).`);
export const unauthenticated = (): RestError => new RestError(401, 'call not properly authenticated', 'WARN');

export interface Acl {
  app: string;
  owner: string;
  sharing: 'app' | 'global' | 'user' | 'system';
  can_write: boolean;
  can_list: boolean;
  can_change_perms: boolean;
  can_share_app: boolean;
  can_share_global: boolean;
  can_share_user: boolean;
  modifiable: boolean;
  removable: boolean;
  perms: { read: string[]; write: string[] };
}

export interface Entry {
  name: string;
  id: string;
  updated: string;
  links: Record<string, string>;
  author: string;
  acl: Acl;
  content: Record<string, unknown>;
}

export interface Feed {
  links: Record<string, string>;
  origin: string;
  updated: string;
  generator: { build: string; version: string };
  entry: Entry[];
  paging: { total: number; perPage: number; offset: number };
  messages: Array<{ type: MessageType; text: string }>;
}

export const GENERATOR = { build: 'sandbox', version: '9.4.0' };

export function acl(app: string, options: { canWrite: boolean; removable: boolean; owner?: string; sharing?: Acl['sharing'] }): Acl {
  return {
    app,
    owner: options.owner ?? 'nobody',
    sharing: options.sharing ?? 'app',
    can_write: options.canWrite,
    can_list: true,
    can_change_perms: options.canWrite,
    can_share_app: options.canWrite,
    can_share_global: options.canWrite,
    can_share_user: false,
    modifiable: options.canWrite,
    removable: options.removable,
    perms: { read: ['*'], write: ['admin'] },
  };
}

/** Where a collection lives: the URI prefix (e.g. https://127.0.0.1:8089/servicesNS/nobody/app) and its path. */
export interface CollectionRef {
  /** scheme://host:port */
  origin: string;
  /** e.g. /servicesNS/nobody/TA_defender_sync/configs/conf-inputs */
  path: string;
}

export function entry(ref: CollectionRef, name: string, content: Record<string, unknown>, entryAcl: Acl, now: Date): Entry {
  const self = `${ref.path}/${encodeURIComponent(name)}`;
  const links: Record<string, string> = { alternate: self, list: self, _reload: `${self}/_reload` };
  if (entryAcl.can_write) links.edit = self;
  if (entryAcl.removable) links.remove = self;
  return { name, id: `${ref.origin}${self}`, updated: now.toISOString(), links, author: entryAcl.owner, acl: entryAcl, content };
}

export interface ListQuery {
  count?: string | null;
  offset?: string | null;
  search?: string | null;
}

/**
 * splunkd's list paging and filtering: count (default 30; 0 or negative means all), offset, and search
 * (case-insensitive substring on the name or any content value; `field=value` restricts it to one field).
 */
export function listFeed(ref: CollectionRef, entries: Entry[], query: ListQuery, now: Date): Feed {
  const filtered = query.search ? entries.filter((e) => matchesSearch(e, query.search!)) : entries;
  const count = parseIntOr(query.count, 30);
  const offset = Math.max(0, parseIntOr(query.offset, 0));
  const page = count > 0 ? filtered.slice(offset, offset + count) : filtered.slice(offset);
  return {
    links: { create: `${ref.path}/_new`, _reload: `${ref.path}/_reload` },
    origin: `${ref.origin}${ref.path}`,
    updated: now.toISOString(),
    generator: GENERATOR,
    entry: page,
    paging: { total: filtered.length, perPage: count > 0 ? count : filtered.length, offset },
    messages: [],
  };
}

function parseIntOr(text: string | null | undefined, fallback: number): number {
  if (text === null || text === undefined || text.trim() === '') return fallback;
  const n = Number.parseInt(text, 10);
  return Number.isNaN(n) ? fallback : n;
}

function matchesSearch(e: Entry, search: string): boolean {
  const eq = search.indexOf('=');
  const needle = (eq >= 0 ? search.slice(eq + 1) : search).toLowerCase();
  const field = eq >= 0 ? search.slice(0, eq) : undefined;
  const values = field === undefined ? [e.name, ...Object.values(e.content)] : field === 'name' ? [e.name] : [e.content[field]];
  return values.some((v) => v !== undefined && v !== null && String(v).toLowerCase().includes(needle));
}

export function errorBody(err: RestError): { messages: Array<{ type: MessageType; text: string }> } {
  return { messages: [{ type: err.type, text: err.message }] };
}

/** splunkd's default (non-JSON) rendering, so a client that forgets output_mode=json notices. */
export function toXml(body: unknown): string {
  const esc = (s: unknown) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const b = body as Partial<Feed> & { messages?: Array<{ type: string; text: string }>; sessionKey?: string };
  if (typeof b.sessionKey === 'string') return `<response>\n  <sessionKey>${esc(b.sessionKey)}</sessionKey>\n</response>\n`;
  if (!Array.isArray(b.entry)) {
    const msgs = (b.messages ?? []).map((m) => `    <msg type="${esc(m.type)}">${esc(m.text)}</msg>`).join('\n');
    return `<?xml version="1.0" encoding="UTF-8"?>\n<response>\n  <messages>\n${msgs}\n  </messages>\n</response>\n`;
  }
  const dict = (content: Record<string, unknown>) =>
    Object.entries(content)
      .map(([k, v]) => `<s:key name="${esc(k)}">${esc(typeof v === 'object' && v !== null ? JSON.stringify(v) : (v ?? ''))}</s:key>`)
      .join('');
  const entries = b.entry
    .map((e) => `  <entry>\n    <title>${esc(e.name)}</title>\n    <id>${esc(e.id)}</id>\n    <content type="text/xml"><s:dict>${dict(e.content)}</s:dict></content>\n  </entry>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xmlns:s="http://dev.splunk.com/ns/rest">\n${entries}\n</feed>\n`;
}
