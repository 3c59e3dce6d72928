// Scripted faults: each matches an API (and optionally a path substring) and fires on the next
// `count` matching requests, in the order they were added. Deterministic by construction.

export type FaultTarget = 'graph' | 'mde' | 'token' | 'any';

interface FaultMatch {
  api?: FaultTarget;
  /** Substring of the request path, e.g. `/security/incidents`. */
  path?: string;
  /** How many matching requests it fires on (default 1). */
  count?: number;
}

export type FaultSpec = FaultMatch & (
  /** Answer with this status and the API's own error body; `retryAfter` is sent verbatim. */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Send the headers and the first `bytes` of the real body (default half), then destroy the socket. */
  | { kind: 'reset'; bytes?: number }
  /** Hold the request `ms` milliseconds before answering normally (client timeouts). */
  | { kind: 'stall'; ms: number }
  /** 200 with the real body cut in half: invalid JSON. */
  | { kind: 'malformed' }
  /** A request carrying `$skip` (a nextLink) gets Graph's/MDE's 404. */
  | { kind: 'nextLinkNotFound' }
  /** runHuntingQuery only: the 3-minute timeout (400) after `ms` (default 0), or the CPU-quota 429. */
  | { kind: 'hunting'; error: 'timeout' | 'cpuQuota'; ms?: number }
);

export interface FaultState {
  id: string;
  spec: FaultSpec;
  remaining: number;
  fired: number;
}

const KINDS = ['status', 'reset', 'stall', 'malformed', 'nextLinkNotFound', 'hunting'];

/** Checks a fault spec from the control API or a test; throws with what is wrong. */
export function validateFault(spec: unknown): FaultSpec {
  if (typeof spec !== 'object' || spec === null) throw new Error('a fault must be a JSON object like {"kind":"status","status":503}');
  const s = spec as Record<string, unknown>;
  if (!KINDS.includes(s.kind as string)) throw new Error(`fault kind must be one of ${KINDS.join(', ')}; got ${JSON.stringify(s.kind)}`);
  if (s.api !== undefined && !['graph', 'mde', 'token', 'any'].includes(s.api as string)) throw new Error(`fault api must be graph, mde, token or any; got ${JSON.stringify(s.api)}`);
  if (s.count !== undefined && !(Number.isInteger(s.count) && (s.count as number) > 0)) throw new Error('fault count must be a positive integer');
  if (s.path !== undefined && typeof s.path !== 'string') throw new Error('fault path must be a string');
  if (s.kind === 'status' && !(Number.isInteger(s.status) && (s.status as number) >= 400 && (s.status as number) <= 599)) throw new Error('a status fault needs "status" between 400 and 599');
  if (s.kind === 'status' && s.retryAfter !== undefined && typeof s.retryAfter !== 'string') throw new Error('retryAfter is the header value as a string, e.g. "2.128" or "10"');
  if (s.kind === 'stall' && !(typeof s.ms === 'number' && s.ms >= 0)) throw new Error('a stall fault needs "ms" (milliseconds, >= 0)');
  if (s.kind === 'hunting' && s.error !== 'timeout' && s.error !== 'cpuQuota') throw new Error('a hunting fault needs "error": "timeout" or "cpuQuota"');
  if (s.kind === 'hunting' && s.ms !== undefined && !(typeof s.ms === 'number' && s.ms >= 0)) throw new Error('hunting fault "ms" must be milliseconds (>= 0)');
  if (s.kind === 'reset' && s.bytes !== undefined && !(Number.isInteger(s.bytes) && (s.bytes as number) >= 0)) throw new Error('reset "bytes" must be a non-negative integer');
  return s as unknown as FaultSpec;
}

export class FaultRegistry {
  private faults: FaultState[] = [];
  private nextId = 1;

  add(spec: FaultSpec): string {
    const valid = validateFault(spec);
    const id = `fault-${this.nextId++}`;
    this.faults.push({ id, spec: valid, remaining: valid.count ?? 1, fired: 0 });
    return id;
  }

  /** The first live fault matching this request; consumes one of its firings. */
  take(api: 'graph' | 'mde' | 'token', path: string, hasSkip: boolean): FaultSpec | undefined {
    const f = this.faults.find((x) => x.remaining > 0
      && (x.spec.api === undefined || x.spec.api === 'any' || x.spec.api === api)
      && (x.spec.path === undefined || path.includes(x.spec.path))
      && (x.spec.kind !== 'nextLinkNotFound' || hasSkip)
      && (x.spec.kind !== 'hunting' || /\/runHuntingQuery$/i.test(path)));
    if (!f) return undefined;
    f.remaining--;
    f.fired++;
    return f.spec;
  }

  list(): FaultState[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }
}
