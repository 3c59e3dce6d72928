// What the end-to-end suites compare: the simulator's records (its data API) as Defender sends them, the
// events splunkd indexed, and the add-on's stderr, summary line and checkpoint. The expectations here are
// written from the contracts (DESIGN §3–§5), independently of the add-on's own code.
import { expect } from 'chai';
import type { IndexedEvent, InputRunResult } from '../../sandbox/splunkd';
import type { Cursor } from '../../src/inputs/common/cursor';
import type { World } from '../helpers/world';

export const SCHEME = {
  incidents: 'defender_sync_incidents',
  alerts: 'defender_sync_alerts',
  endpoint: 'defender_sync_endpoint_alerts',
} as const;

export const ST = {
  incident: 'ms365:defender:incident',
  incidentAlert: 'ms365:defender:incident:alerts',
  alert: 'ms365:defender:alert',
  endpointAlert: 'ms:defender:atp:alerts',
} as const;

export const INCIDENT_TYPE = '#microsoft.graph.security.incident';
export const ALERT_TYPE = '#microsoft.graph.security.alert';

export type Rec = Record<string, unknown>;
type Kind = 'incident' | 'alert' | 'mdeAlert';

/** 100 ns ticks of a Graph timestamp, for exact comparison (written here, not taken from the add-on). */
export function ticks(ts: string): bigint {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?Z$/.exec(ts);
  if (!m) throw new Error(`not a Graph timestamp: ${ts}`);
  return BigInt(Date.parse(`${m[1]}Z`)) * 10_000n + BigInt((m[2] ?? '').padEnd(7, '0'));
}

/** The checkpoint's promise: this version was emitted and will never be read again. */
export function covered(cursor: Cursor | undefined, id: string, time: string): boolean {
  if (!cursor) return false;
  const t = ticks(time);
  const c = ticks(cursor.time);
  return t < c || (t === c && cursor.ids.includes(id));
}

/** Every record of a kind in a simulator tenant, current version. */
export function simRecords(w: World, kind: Kind, tenantId?: string): Rec[] {
  const t = w.sim.data.tenant(tenantId);
  const c = kind === 'incident' ? t.incidents : kind === 'alert' ? t.alerts : t.mdeAlerts;
  const out: Rec[] = [];
  for (let k = 0; k < c.size(); k++) out.push(c.get(c.idAt(k)) as Rec);
  return out;
}

export const timeField = (kind: Kind): string => (kind === 'mdeAlert' ? 'lastUpdateTime' : 'lastUpdateDateTime');

/** `id@time`: one version of one record. */
export const pair = (id: unknown, time: unknown): string => `${String(id)}@${String(time)}`;

export function recordPair(r: Rec, kind: Kind): string {
  return pair(r.id, r[timeField(kind)]);
}

/** An incident event's data as the contract says: Graph's JSON with `alerts` replaced by `alertIds`. */
export function expectedIncident(w: World, r: Rec, tenantId?: string): Rec {
  const { alerts: _alerts, ...rest } = r;
  return { '@odata.type': INCIDENT_TYPE, ...rest, alertIds: w.sim.data.alertIdsOf(r.id as string, tenantId) };
}

export const expectedAlert = (r: Rec): Rec => ({ '@odata.type': ALERT_TYPE, ...r });

/** Epoch seconds of an ISO timestamp with every fractional digit it has, as Splunk reads `<time>`. */
export function epochOf(ts: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(ts);
  if (!m) throw new Error(`not a UTC timestamp: ${ts}`);
  return Number(`${Date.parse(`${m[1]}Z`) / 1000}.${m[2] ?? '0'}`);
}

export const data = (e: IndexedEvent): Rec => JSON.parse(e._raw) as Rec;

export function bySourcetype(events: readonly IndexedEvent[], sourcetype: string): IndexedEvent[] {
  return events.filter((e) => e.sourcetype === sourcetype);
}

/** Pairs of events (by their data's id and time field); asserts none repeats. */
export function pairsOnce(events: readonly IndexedEvent[], field: string): Set<string> {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const e of events) {
    const d = data(e);
    const p = pair(d.id, d[field]);
    if (seen.has(p)) repeated.push(p);
    seen.add(p);
  }
  expect(repeated, 'pairs emitted twice').to.deep.equal([]);
  return seen;
}

/**
 * Each event is the record's current version exactly: sourcetype, source `<scheme>:<tenant>`, the input's
 * index, `_time` from the update time with all its digits, data = `expected(record)`.
 */
export function expectEvents(
  events: readonly IndexedEvent[],
  o: { sourcetype: string; source: string; index: string; field: string; records: Map<string, Rec>; expected: (r: Rec) => Rec },
): void {
  for (const e of events) {
    expect(e.sourcetype).to.equal(o.sourcetype);
    expect(e.source).to.equal(o.source);
    expect(e.index).to.equal(o.index);
    const d = data(e);
    const r = o.records.get(String(d.id));
    expect(r, `record ${String(d.id)} in the simulator`).to.not.equal(undefined);
    expect(d).to.deep.equal(o.expected(r as Rec));
    expect(e._time, `_time of ${String(d.id)}`).to.equal(epochOf(r![o.field] as string));
  }
}

export const byId = (records: readonly Rec[]): Map<string, Rec> => new Map(records.map((r) => [String(r.id), r]));

export function errorLines(r: InputRunResult): string[] {
  return r.stderr.filter((l) => l.level === 'ERROR' || l.level === 'FATAL').map((l) => l.text);
}

export const SUMMARY =
  /^action=run_complete input=(\S+) account=(\S+) tenant=(\S+) events=(\d+) pages=(\d+) requests=(\d+) throttled=(\d+) retries=(\d+) duration_ms=(\d+) cursor=(\S+)(?: |$)/;

export interface Summary {
  input: string;
  account: string;
  tenant: string;
  events: number;
  pages: number;
  requests: number;
  throttled: number;
  retries: number;
  durationMs: number;
  cursor: string;
  status?: string;
  line: string;
}

/** The one run_complete line of a run on stderr, parsed (asserts there is exactly one, at INFO). */
export function summaryOf(r: InputRunResult): Summary {
  const lines = r.stderr.filter((l) => /(^| )action=run_complete( |$)/.test(l.text));
  expect(lines, 'run_complete lines on stderr').to.have.length(1);
  const line = lines[0]!;
  expect(line.level).to.equal('INFO');
  const m = SUMMARY.exec(line.text);
  expect(m, `summary line in the documented field order: ${line.text}`).to.not.equal(null);
  const [, input, account, tenant, events, pages, requests, throttled, retries, durationMs, cursor] = m!;
  return {
    input: input!,
    account: account!,
    tenant: tenant!,
    events: Number(events),
    pages: Number(pages),
    requests: Number(requests),
    throttled: Number(throttled),
    retries: Number(retries),
    durationMs: Number(durationMs),
    cursor: cursor!,
    ...(/ status=(\S+)/.exec(line.text) ? { status: / status=(\S+)/.exec(line.text)![1]! } : {}),
    line: line.text,
  };
}

/** A small seeded PRNG (mulberry32) for reproducible random instants and picks. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
