// A tiny raw HTTPS server that records every request byte for byte and answers from a script, so the
// splunkd client is proven against exact requests and not only against our own stand-in.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeTlsMaterial, type TlsMaterial } from '../../../../sandbox/splunkd/tls';

export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface StubReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (to test timeouts). */
  hang?: boolean;
}

export type StubHandler = (req: RecordedRequest) => StubReply;

export interface HttpsStub {
  port: number;
  tls: TlsMaterial;
  requests: RecordedRequest[];
  handler: StubHandler;
  close(): Promise<void>;
}

let cached: Promise<TlsMaterial> | undefined;
/** One CA + certificate per test run (SANs include splunkd.example.test for the non-loopback tests). */
export function stubTls(): Promise<TlsMaterial> {
  cached ??= makeTlsMaterial(['splunkd.example.test']);
  return cached;
}

export async function startHttpsStub(handler: StubHandler = () => ({ status: 200, body: { entry: [] } })): Promise<HttpsStub> {
  const tls = await stubTls();
  const requests: RecordedRequest[] = [];
  const stub = { requests, handler } as HttpsStub;
  const server = https.createServer({ key: tls.keyPem, cert: `${tls.certPem}${tls.caPem}` }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://stub');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const reply = stub.handler(recorded);
      if (reply.hang) return;
      const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.port = (server.address() as AddressInfo).port;
  stub.tls = tls;
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}

/** DNS for tests: every name resolves to 127.0.0.1. */
export const lookupLoopback = ((_host: string, options: unknown, callback?: unknown) => {
  const cb = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
  const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
  if (all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
  else cb(null, '127.0.0.1', 4);
}) as unknown as import('node:net').LookupFunction;
