// authentication/current-context, apps/local, data/indexes, receivers/simple, server/info.
import { requireCapability } from './auth';
import { confKeys, listQuery } from './endpoints-confs';
import { type RestRequest, type RestResponse, type StandIn, toBool } from './context';
import { acl, badRequest, entry, GENERATOR, listFeed, notFound, RestError } from './feed';
import { breakEvents, propsFor } from './line-breaking';

export function handleCurrentContext(standIn: StandIn, req: RestRequest): RestResponse {
  if (req.method !== 'GET') throw new RestError(405, `Method ${req.method} is not allowed here`);
  const s = req.session;
  const content = {
    username: s.user,
    realname: s.realname,
    roles: s.roles,
    capabilities: [...s.capabilities].sort(),
    defaultApp: 'launcher',
    email: '',
    tz: '',
    type: 'Splunk',
    'eai:acl': null,
  };
  const e = entry(req.collection(2), 'context', content, acl('system', { canWrite: false, removable: false, owner: s.user, sharing: 'system' }), standIn.now());
  return { status: 200, body: listFeed(req.collection(2), [e], {}, standIn.now()) };
}

export function serverInfo(standIn: StandIn, req: { collection: RestRequest['collection'] }): RestResponse {
  const content = { serverName: standIn.serverName, host: standIn.serverName, version: GENERATOR.version, build: GENERATOR.build, os_name: 'Linux', product_type: 'enterprise' };
  const e = entry(req.collection(2), 'server-info', content, acl('system', { canWrite: false, removable: false, sharing: 'system' }), standIn.now());
  return { status: 200, body: listFeed(req.collection(2), [e], {}, standIn.now()) };
}

/** apps/local[/<app>[/_reload]]: app.conf as splunkd summarises it; POST sets configured/visible/version/label. */
export async function handleApps(standIn: StandIn, req: RestRequest): Promise<RestResponse> {
  const [, , app, action] = req.segments;
  const appEntry = (name: string) => {
    const conf = (stanza: string) => standIn.confs.find(name, 'app', stanza)?.content ?? {};
    const [install, ui, launcher, id, pkg] = ['install', 'ui', 'launcher', 'id', 'package'].map(conf) as Array<Record<string, string>>;
    const content = {
      configured: toBool(install!.is_configured),
      visible: ui!.is_visible === undefined ? true : toBool(ui!.is_visible),
      label: ui!.label ?? name,
      version: launcher!.version ?? id!.version ?? '',
      description: launcher!.description ?? '',
      author: launcher!.author ?? '',
      build: install!.build ?? '',
      check_for_updates: pkg!.check_for_updates === undefined ? true : toBool(pkg!.check_for_updates),
      state_change_requires_restart: toBool(install!.state_change_requires_restart),
      disabled: toBool(install!.state === 'disabled' ? '1' : '0'),
      'eai:acl': null,
    };
    const canWrite = req.session.capabilities.has('admin_all_objects');
    return entry(req.collection(2), name, content, acl(name, { canWrite, removable: canWrite, sharing: 'app' }), standIn.now());
  };

  if (app === undefined) {
    if (req.method !== 'GET') throw new RestError(405, `Method ${req.method} is not allowed here`);
    return { status: 200, body: listFeed(req.collection(2), standIn.confs.apps().map(appEntry), listQuery(req), standIn.now()) };
  }
  if (!standIn.confs.hasApp(app)) throw notFound(app);
  if (action === '_reload') {
    requireCapability(req.session, 'admin_all_objects');
    await standIn.registerSchemes(app);
    return { status: 200, body: listFeed(req.collection(2), [], {}, standIn.now()) };
  }
  if (action !== undefined) throw new RestError(404, 'Not Found');
  if (req.method === 'POST') {
    requireCapability(req.session, 'admin_all_objects');
    const args = confKeys(req.args);
    const where: Record<string, [string, string]> = {
      configured: ['install', 'is_configured'],
      visible: ['ui', 'is_visible'],
      label: ['ui', 'label'],
      version: ['launcher', 'version'],
      description: ['launcher', 'description'],
      author: ['launcher', 'author'],
      check_for_updates: ['package', 'check_for_updates'],
    };
    for (const [arg, value] of Object.entries(args)) {
      const target = where[arg];
      if (!target) throw badRequest(`Argument "${arg}" is not supported by this handler.`);
      const v = arg === 'configured' || arg === 'visible' || arg === 'check_for_updates' ? (toBool(value) ? '1' : '0') : value;
      standIn.confs.writeLocal(app, 'app', target[0], { [target[1]]: v });
    }
  } else if (req.method !== 'GET') {
    throw new RestError(405, `Method ${req.method} is not allowed here`);
  }
  return { status: 200, body: listFeed(req.collection(2), [appEntry(app)], {}, standIn.now()) };
}

export function handleIndexes(standIn: StandIn, req: RestRequest): RestResponse {
  if (req.method !== 'GET') throw new RestError(405, 'The splunkd stand-in has a fixed index list (startSplunkd({ indexes }))');
  requireCapability(req.session, 'list_indexes', 'admin_all_objects');
  const name = req.segments[2];
  const toEntry = (index: string) =>
    entry(
      req.collection(2),
      index,
      {
        datatype: 'event',
        disabled: false,
        isInternal: index.startsWith('_'),
        totalEventCount: standIn.events.count({ index }),
        homePath: `$SPLUNK_DB/${index}/db`,
        'eai:acl': null,
      },
      acl('system', { canWrite: false, removable: false, sharing: 'system' }),
      standIn.now(),
    );
  if (name === undefined) return { status: 200, body: listFeed(req.collection(2), standIn.indexes.map(toEntry), listQuery(req), standIn.now()) };
  if (!standIn.indexes.includes(name)) throw notFound(name);
  return { status: 200, body: listFeed(req.collection(2), [toEntry(name)], {}, standIn.now()) };
}

/** POST receivers/simple?index=&sourcetype=&source=&host= with the raw event as body (capability edit_tcp). */
export function handleReceiversSimple(standIn: StandIn, req: RestRequest): RestResponse {
  if (req.method !== 'POST') throw new RestError(405, `Method ${req.method} is not allowed here`);
  requireCapability(req.session, 'edit_tcp');
  const q = req.query;
  const index = q.get('index') || 'main';
  if (!standIn.indexes.includes(index)) throw badRequest(`Index '${index}' does not exist`);
  const raw = req.body.toString('utf8');
  if (raw.length === 0) throw badRequest('No data');
  const meta = {
    _time: standIn.now().getTime() / 1000,
    index,
    sourcetype: q.get('sourcetype') || 'http-simple',
    source: q.get('source') || 'http-simple',
    host: q.get('host') || standIn.serverName,
  };
  for (const _raw of breakEvents(raw, propsFor(standIn.confs, meta.sourcetype))) standIn.events.add({ ...meta, _raw });
  return { status: 200, body: { index, bytes: req.body.length, host: meta.host, source: meta.source, sourcetype: meta.sourcetype } };
}
