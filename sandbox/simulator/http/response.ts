// What a handler answers: plain data, written to the socket by the server (which may apply a fault).
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON-serialisable value, raw text, or nothing. */
  body?: unknown;
}

export const GRAPH_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
export const MDE_JSON = 'application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8';
export const PLAIN_JSON = 'application/json; charset=utf-8';

export function jsonResponse(status: number, body: unknown, contentType = PLAIN_JSON, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'Content-Type': contentType, ...headers }, body };
}

export function serialiseBody(body: unknown): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(JSON.stringify(body), 'utf8');
}
