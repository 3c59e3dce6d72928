// HTTP front of the stand-in: namespaces (/services/…, /servicesNS/<owner>/<app>/…), session-key auth,
// form arguments, output_mode, and splunkd's error envelope.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StandIn, RestRequest, RestResponse } from './context';
import { handleConfs } from './endpoints-confs';
import { handleInputs } from './endpoints-inputs';
import { handleApps, handleCurrentContext, handleIndexes, handleReceiversSimple, serverInfo } from './endpoints-misc';
import { handlePasswords } from './endpoints-passwords';
import { handleSearchJobs } from './endpoints-search';
import { errorBody, RestError, toXml } from './feed';
import { readBody } from '../http-body';

export function createHandler(standIn: StandIn) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void handle(standIn, req, res);
  };
}

async function handle(standIn: StandIn, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', standIn.uri);
  const json = url.searchParams.get('output_mode') === 'json';
  let result: RestResponse;
  try {
    const body = await readBody(req, () => new RestError(413, 'Request body too large'));
    result = await route(standIn, req, url, body);
  } catch (e) {
    const err = e instanceof RestError ? e : new RestError(500, `Unexpected error in the splunkd stand-in: ${(e as Error).message}`);
    if (!(e instanceof RestError)) standIn.log('ERROR', 'AdminManager', (e as Error).stack ?? String(e));
    result = { status: err.status, body: errorBody(err) };
  }
  const text = json ? JSON.stringify(result.body) : toXml(result.body);
  res.writeHead(result.status, {
    'Content-Type': json ? 'application/json; charset=UTF-8' : 'text/xml; charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store, no-cache, must-revalidate, max-age=0',
    Server: 'Splunkd',
  });
  res.end(text);
}

function segmentsOf(pathname: string): string[] {
  const parts = pathname.split('/').slice(1);
  if (parts.at(-1) === '') parts.pop(); // splunkd serves paths with a trailing slash alike
  try {
    return parts.map((p) => decodeURIComponent(p));
  } catch {
    throw new RestError(400, 'Malformed URL path');
  }
}

async function route(standIn: StandIn, req: IncomingMessage, url: URL, body: Buffer): Promise<RestResponse> {
  const method = req.method ?? 'GET';
  const all = segmentsOf(url.pathname);
  let ns: RestRequest['ns'];
  let segments: string[];
  let prefix: string;
  if (all[0] === 'services') {
    ns = undefined;
    segments = all.slice(1);
    prefix = '/services';
  } else if (all[0] === 'servicesNS' && all.length >= 3) {
    ns = { owner: all[1]!, app: all[2]! };
    segments = all.slice(3);
    prefix = `/servicesNS/${encodeURIComponent(ns.owner)}/${encodeURIComponent(ns.app)}`;
  } else {
    throw new RestError(404, 'Not Found');
  }
  const collection = (depth: number) => ({
    origin: standIn.uri,
    path: `${prefix}/${segments.slice(0, depth).map(encodeURIComponent).join('/')}`,
  });
  const path = segments.join('/');

  if (path === 'auth/login') return login(standIn, method, formArgs(body, url));
  if (path === 'server/info') return serverInfo(standIn, { collection });

  const session = standIn.auth.authenticate(req.headers.authorization);
  const isForm = method === 'POST' && !path.startsWith('receivers/');
  const rest: RestRequest = { method, ns, segments, query: url.searchParams, args: isForm ? formArgs(body, url) : {}, body, session, collection };

  const [a, b] = segments;
  if (a === 'authentication' && b === 'current-context' && segments.length === 2) return handleCurrentContext(standIn, rest);
  if (a === 'configs' && b?.startsWith('conf-') && b.length > 5) return handleConfs(standIn, rest);
  if (a === 'storage' && b === 'passwords') return handlePasswords(standIn, rest);
  if (a === 'data' && b === 'inputs') return handleInputs(standIn, rest);
  if (a === 'data' && b === 'indexes') return handleIndexes(standIn, rest);
  if (a === 'apps' && b === 'local') return handleApps(standIn, rest);
  if (a === 'receivers' && b === 'simple' && segments.length === 2) return handleReceiversSimple(standIn, rest);
  if (a === 'search' && b === 'jobs') return handleSearchJobs(standIn, rest);
  throw new RestError(404, 'Not Found');
}

/** Form body arguments, plus query arguments (splunkd reads both for POST); the last value of a key wins. */
function formArgs(body: Buffer, url: URL): Record<string, string> {
  const args: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (k !== 'output_mode') args[k] = v;
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) if (k !== 'output_mode') args[k] = v;
  return args;
}

function login(standIn: StandIn, method: string, args: Record<string, string>): RestResponse {
  if (method !== 'POST') throw new RestError(405, `Method ${method} is not allowed here`);
  const key = standIn.auth.login(args.username ?? '', args.password ?? '');
  if (!key) throw new RestError(401, 'Login failed', 'WARN');
  standIn.log('INFO', 'UiAuth', `user=${args.username} action=login status=success`);
  return { status: 200, body: { sessionKey: key, message: '', code: '' } };
}
