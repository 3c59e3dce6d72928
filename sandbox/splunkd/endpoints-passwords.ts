// storage/passwords: entities `<realm>:<username>:` kept in the app's passwords.conf as
// `[credential:<realm>:<username>:]` `password = $7$…` (encrypted, never clear).
// Listing needs list_storage_passwords (or admin_all_objects); clear_password is shown only with
// list_storage_passwords, and only on GET: since Splunk 8.0 the entries in POST (create/update) and DELETE
// responses never carry it (splunk-sdk-python PR #291). Writes need edit_storage_passwords (or admin_all_objects).
import { requireCapability } from './auth';
import { checkStanzaName } from './conf-store';
import { listQuery } from './endpoints-confs';
import { type RestRequest, type RestResponse, type StandIn, readApps, writeApp } from './context';
import { acl, alreadyExists, badRequest, entry, type Entry, listFeed, notFound, RestError } from './feed';

const CONF = 'passwords';
const PREFIX = 'credential:';
const READ = ['list_storage_passwords', 'admin_all_objects'];
const WRITE = ['edit_storage_passwords', 'admin_all_objects'];

/** A colon inside realm or username is written as `\:` (so the entity name stays parseable). */
const escapeColons = (s: string) => s.replace(/:/g, '\\:');

export function passwordEntityName(realm: string, username: string): string {
  return `${escapeColons(realm)}:${escapeColons(username)}:`;
}

/** `realm:user:` → parts, honouring `\:`. */
export function parseEntityName(name: string): { realm: string; username: string } {
  const body = name.endsWith(':') && !name.endsWith('\\:') ? name.slice(0, -1) : name;
  let split = -1;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') i++;
    else if (body[i] === ':') {
      split = i;
      break;
    }
  }
  const unescape = (s: string) => s.replace(/\\:/g, ':');
  return split < 0 ? { realm: '', username: unescape(body) } : { realm: unescape(body.slice(0, split)), username: unescape(body.slice(split + 1)) };
}

interface Credential {
  app: string;
  name: string;
  stored: string;
  inDefault: boolean;
}

function credentials(standIn: StandIn, apps: string[]): Credential[] {
  return apps.flatMap((app) =>
    standIn.confs
      .effective(app, CONF)
      .filter((s) => s.name.startsWith(PREFIX))
      .map((s) => ({ app, name: s.name.slice(PREFIX.length), stored: s.content.password ?? '', inDefault: s.inDefault })),
  );
}

function findCredential(standIn: StandIn, apps: string[], id: string): Credential | undefined {
  const all = credentials(standIn, apps);
  // The docs' examples also address `realm:user` without the trailing colon.
  return all.find((c) => c.name === id) ?? all.find((c) => c.name === `${id}:`) ?? (id.includes(':') ? undefined : all.find((c) => c.name === `:${id}:`));
}

function credentialEntry(standIn: StandIn, req: RestRequest, c: Credential): Entry {
  const showClear = req.method === 'GET' && req.session.capabilities.has('list_storage_passwords');
  const { realm, username } = parseEntityName(c.name);
  const content: Record<string, unknown> = {
    'eai:acl': null,
    encr_password: c.stored,
    password: '********',
    realm,
    username,
  };
  if (showClear) content.clear_password = standIn.secret.decrypt(c.stored);
  const canWrite = WRITE.some((cap) => req.session.capabilities.has(cap));
  return entry(req.collection(2), c.name, content, acl(c.app, { canWrite, removable: canWrite && !c.inDefault }), standIn.now());
}

export function handlePasswords(standIn: StandIn, req: RestRequest): RestResponse {
  const id = req.segments[2];
  if (req.segments.length > 3) throw new RestError(404, 'Not Found');

  if (req.method === 'GET') {
    requireCapability(req.session, ...READ);
    const apps = readApps(standIn, req);
    if (id === undefined) {
      const entries = credentials(standIn, apps).map((c) => credentialEntry(standIn, req, c));
      return { status: 200, body: listFeed(req.collection(2), entries, listQuery(req), standIn.now()) };
    }
    const c = findCredential(standIn, apps, id);
    if (!c) throw notFound(id);
    return { status: 200, body: listFeed(req.collection(2), [credentialEntry(standIn, req, c)], {}, standIn.now()) };
  }

  requireCapability(req.session, ...WRITE);
  const app = writeApp(standIn, req);

  if (req.method === 'POST' && id === undefined) {
    const { name, password, realm = '' } = req.args;
    if (!name) throw badRequest('Missing required argument: name');
    if (password === undefined) throw badRequest('Missing required argument: password');
    rejectUnknown(req.args, ['name', 'password', 'realm']);
    const entity = passwordEntityName(realm, name);
    const problem = checkStanzaName(`${PREFIX}${entity}`);
    if (problem) throw badRequest(`Credential name '${entity}' is not valid: ${problem}`);
    if (findCredential(standIn, [app], entity)) throw alreadyExists(entity);
    standIn.confs.writeLocal(app, CONF, `${PREFIX}${entity}`, { password: standIn.secret.encrypt(password) });
    return { status: 201, body: listFeed(req.collection(2), [credentialEntry(standIn, req, findCredential(standIn, [app], entity)!)], {}, standIn.now()) };
  }

  if (id === undefined) throw new RestError(405, `Method ${req.method} is not allowed here`);
  const c = findCredential(standIn, [app], id);
  if (!c) throw notFound(id);

  if (req.method === 'POST') {
    rejectUnknown(req.args, ['password']);
    const { password } = req.args;
    if (password === undefined) throw badRequest('Missing required argument: password');
    standIn.confs.writeLocal(app, CONF, `${PREFIX}${c.name}`, { password: standIn.secret.encrypt(password) });
    return { status: 200, body: listFeed(req.collection(2), [credentialEntry(standIn, req, findCredential(standIn, [app], c.name)!)], {}, standIn.now()) };
  }
  if (req.method === 'DELETE') {
    if (c.inDefault) throw badRequest(`Object id=${c.name} cannot be deleted in config=${CONF}.`);
    standIn.confs.removeLocal(app, CONF, `${PREFIX}${c.name}`);
    const rest = credentials(standIn, [app]).map((x) => credentialEntry(standIn, req, x));
    return { status: 200, body: listFeed(req.collection(2), rest, {}, standIn.now()) };
  }
  throw new RestError(405, `Method ${req.method} is not allowed here`);
}

export function rejectUnknown(args: Record<string, string>, allowed: string[]): void {
  for (const k of Object.keys(args)) {
    if (k !== 'output_mode' && !allowed.includes(k)) throw badRequest(`Argument "${k}" is not supported by this handler.`);
  }
}
