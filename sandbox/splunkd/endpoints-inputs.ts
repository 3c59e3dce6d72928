// data/inputs/<scheme>[/<name>[/enable|disable]] for registered modular-input schemes. Stanzas are
// `[<scheme>://<name>]` in inputs.conf; they inherit [<scheme>] and [default]. Create and edit run the
// scheme's --validate-arguments first when it asks for external validation; a refusal is a 400 carrying
// the script's <error><message>.
import { requireCapability } from './auth';
import { checkStanzaName, type EffectiveStanza } from './conf-store';
import { confEntry, confKeys, listQuery } from './endpoints-confs';
import { type RestRequest, type RestResponse, type StandIn, readApps, writeApp } from './context';
import { alreadyExists, badRequest, cannotDelete, type Entry, listFeed, notFound, RestError } from './feed';
import type { RegisteredScheme } from './schemes';

const CONF = 'inputs';
const WRITE_CAPABILITY = 'admin_all_objects';
/** Settings every input takes besides its scheme's own arguments (inputs.conf.spec). */
const STANDARD = ['index', 'interval', 'host', 'sourcetype', 'source', 'disabled', 'python.version', 'python.required'];

/** inputs.conf inheritance: `[<scheme>://x]` takes defaults from `[<scheme>]`. */
export const schemeParent = (stanza: string): string | undefined => {
  const i = stanza.indexOf('://');
  return i > 0 ? stanza.slice(0, i) : undefined;
};

export function inputStanzas(standIn: StandIn, app: string, scheme: string): EffectiveStanza[] {
  return standIn.confs.effective(app, CONF, schemeParent).filter((s) => s.name.startsWith(`${scheme}://`));
}

function inputEntry(standIn: StandIn, req: RestRequest, app: string, scheme: string, s: EffectiveStanza): Entry {
  const name = s.name.slice(scheme.length + 3);
  return confEntry(standIn, req, 3, app, { ...s, name }, { host: s.content.host ?? standIn.serverName, index: s.content.index ?? 'default' });
}

export async function handleInputs(standIn: StandIn, req: RestRequest): Promise<RestResponse> {
  const [, , scheme, name, action] = req.segments;
  const reg = scheme ? standIn.schemes.get(scheme) : undefined;
  if (!scheme || !reg) throw new RestError(404, 'Not Found');
  if (req.segments.length > 5) throw new RestError(404, 'Not Found');
  const ref = `${scheme}://${name ?? ''}`;

  if (req.method === 'GET') {
    requireCapability(req.session, 'list_inputs', 'admin_all_objects');
    const found = readApps(standIn, req).flatMap((app) => inputStanzas(standIn, app, scheme).map((s) => ({ app, s })));
    if (name === undefined) {
      return { status: 200, body: listFeed(req.collection(3), found.map(({ app, s }) => inputEntry(standIn, req, app, scheme, s)), listQuery(req), standIn.now()) };
    }
    const one = found.find(({ s }) => s.name === ref);
    if (!one) throw notFound(name);
    return { status: 200, body: listFeed(req.collection(3), [inputEntry(standIn, req, one.app, scheme, one.s)], {}, standIn.now()) };
  }

  requireCapability(req.session, WRITE_CAPABILITY);
  const app = writeApp(standIn, req);
  const existing = name === undefined ? undefined : standIn.confs.find(app, CONF, ref, schemeParent);

  if (req.method === 'POST' && name === undefined) {
    const newName = req.args.name;
    if (!newName) throw badRequest('Missing required argument: name');
    const problem = checkStanzaName(`${scheme}://${newName}`);
    if (problem) throw badRequest(`Input name '${newName}' is not valid: ${problem}`);
    const keys = inputKeys(reg, req.args, ['name']);
    const missing = reg.info.args.filter((a) => a.requiredOnCreate && !(a.name in keys)).map((a) => a.name);
    if (missing.length > 0) throw badRequest(`Missing required argument(s): ${missing.join(', ')}`);
    const target = `${scheme}://${newName}`;
    if (standIn.confs.find(app, CONF, target)) throw alreadyExists(newName);
    const parentDefaults = standIn.confs.find(app, CONF, scheme)?.content ?? {};
    await validateOrThrow(standIn, req, reg, newName, { ...parentDefaults, ...keys });
    standIn.confs.writeLocal(app, CONF, target, keys);
    return respondFor(standIn, req, app, scheme, target, 201);
  }

  if (name === undefined || !existing) throw notFound(name ?? scheme);

  if (req.method === 'POST' && (action === 'enable' || action === 'disable')) {
    standIn.confs.writeLocal(app, CONF, ref, { disabled: action === 'disable' ? '1' : '0' });
    return respondFor(standIn, req, app, scheme, ref, 200);
  }
  if (action !== undefined) throw new RestError(404, 'Not Found');

  if (req.method === 'POST') {
    const keys = inputKeys(reg, req.args);
    const missing = reg.info.args.filter((a) => a.requiredOnEdit && !(a.name in keys)).map((a) => a.name);
    if (missing.length > 0) throw badRequest(`Missing required argument(s): ${missing.join(', ')}`);
    await validateOrThrow(standIn, req, reg, name, { ...existing.content, ...keys });
    standIn.confs.writeLocal(app, CONF, ref, keys);
    return respondFor(standIn, req, app, scheme, ref, 200);
  }
  if (req.method === 'DELETE') {
    if (existing.inDefault) throw cannotDelete(ref, CONF);
    standIn.confs.removeLocal(app, CONF, ref);
    const rest = inputStanzas(standIn, app, scheme).map((s) => inputEntry(standIn, req, app, scheme, s));
    return { status: 200, body: listFeed(req.collection(3), rest, {}, standIn.now()) };
  }
  throw new RestError(405, `Method ${req.method} is not allowed here`);
}

function respondFor(standIn: StandIn, req: RestRequest, app: string, scheme: string, stanza: string, status: number): RestResponse {
  const s = standIn.confs.find(app, CONF, stanza, schemeParent)!;
  return { status, body: listFeed(req.collection(3), [inputEntry(standIn, req, app, scheme, s)], {}, standIn.now()) };
}

/** Only the scheme's arguments and the standard settings are accepted, as splunkd does. */
function inputKeys(reg: RegisteredScheme, args: Record<string, string>, omit: string[] = []): Record<string, string> {
  const allowed = new Set([...reg.info.args.map((a) => a.name), ...STANDARD, ...omit]);
  for (const k of Object.keys(args)) {
    if (k !== 'output_mode' && !allowed.has(k)) throw badRequest(`Argument "${k}" is not supported by this handler.`);
  }
  return confKeys(args, omit);
}

async function validateOrThrow(standIn: StandIn, req: RestRequest, reg: RegisteredScheme, name: string, params: Record<string, string>): Promise<void> {
  if (!reg.info.useExternalValidation) return;
  const result = await standIn.validate(reg.scheme, name, params, req.session);
  if (!result.ok) throw badRequest(result.message ?? 'Validation failed');
}
