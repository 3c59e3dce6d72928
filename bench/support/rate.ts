// Achieved vs allowed rate under a sliding-window limit of `limit` items per `windowMs`: the shortest time
// the limit allows for the items the server accepted, divided by the time the client took (first to last
// request, as the server saw them). A client that fills every window scores 1 whatever the item count:
// `limit` items at once, the next `limit` one window later, and so on, so n items need
// (ceil(n / limit) − 1) windows. Chunks that don't divide the limit (7 $batch calls of 20 = 140 of 150),
// items refused with 429 (they occupy a slot on Graph too) and waits longer than needed all show as less.
export interface Served {
  /** When the server took the request (ms). */
  atMs: number;
  /** Items it accepted (for a $batch: its items minus those answered 429). */
  accepted: number;
}

export function shortestMs(items: number, limit: number, windowMs: number): number {
  return Math.max(0, Math.ceil(items / limit) - 1) * windowMs;
}

export function achievedVsAllowed(served: readonly Served[], limit: number, windowMs: number): number {
  const items = served.reduce((n, s) => n + s.accepted, 0);
  const times = served.map((s) => s.atMs);
  const tookMs = times.length ? Math.max(...times) - Math.min(...times) : 0;
  const needMs = shortestMs(items, limit, windowMs);
  // Everything fitted in the first window: the limit never held the client back.
  if (needMs === 0) return 1;
  return needMs / tookMs;
}
