// Sessions for a process that serves many input stanzas at once (the single-instance scheduler): every
// session gets its own statistics, deadline and abort signal, but shares with the others what must or may be
// shared — one keep-alive HTTP agent per network configuration, one MSAL token cache per account, and one
// pacer per (API, tenant, app), so two stanzas of the same account together stay inside Microsoft's limit.
import { createHash } from 'node:crypto';
import { partnerUserAgent } from '../config/names';
import { APP_VERSION } from '../config/version';
import { msalTokenSource, type TokenSource } from './auth';
import { endpointsFor } from './clouds';
import { realClock, type Clock } from './rate-limiter';
import { RateLimiters } from './rate-limits';
import { credentialFor, openSession, type DefenderSession, type SessionOptions } from './session';
import { createTransport, type Transport } from './transport';

export interface SessionPoolOptions {
  /** Connections per host of the shared agent: at least the number of stanzas running at once. */
  maxSockets?: number;
  clock?: Clock;
}

/** A key for a secret that never holds the secret itself. */
const digest = (text: string): string => createHash('sha256').update(text).digest('base64url');

export class SessionPool {
  private readonly transports = new Map<string, Transport>();
  private readonly tokens = new Map<string, TokenSource>();
  private readonly limiters = new Map<string, RateLimiters>();

  constructor(private readonly o: SessionPoolOptions = {}) {}

  open(options: SessionOptions): DefenderSession {
    const { account, settings } = options;
    const clock = options.clock ?? this.o.clock ?? realClock;
    const net = settings.network;
    const transportKey = JSON.stringify([net.requestTimeoutMs, net.caBundle ?? '', settings.proxy ?? null, digest(options.proxyPassword ?? '')]);
    let transport = options.transport ?? this.transports.get(transportKey);
    if (!transport) {
      transport = createTransport({
        userAgent: partnerUserAgent(APP_VERSION),
        timeoutMs: net.requestTimeoutMs,
        maxSockets: this.o.maxSockets ?? 8,
        ...(net.caBundle ? { caBundle: net.caBundle } : {}),
        ...(settings.proxy ? { proxy: { ...settings.proxy, ...(options.proxyPassword ? { password: options.proxyPassword } : {}) } } : {}),
      });
      this.transports.set(transportKey, transport);
    }
    // A changed secret, certificate, authority or network path gets a fresh token cache.
    const endpoints = endpointsFor(account, options.region ?? 'default');
    const tokenKey = JSON.stringify([account, endpoints.authority, digest(options.secret), transportKey]);
    let tokens = options.tokens ?? this.tokens.get(tokenKey);
    if (!tokens) {
      tokens = msalTokenSource(account, endpoints, credentialFor(account, options.secret), transport);
      this.tokens.set(tokenKey, tokens);
    }
    const pacingKey = JSON.stringify(net.pacing);
    let limiters = this.limiters.get(pacingKey);
    if (!limiters) {
      limiters = new RateLimiters(net.pacing, clock);
      this.limiters.set(pacingKey, limiters);
    }
    return openSession({ ...options, clock, transport, tokens, limiters });
  }

  /** What is shared now (for tests and the scheduler's log). */
  get size(): { transports: number; tokenCaches: number; pacers: number } {
    return { transports: this.transports.size, tokenCaches: this.tokens.size, pacers: this.limiters.size };
  }
}
