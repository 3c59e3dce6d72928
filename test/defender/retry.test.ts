import { expect } from 'chai';
import { parseRetryAfter } from '../../src/defender/retry-after';
import { retryDelayMs } from '../../src/defender/retry-policy';

describe('Retry-After', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');
  it('reads integer, fractional and HTTP-date forms', () => {
    expect(parseRetryAfter('10', now)).to.equal(10000);
    expect(parseRetryAfter('2.128', now)).to.equal(2128);
    expect(parseRetryAfter('0.0004', now)).to.equal(1);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', now)).to.equal(30000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:30 GMT', now)).to.equal(0);
  });
  it('treats absent or garbled values as absent', () => {
    expect(parseRetryAfter(undefined, now)).to.equal(undefined);
    expect(parseRetryAfter('', now)).to.equal(undefined);
    expect(parseRetryAfter('soon', now)).to.equal(undefined);
  });
});

describe('retry policy', () => {
  const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 250 };
  it('honours the server hint exactly, never earlier', () => {
    expect(retryDelayMs({ kind: 'http', status: 429, retryAfterMs: 2128 }, 1, policy)).to.equal(2128);
  });
  it('backs off exponentially with bounded jitter when there is no hint', () => {
    expect(retryDelayMs({ kind: 'http', status: 503 }, 1, policy, () => 0)).to.equal(50);
    expect(retryDelayMs({ kind: 'http', status: 503 }, 1, policy, () => 0.999)).to.equal(100);
    expect(retryDelayMs({ kind: 'network', code: 'ECONNRESET' }, 2, policy, () => 0)).to.equal(100);
    expect(retryDelayMs({ kind: 'malformed' }, 3, policy, () => 1)).to.equal(250);
  });
  it('never retries a certificate the client does not trust', () => {
    for (const code of ['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID'])
      expect(retryDelayMs({ kind: 'network', code }, 1, policy), code).to.equal(undefined);
    expect(retryDelayMs({ kind: 'network', code: 'ECONNRESET' }, 1, policy, () => 0)).to.equal(50);
  });
  it('never retries client errors and stops after maxAttempts', () => {
    for (const status of [400, 401, 403, 404, 409]) expect(retryDelayMs({ kind: 'http', status }, 1, policy)).to.equal(undefined);
    expect(retryDelayMs({ kind: 'http', status: 500 }, 4, policy)).to.equal(undefined);
  });
});
