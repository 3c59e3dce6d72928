// Graph JSON batching (defender-api.md §8): up to 20 requests with unique ids, relative urls,
// optional dependsOn (424 when a dependency failed). Each item runs as its own Graph request,
// counted against the rate limit on its own, so a throttled item gets its own 429 + Retry-After.
import type { Prng } from '../prng';
import { GRAPH_JSON, jsonResponse, type SimResponse } from '../http/response';
import { graphError } from './errors';
import { BAD_JSON, type GraphApi, type GraphCall } from './routes';

export const MAX_BATCH = 20;
export type BatchOrder = 'request' | 'reverse' | 'shuffle';

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

export interface BatchOutcome {
  response: SimResponse;
  items: number;
  throttled: number;
}

function parseItems(body: unknown): BatchItem[] | string {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as Record<string, unknown>).requests)) {
    return `The batch request body must be a JSON object with a "requests" array.`;
  }
  const requests = (body as { requests: unknown[] }).requests;
  if (requests.length === 0) return 'The batch request must contain at least one request.';
  if (requests.length > MAX_BATCH) return `The batch request contains ${requests.length} requests; the limit is ${MAX_BATCH}.`;
  const items: BatchItem[] = [];
  const ids = new Set<string>();
  for (const [n, raw] of requests.entries()) {
    if (typeof raw !== 'object' || raw === null) return `Request ${n + 1} of the batch is not a JSON object.`;
    const r = raw as Record<string, unknown>;
    if (typeof r.id !== 'string' || r.id === '') return `Request ${n + 1} of the batch has no "id" (a string).`;
    if (ids.has(r.id)) return `The batch contains the request id '${r.id}' more than once; ids must be unique.`;
    ids.add(r.id);
    if (typeof r.method !== 'string' || !/^(GET|POST|PATCH|PUT|DELETE)$/i.test(r.method)) return `Request '${r.id}' has an invalid "method".`;
    if (typeof r.url !== 'string' || r.url === '') return `Request '${r.id}' has no "url".`;
    if (/^[a-z]+:\/\//i.test(r.url)) return `Request '${r.id}': the url must be relative to the version root (e.g. "/security/incidents"), not absolute.`;
    const headers: Record<string, string> = {};
    if (r.headers !== undefined) {
      if (typeof r.headers !== 'object' || r.headers === null) return `Request '${r.id}': "headers" must be an object.`;
      for (const [k, v] of Object.entries(r.headers)) headers[k.toLowerCase()] = String(v);
    }
    if (r.body !== undefined && !headers['content-type']) return `Request '${r.id}' has a body but no Content-Type header; add "headers": {"Content-Type": "application/json"}.`;
    const dependsOn = r.dependsOn === undefined ? [] : r.dependsOn;
    if (!Array.isArray(dependsOn) || dependsOn.some((d) => typeof d !== 'string')) return `Request '${r.id}': "dependsOn" must be an array of request ids.`;
    items.push({ id: r.id, method: r.method.toUpperCase(), url: r.url, headers, body: r.body, dependsOn: dependsOn as string[] });
  }
  for (const item of items) {
    for (const d of item.dependsOn) if (!ids.has(d) || d === item.id) return `Request '${item.id}' depends on '${d}', which is not another request of this batch.`;
  }
  return items;
}

function itemHeaders(res: SimResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    if (k === 'Content-Type' || k.toLowerCase() === 'retry-after') out[k] = v;
  }
  return out;
}

export async function handleBatch(outer: GraphCall, graph: GraphApi, order: BatchOrder, rng: Prng, newRequestId: () => string): Promise<BatchOutcome> {
  if (outer.method.toUpperCase() !== 'POST') {
    return { response: graphError(405, 'Request_BadRequest', `The HTTP method '${outer.method}' is not allowed for $batch; use POST.`, outer.ids), items: 0, throttled: 0 };
  }
  const parsed = outer.body === BAD_JSON ? 'The batch request body is not valid JSON.' : parseItems(outer.body);
  if (typeof parsed === 'string') return { response: graphError(400, 'BadRequest', parsed, outer.ids), items: 0, throttled: 0 };

  const results = new Map<string, { status: number; headers: Record<string, string>; body: unknown }>();
  let throttled = 0;
  const pending = [...parsed];
  // Run in request order, each item once its dependencies are done.
  while (pending.length > 0) {
    const k = pending.findIndex((it) => it.dependsOn.every((d) => results.has(d)));
    const item = pending.splice(k < 0 ? 0 : k, 1)[0] as BatchItem;
    const failed = item.dependsOn.find((d) => ((results.get(d)?.status ?? 424) >= 300));
    if (failed !== undefined || k < 0) {
      results.set(item.id, {
        status: 424, headers: { 'Content-Type': 'application/json' },
        body: { error: { code: 'FailedDependency', message: `The request depends on request '${failed ?? item.dependsOn[0]}', which failed.` } },
      });
      continue;
    }
    const url = new URL(item.url.startsWith('/') ? item.url : `/${item.url}`, 'https://batch.invalid');
    const call: GraphCall = {
      method: item.method,
      path: `/v1.0${url.pathname}`,
      query: url.searchParams,
      headers: { ...outer.headers, ...item.headers },
      body: item.body,
      claims: outer.claims,
      ids: { requestId: newRequestId(), clientRequestId: newRequestId(), nowMs: outer.ids.nowMs },
    };
    const res = await graph.handle(call);
    if (res.status === 429) {
      throttled++;
      results.set(item.id, {
        status: 429,
        headers: { ...(res.headers['Retry-After'] ? { 'Retry-After': res.headers['Retry-After'] } : {}), 'Content-Type': 'application/json' },
        body: { error: { code: 'TooManyRequests', message: 'Please retry again later.' } },
      });
    } else {
      results.set(item.id, { status: res.status, headers: itemHeaders(res), body: res.body });
    }
  }
  let ids = parsed.map((it) => it.id);
  if (order === 'reverse') ids = ids.reverse();
  if (order === 'shuffle') {
    for (let i = ids.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
    }
  }
  const responses = ids.map((id) => ({ id, ...(results.get(id) as object) }));
  return {
    response: jsonResponse(200, { responses }, GRAPH_JSON, { 'request-id': outer.ids.requestId, 'client-request-id': outer.ids.clientRequestId }),
    items: parsed.length,
    throttled,
  };
}
