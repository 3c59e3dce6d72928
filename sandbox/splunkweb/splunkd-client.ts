// How the Splunk Web stand-in talks to the splunkd stand-in: HTTPS trusting splunkd's CA, as Splunk Web
// does with its own splunkd. One function for the proxy (raw bytes) and a JSON helper for page rendering.
import https from 'node:https';

export interface SplunkdTarget {
  uri: string;
  caPem: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function splunkdRequest(
  target: SplunkdTarget,
  method: string,
  pathAndQuery: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(pathAndQuery, target.uri), { method, headers, ca: target.caPem }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** GET a splunkd endpoint as JSON with a session key; undefined on any non-2xx answer. */
export async function splunkdJson(target: SplunkdTarget, sessionKey: string, path: string): Promise<any> {
  const sep = path.includes('?') ? '&' : '?';
  const r = await splunkdRequest(target, 'GET', `${path}${sep}output_mode=json`, { Authorization: `Splunk ${sessionKey}` });
  if (r.status < 200 || r.status >= 300) return undefined;
  return JSON.parse(r.body.toString('utf8'));
}

/** POST /services/auth/login: the session key, or undefined when splunkd refuses the password. */
export async function splunkdLogin(target: SplunkdTarget, username: string, password: string): Promise<string | undefined> {
  const body = Buffer.from(new URLSearchParams({ username, password }).toString());
  const r = await splunkdRequest(target, 'POST', '/services/auth/login?output_mode=json', { 'Content-Type': 'application/x-www-form-urlencoded' }, body);
  if (r.status !== 200) return undefined;
  const key = (JSON.parse(r.body.toString('utf8')) as { sessionKey?: string }).sessionKey;
  return typeof key === 'string' && key ? key : undefined;
}
