// The page's REST client (createApi) talking straight to the splunkd stand-in over HTTPS as a given user,
// so the setup services are tested against splunkd's behaviour without a browser. Records every call.
import https from 'node:https';
import type { Splunkd } from '../../../sandbox/splunkd/index';
import { APP_ID } from '../../../src/config/names';
import { createApi, type SplunkApi } from '../../../src/setup/rest/api';

export interface RecordedCall {
  method: string;
  path: string;
  body: string;
  status: number;
  response: string;
}

export function standInApi(splunkd: Splunkd, user: string, calls: RecordedCall[] = [], app = APP_ID): SplunkApi {
  const key = splunkd.sessionKeyFor(user);
  return createApi({
    restUrl: (endpoint, ns) => `${splunkd.uri}${ns === 'app' ? `/servicesNS/nobody/${app}` : '/services'}/${endpoint}`,
    headers: () => ({ Authorization: `Splunk ${key}` }),
    fetch: (url, init) =>
      new Promise((resolve, reject) => {
        const body = typeof init.body === 'string' ? init.body : '';
        const req = https.request(url, { method: init.method, headers: init.headers as Record<string, string>, ca: splunkd.caPem }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const u = new URL(url);
            calls.push({ method: init.method ?? 'GET', path: decodeURIComponent(u.pathname), body, status: res.statusCode ?? 0, response: text });
            resolve(new Response(text, { status: res.statusCode ?? 500 }));
          });
        });
        req.on('error', reject);
        req.end(body);
      }),
  });
}
