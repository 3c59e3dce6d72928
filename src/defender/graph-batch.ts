// Graph JSON batching (defender-api.md §8): up to 20 requests per POST /$batch, each counted against the
// rate limit, each answered on its own. Items throttled with 429 are sent again after the longest
// Retry-After, for as long as the deadline allows (throttling says "later", not "no"); server errors are
// retried a few times; every other answer is final. Graph counts refused requests too, so after a
// throttled batch the next ones are half as big and grow back by one per clean answer (measured: 0.98 of
// the allowed rate without client-side pacing, docs/benchmarks.md). Never throws: a request
// that could not be completed gets a result saying why.
import type { ApiClient } from './api-client';
import { DefenderError, errorDetail } from './errors';
import type { Clock } from './rate-limiter';
import { parseRetryAfter } from './retry-after';
import { retryDelayMs } from './retry-policy';

export const GRAPH_BATCH_LIMIT = 20;

export interface BatchRequest {
  method: 'GET' | 'POST' | 'PATCH';
  /** Relative to the Graph version root, e.g. /security/incidents/123. */
  url: string;
  body?: unknown;
}

export interface BatchResult {
  /** HTTP status; 0 when no answer was obtained. */
  status: number;
  body: unknown;
  /** Defender's error message, or why there is no answer. */
  error?: string;
}

interface BatchResponseItem {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface BatchOptions {
  clock: Clock;
  /** Epoch ms; nothing is sent, and no wait ends, after it. */
  deadline?: number;
  maxItemAttempts?: number;
  random?: () => number;
  requiredRole?: string;
}

const lower = (h: Record<string, string> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(h ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));

export async function runBatch(client: ApiClient, graphUrl: string, requests: readonly BatchRequest[], o: BatchOptions): Promise<BatchResult[]> {
  const results: BatchResult[] = new Array(requests.length);
  const attempts = new Array<number>(requests.length).fill(0);
  const throttles = new Array<number>(requests.length).fill(0);
  let size = GRAPH_BATCH_LIMIT;
  let pending = requests.map((_, i) => i);
  const maxAttempts = o.maxItemAttempts ?? 5;
  const timeLeft = () => o.deadline === undefined || o.clock.now() < o.deadline;

  const outOfTime = (): void => {
    for (const i of pending)
      results[i] = {
        status: throttles[i] ? 429 : 0,
        body: undefined,
        error: throttles[i]
          ? 'throttled by Graph and not retried: the action ran out of time (alert_actions.conf maxtime)'
          : 'not sent: the action ran out of time (alert_actions.conf maxtime)',
      };
  };
  while (pending.length > 0) {
    if (!timeLeft()) {
      outOfTime();
      break;
    }
    const chunk = pending.slice(0, size);
    pending = pending.slice(chunk.length);
    const body = {
      requests: chunk.map((i) => {
        const r = requests[i] as BatchRequest;
        return {
          id: String(i),
          method: r.method,
          url: r.url,
          ...(r.body !== undefined ? { headers: { 'Content-Type': 'application/json' }, body: r.body } : {}),
        };
      }),
    };
    let items: BatchResponseItem[];
    try {
      const { data } = await client.call<{ responses?: BatchResponseItem[] }>({
        method: 'POST',
        url: `${graphUrl}/v1.0/$batch`,
        body,
        weight: chunk.length,
        ...(o.requiredRole ? { requiredRole: o.requiredRole } : {}),
      });
      items = Array.isArray(data?.responses) ? data.responses : [];
    } catch (err) {
      const status = err instanceof DefenderError ? err.status ?? 0 : 0;
      const message = err instanceof Error ? err.message : String(err);
      for (const i of chunk) results[i] = { status, body: undefined, error: message };
      continue;
    }
    const byId = new Map(items.map((item) => [String(item.id), item]));
    let waitMs = 0;
    let throttled = 0;
    for (const i of chunk) {
      const item = byId.get(String(i));
      if (!item) {
        results[i] = { status: 0, body: undefined, error: 'Graph $batch returned no response for this request' };
        continue;
      }
      const headers = lower(item.headers);
      const retryAfterMs = parseRetryAfter(headers['retry-after'], o.clock.now());
      let delay: number | undefined;
      if (item.status === 429) {
        // Not an attempt used up: the deadline bounds how long a throttled item keeps its place.
        throttles[i] = (throttles[i] ?? 0) + 1;
        throttled++;
        delay = retryAfterMs ?? retryDelayMs({ kind: 'http', status: 429 }, Math.min(throttles[i] as number, 6), { maxAttempts: 7, baseDelayMs: 1000, maxDelayMs: 60_000 }, o.random);
      } else if (item.status >= 500) {
        attempts[i] = (attempts[i] ?? 0) + 1;
        delay = retryDelayMs({ kind: 'http', status: item.status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, attempts[i] as number, { maxAttempts, baseDelayMs: 1000, maxDelayMs: 60_000 }, o.random);
      }
      if (delay !== undefined) {
        if (item.status === 429) client.stats.throttled++;
        client.stats.retries++;
        waitMs = Math.max(waitMs, delay);
        pending.push(i);
        continue;
      }
      const ok = item.status >= 200 && item.status < 300;
      results[i] = {
        status: item.status,
        body: item.body,
        ...(ok ? {} : { error: errorDetail(typeof item.body === 'string' ? item.body : JSON.stringify(item.body ?? '')).message }),
      };
    }
    size = throttled > 0 ? Math.max(1, Math.floor(size / 2)) : Math.min(GRAPH_BATCH_LIMIT, size + 1);
    if (waitMs > 0) {
      if (o.deadline !== undefined && o.clock.now() + waitMs > o.deadline) {
        outOfTime();
        break;
      }
      await o.clock.sleep(waitMs);
    }
  }
  return results;
}
