// One Graph or Defender for Endpoint API as seen by the add-on: paced to the documented limits, with a
// bearer token, the partner User-Agent (set by the transport) and `Prefer: include-unknown-enum-members`
// on every call, and the retry policy applied around the transport (policy in retry-policy.ts).
import type { TokenSource } from './auth';
import {
  DefenderError,
  fromHttpStatus,
  fromNetworkError,
  malformedResponse,
  type CallContext,
} from './errors';
import type { Clock, RateLimiter } from './rate-limiter';
import { parseRetryAfter } from './retry-after';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type CallOutcome, type RetryPolicy } from './retry-policy';
import { TransportError, type HttpMethod, type HttpRequest, type HttpResponse, type Transport } from './transport';

export interface CallStats {
  requests: number;
  throttled: number;
  retries: number;
}

export const newStats = (): CallStats => ({ requests: 0, throttled: 0, retries: 0 });

export interface ApiCall {
  method: HttpMethod;
  url: string;
  body?: unknown;
  /** Application role the call needs (named in a 403's fix). */
  requiredRole?: string;
  /** Requests this call counts as against the rate limit (a Graph $batch counts each item). */
  weight?: number;
  /** Longer than the session's request timeout for calls the server may work on for minutes (hunting). */
  timeoutMs?: number;
  /** Stops waiting, retrying and the request in flight; the call then rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * False for a call that creates something each time it is sent (Graph beta createAlert): it is then retried
   * only after a 429, when Microsoft certainly did not act. A 5xx or a broken connection may come after the
   * record was created, and a blind retry would create it twice; the caller reports the failure instead.
   */
  idempotent?: boolean;
}

export interface ApiResult<T> {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body; undefined for an empty body (e.g. MDE batchUpdate's 200). */
  data: T;
}

export interface ApiClientOptions {
  api: 'graph' | 'mde';
  scope: string;
  tokens: TokenSource;
  transport: Transport;
  limiter: RateLimiter;
  account: string;
  tenant: string;
  clientId: string;
  clock: Clock;
  stats: CallStats;
  retry?: RetryPolicy;
  random?: () => number;
  /** Epoch ms after which no retry wait may end; the run's time budget. */
  deadline?: number;
  /** Aborts requests in flight (the end of a scheduled run's slot). */
  signal?: AbortSignal;
}

export class ApiClient {
  constructor(private readonly o: ApiClientOptions) {}

  get stats(): CallStats {
    return this.o.stats;
  }

  /** Moves the time budget (a run's deadline, an alert action's maxtime). */
  setDeadline(deadline: number | undefined): void {
    this.o.deadline = deadline;
  }

  /** The clock calls are paced and retried by (epoch ms). */
  now(): number {
    return this.o.clock.now();
  }

  /** What an error about a call to `path` names: account, tenant, app, API, method, path, role. */
  context(method: HttpMethod, path: string, requiredRole?: string): CallContext {
    return {
      account: this.o.account,
      tenant: this.o.tenant,
      clientId: this.o.clientId,
      api: this.o.api,
      method,
      path,
      ...(requiredRole ? { requiredRole } : {}),
    };
  }

  async call<T>(call: ApiCall): Promise<ApiResult<T>> {
    const ctx = this.context(call.method, new URL(call.url).pathname, call.requiredRole);
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Prefer: 'include-unknown-enum-members',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    };
    let freshToken = false;
    let refreshed = false;
    // The run's slot (client-wide, reported as a timeout) and the caller's own cancellation (rejects with its reason).
    const signal = this.o.signal && call.signal ? AbortSignal.any([this.o.signal, call.signal]) : (call.signal ?? this.o.signal);
    for (let attempt = 1; ; attempt++) {
      call.signal?.throwIfAborted();
      await this.o.limiter.acquire(call.weight ?? 1);
      call.signal?.throwIfAborted();
      const token = await this.tokenFor(ctx, freshToken);
      freshToken = false;
      this.o.stats.requests++;
      const step = await this.attempt<T>(ctx, {
        method: call.method,
        url: call.url,
        headers: { ...headers, Authorization: `Bearer ${token}` },
        ...(body !== undefined ? { body } : {}),
        ...(call.timeoutMs !== undefined ? { timeoutMs: call.timeoutMs } : {}),
        ...(signal ? { signal } : {}),
      });
      call.signal?.throwIfAborted();
      if ('result' in step) return step.result;
      if (step.outcome.kind === 'http' && step.outcome.status === 401 && !refreshed) {
        // A token that was valid a moment ago can be revoked: get a fresh one once, then retry.
        refreshed = freshToken = true;
        this.o.stats.retries++;
        continue;
      }
      if (call.idempotent === false && !(step.outcome.kind === 'http' && step.outcome.status === 429)) throw step.failure;
      const delay = retryDelayMs(step.outcome, attempt, this.o.retry ?? DEFAULT_RETRY_POLICY, this.o.random);
      if (delay === undefined || this.o.signal?.aborted) throw step.failure;
      if (this.o.deadline !== undefined && this.o.clock.now() + delay > this.o.deadline) throw step.failure;
      this.o.stats.retries++;
      await this.o.clock.sleep(delay);
    }
  }

  /**
   * The bearer token. MSAL's request cannot be cancelled, so when the run's slot ends (signal) the run stops
   * waiting for it; a token that arrives later stays in the shared cache for the next run.
   */
  private tokenFor(ctx: CallContext, fresh: boolean): Promise<string> {
    const pending = this.o.tokens.token(this.o.scope, fresh);
    const signal = this.o.signal;
    if (!signal) return pending;
    const stopped = () => fromNetworkError({ ...ctx, api: 'login' }, 'ETIMEDOUT', 'the Entra ID token endpoint');
    if (signal.aborted) {
      pending.catch(() => undefined);
      return Promise.reject(stopped());
    }
    return new Promise<string>((resolve, reject) => {
      const onAbort = () => reject(stopped());
      signal.addEventListener('abort', onAbort, { once: true });
      pending.then(
        (t) => {
          signal.removeEventListener('abort', onAbort);
          resolve(t);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      );
    });
  }

  /** One exchange, classified: a result, or what went wrong and how to say it. */
  private async attempt<T>(
    ctx: CallContext,
    request: HttpRequest,
  ): Promise<{ result: ApiResult<T> } | { outcome: CallOutcome; failure: DefenderError }> {
    let response: HttpResponse;
    try {
      response = await this.o.transport.send(request);
    } catch (err) {
      if (!(err instanceof TransportError)) throw err;
      return { outcome: { kind: 'network', code: err.code }, failure: fromNetworkError(ctx, err.code, err.host) };
    }
    const { status } = response;
    if (status >= 200 && status < 300) {
      const parsed = parseJson<T>(response.body);
      if (parsed.ok) return { result: { status, headers: response.headers, data: parsed.value } };
      return { outcome: { kind: 'malformed' }, failure: malformedResponse(ctx, status) };
    }
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], this.o.clock.now());
    if (status === 429) {
      this.o.stats.throttled++;
      if (retryAfterMs !== undefined) this.o.limiter.holdUntilTime(this.o.clock.now() + retryAfterMs);
    }
    const failure = fromHttpStatus(ctx, status, response.body);
    if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
    return { outcome: { kind: 'http', status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, failure };
  }
}

function parseJson<T>(text: string): { ok: true; value: T } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: undefined as T };
  try {
    return { ok: true, value: JSON.parse(text) as T };
  } catch {
    return { ok: false };
  }
}
