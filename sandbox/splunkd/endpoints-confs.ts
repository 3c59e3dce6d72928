// configs/conf-<file>[/<stanza>]: list, read, create (POST name=…), update, delete.
import { requireCapability } from './auth';
import { checkFileName, checkKey, checkStanzaName, type EffectiveStanza } from './conf-store';
import { type RestRequest, type RestResponse, type StandIn, readApps, toBool, writeApp } from './context';
import { acl, alreadyExists, badRequest, cannotDelete, entry, type Entry, listFeed, notFound, RestError } from './feed';

const WRITE_CAPABILITY = 'admin_all_objects';

export function confEntry(standIn: StandIn, req: RestRequest, depth: number, app: string, s: EffectiveStanza, extra: Record<string, unknown> = {}): Entry {
  const canWrite = req.session.capabilities.has(WRITE_CAPABILITY);
  const content: Record<string, unknown> = {
    ...s.content,
    disabled: toBool(s.content.disabled),
    'eai:acl': null,
    'eai:appName': app,
    'eai:userName': 'nobody',
    ...extra,
  };
  return entry(req.collection(depth), s.name, content, acl(app, { canWrite, removable: canWrite && !s.inDefault }), standIn.now());
}

/** POST arguments that become conf keys (name only names the stanza on create). */
export function confKeys(args: Record<string, string>, omit: string[] = []): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const [k, v] of Object.entries(args)) {
    if (k === 'output_mode' || omit.includes(k)) continue;
    const problem = checkKey(k);
    if (problem) throw badRequest(problem);
    keys[k] = v;
  }
  return keys;
}

export function handleConfs(standIn: StandIn, req: RestRequest): RestResponse {
  const [, confSegment, stanza, action] = req.segments;
  const conf = confSegment!.slice('conf-'.length);
  try {
    checkFileName('conf', conf);
  } catch (e) {
    throw badRequest((e as Error).message);
  }
  if (stanza === '_reload' || action === '_reload') return { status: 200, body: listFeed(req.collection(2), [], {}, standIn.now()) };
  if (action !== undefined) throw new RestError(404, 'Not Found');

  const find = (apps: string[]) => {
    for (const app of apps) {
      const s = standIn.confs.find(app, conf, stanza!);
      if (s) return { app, s };
    }
    return undefined;
  };

  if (req.method === 'GET') {
    if (stanza === undefined) {
      const entries = readApps(standIn, req).flatMap((app) => standIn.confs.effective(app, conf).map((s) => confEntry(standIn, req, 2, app, s)));
      return { status: 200, body: listFeed(req.collection(2), entries, listQuery(req), standIn.now()) };
    }
    const found = find(readApps(standIn, req));
    if (!found) throw notFound(stanza);
    return { status: 200, body: listFeed(req.collection(2), [confEntry(standIn, req, 2, found.app, found.s)], {}, standIn.now()) };
  }

  if (req.method === 'POST' && stanza === undefined) {
    requireCapability(req.session, WRITE_CAPABILITY);
    const app = writeApp(standIn, req);
    const name = req.args.name;
    if (name === undefined) throw badRequest('Missing required argument: name');
    const problem = checkStanzaName(name);
    if (problem) throw badRequest(`Stanza name '${name}' is not valid: ${problem}`);
    if (standIn.confs.find(app, conf, name)) throw alreadyExists(name);
    standIn.confs.writeLocal(app, conf, name, confKeys(req.args, ['name']));
    const s = standIn.confs.find(app, conf, name)!;
    return { status: 201, body: listFeed(req.collection(2), [confEntry(standIn, req, 2, app, s)], {}, standIn.now()) };
  }

  if (req.method === 'POST') {
    requireCapability(req.session, WRITE_CAPABILITY);
    const app = writeApp(standIn, req);
    if (!standIn.confs.find(app, conf, stanza!)) throw notFound(stanza!);
    standIn.confs.writeLocal(app, conf, stanza!, confKeys(req.args));
    const s = standIn.confs.find(app, conf, stanza!)!;
    return { status: 200, body: listFeed(req.collection(2), [confEntry(standIn, req, 2, app, s)], {}, standIn.now()) };
  }

  if (req.method === 'DELETE' && stanza !== undefined) {
    requireCapability(req.session, WRITE_CAPABILITY);
    const app = writeApp(standIn, req);
    const s = standIn.confs.find(app, conf, stanza);
    if (!s) throw notFound(stanza);
    if (s.inDefault) throw cannotDelete(stanza, conf);
    standIn.confs.removeLocal(app, conf, stanza);
    const rest = standIn.confs.effective(app, conf).map((e) => confEntry(standIn, req, 2, app, e));
    return { status: 200, body: listFeed(req.collection(2), rest, {}, standIn.now()) };
  }
  throw new RestError(405, `Method ${req.method} is not allowed here`);
}

export function listQuery(req: RestRequest) {
  return { count: req.query.get('count'), offset: req.query.get('offset'), search: req.query.get('search') };
}
