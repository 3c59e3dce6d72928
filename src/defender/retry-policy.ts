// When to retry a Microsoft API call and how long to wait: policy only, no I/O (DESIGN §5 rule 5).
// 429/5xx/network faults/garbled bodies retry, honouring Retry-After exactly (throttled calls still count,
// so never early); 400/401/403/404 and TLS trust failures never retry blindly.

import { isTlsFailure } from './errors';

export type CallOutcome =
  | { kind: 'http'; status: number; retryAfterMs?: number }
  | { kind: 'network'; code: string }
  | { kind: 'malformed' };

export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 8,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
});

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** Network failures that the same request will meet again: wrong proxy credentials, a plain-http URL. */
const FINAL_NETWORK_CODES = new Set(['ERR_PROXY_AUTH', 'ERR_INSECURE_URL']);

export function isRetryable(outcome: CallOutcome): boolean {
  if (outcome.kind === 'http') return RETRYABLE_STATUS.has(outcome.status);
  // An untrusted certificate stays untrusted: say so at once instead of retrying until the budget ends.
  if (outcome.kind === 'network') return !FINAL_NETWORK_CODES.has(outcome.code) && !isTlsFailure(outcome.code);
  return true;
}

/**
 * Delay before attempt number `attempt + 1` (attempt counts from 1), or undefined when the call must not
 * be retried. `random` in [0, 1) gives full jitter to backoff without a server hint.
 */
export function retryDelayMs(
  outcome: CallOutcome,
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): number | undefined {
  if (!isRetryable(outcome) || attempt >= policy.maxAttempts) return undefined;
  if (outcome.kind === 'http' && outcome.retryAfterMs !== undefined) return outcome.retryAfterMs;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Half fixed, half jitter: spreads retries of many inputs without ever retrying at once.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
