// The HTTPS listener: reads each request whole, asks the dispatcher for an answer, and writes it,
// applying the transport-level faults (stall, reset mid-body, truncated JSON) on the way out.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { serialiseBody, type SimResponse } from './response';

export interface IncomingRequest {
  method: string;
  url: URL;
  /** Lower-cased names. */
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export type TransportFault = { kind: 'reset'; bytes?: number } | { kind: 'stall'; ms: number } | { kind: 'malformed' };

export interface Outcome {
  response: SimResponse;
  fault?: TransportFault;
  /** Runs once the response has been written (or the socket destroyed). */
  done?: (status: number) => void;
}

export type Dispatch = (req: IncomingRequest) => Promise<Outcome>;

const MAX_BODY = 16 * 1024 * 1024;

export interface HttpsListener {
  port: number;
  close(): Promise<void>;
}

function headersOf(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function write(res: ServerResponse, outcome: Outcome): void {
  const { response, fault } = outcome;
  let body = serialiseBody(response.body);
  const headers: Record<string, string | number> = { ...response.headers, Date: new Date().toUTCString() };
  if (fault?.kind === 'malformed') body = body.subarray(0, Math.floor(body.length / 2));
  headers['Content-Length'] = body.length;
  res.writeHead(response.status, headers);
  if (fault?.kind === 'reset') {
    const cut = Math.min(fault.bytes ?? Math.floor(body.length / 2), Math.max(0, body.length - 1));
    res.write(body.subarray(0, cut), () => res.socket?.destroy());
    outcome.done?.(response.status);
    return;
  }
  res.end(body);
  outcome.done?.(response.status);
}

/** Listens on 127.0.0.1 only; `port: 0` picks a free port. */
export async function listenHttps(opts: { key: string; cert: string; port: number; dispatch: Dispatch }): Promise<HttpsListener> {
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  const server: Server = createServer({ key: opts.key, cert: opts.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY) {
        res.writeHead(413, { 'Content-Type': 'application/json' }).end('{"error":"request body larger than 16 MB"}');
        return;
      }
      const incoming: IncomingRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'https://127.0.0.1'),
        headers: headersOf(req),
        body: Buffer.concat(chunks),
      };
      opts.dispatch(incoming).then((outcome) => {
        if (outcome.fault?.kind === 'stall') {
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (!res.socket?.destroyed) write(res, outcome);
          }, outcome.fault.ms);
          timers.add(timer);
          return;
        }
        write(res, outcome);
      }).catch((e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'simulator error', message }));
      });
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // A TLS handshake failure (client does not trust our CA) is the client's problem; keep serving.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}
