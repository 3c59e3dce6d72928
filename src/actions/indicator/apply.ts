// Submits, deletes or lists Defender for Endpoint custom indicators. Submissions go through
// POST /api/indicators/import, 500 per call (fewer if Microsoft answers MaximumBatchSizeExceeded), paced to
// its 30 calls a minute, with one result per item. Deletions read the tenant's indicators once (to find
// the ids of the values asked) and remove them with BatchDelete, 500 per call.
import { DefenderError } from '../../defender/errors';
import { mdeRowFailure } from '../../defender/mde-retirement';
import { asPage, odataUrl, PAGE_LIMIT } from '../../defender/odata';
import type { DefenderSession } from '../../defender/session';
import { allowedBatchSize } from '../update/apply-endpoint';
import { indicatorKey, type ImportItem } from './plan';
import { checkValue, INDICATOR_TYPES, type IndicatorType } from './validate';

export const IMPORT_MAX = 500;
export const TI_WRITE_ROLE = 'Ti.ReadWrite.All';

export type IndicatorResult = 'succeeded' | 'failed';

export interface IndicatorOutcome {
  result: IndicatorResult;
  httpStatus: number;
  error?: string;
  defenderId?: string;
  note?: string;
}

interface ImportResult {
  id?: string | number | null;
  indicator?: string | null;
  isFailed?: boolean;
  failureReason?: string | null;
}

export type DefenderIndicator = Record<string, unknown> & { id?: unknown; indicatorValue?: unknown; indicatorType?: unknown };

const failure = (err: unknown): IndicatorOutcome => {
  const f = mdeRowFailure(err);
  return { result: 'failed', httpStatus: f.httpStatus, error: f.error };
};

/** The key Defender's copy of an indicator has (values normalised like ours). */
function keyOf(i: DefenderIndicator): string | undefined {
  const type = String(i.indicatorType ?? '') as IndicatorType;
  if (!(INDICATOR_TYPES as readonly string[]).includes(type)) return undefined;
  const v = checkValue(type, String(i.indicatorValue ?? ''));
  return 'value' in v ? indicatorKey(type, v.value) : undefined;
}

/** One indicator to submit; `ref` is the caller's key for its outcome. */
export interface SubmitRequest {
  ref: string;
  item: ImportItem;
}

/** One indicator to delete: by Defender id, or by `<type>|<value>` key. */
export interface DeleteRequest {
  ref: string;
  id?: string;
  key?: string;
}

export async function submitIndicators(session: DefenderSession, todo: readonly SubmitRequest[]): Promise<Map<string, IndicatorOutcome>> {
  const out = new Map<string, IndicatorOutcome>();
  let size = IMPORT_MAX;
  for (let start = 0; start < todo.length; ) {
    const chunk = todo.slice(start, start + size);
    try {
      const { status, data } = await session.mdeIndicatorBatch.call<unknown>({
        method: 'POST',
        url: `${session.endpoints.mdeUrl}/api/indicators/import`,
        body: { Indicators: chunk.map((p) => p.item) },
        requiredRole: TI_WRITE_ROLE,
      });
      const results = asPage<ImportResult>(data)?.value ?? [];
      chunk.forEach((p, k) => {
        // Results come one per item in request order; `indicator` confirms the pairing.
        const r = results[k];
        const sameValue = r && (r.indicator == null || String(r.indicator).toLowerCase() === p.item.indicatorValue.toLowerCase());
        if (!r || !sameValue) out.set(p.ref, { result: 'failed', httpStatus: status, error: 'Defender answered the import without a result for this indicator; submit it again' });
        else if (r.isFailed) out.set(p.ref, { result: 'failed', httpStatus: status, error: `Defender refused the indicator: ${r.failureReason ?? 'no reason given'}` });
        else out.set(p.ref, { result: 'succeeded', httpStatus: status, ...(r.id != null ? { defenderId: String(r.id) } : {}) });
      });
      start += chunk.length;
    } catch (err) {
      const smaller = err instanceof DefenderError && err.apiCode === 'MaximumBatchSizeExceeded' ? allowedBatchSize(err.detail) : undefined;
      if (smaller !== undefined && smaller < chunk.length) {
        size = smaller;
        continue;
      }
      for (const p of chunk) out.set(p.ref, failure(err));
      start += chunk.length;
    }
  }
  return out;
}

/** Every indicator of the tenant (at most 15,000: two pages). */
export async function listIndicators(session: DefenderSession): Promise<DefenderIndicator[]> {
  const all: DefenderIndicator[] = [];
  for (let skip = 0; ; skip += PAGE_LIMIT.mdeAlerts) {
    const { data } = await session.mde.call<unknown>({
      method: 'GET',
      url: odataUrl(session.endpoints.mdeUrl, '/api/indicators', { top: PAGE_LIMIT.mdeAlerts, ...(skip ? { skip } : {}) }),
      requiredRole: TI_WRITE_ROLE,
    });
    const page = asPage<DefenderIndicator>(data);
    if (!page) throw new Error('Defender for Endpoint answered GET /api/indicators with a body that is not a list');
    all.push(...page.value);
    if (page.value.length < PAGE_LIMIT.mdeAlerts) return all;
  }
}

export async function deleteIndicators(session: DefenderSession, todo: readonly DeleteRequest[]): Promise<Map<string, IndicatorOutcome>> {
  const out = new Map<string, IndicatorOutcome>();
  const ids = new Map<string, string[]>();
  const byValue = todo.filter((p) => !p.id);
  if (byValue.length > 0) {
    let existing: DefenderIndicator[];
    try {
      existing = await listIndicators(session);
    } catch (err) {
      for (const p of byValue) out.set(p.ref, failure(err));
      existing = [];
    }
    const idsByKey = new Map<string, string[]>();
    for (const i of existing) {
      const k = keyOf(i);
      if (k !== undefined && i.id != null) idsByKey.set(k, [...(idsByKey.get(k) ?? []), String(i.id)]);
    }
    for (const p of byValue) {
      if (out.has(p.ref)) continue;
      const found = idsByKey.get(p.key as string) ?? [];
      if (found.length === 0) out.set(p.ref, { result: 'succeeded', httpStatus: 200, note: 'not in the tenant\'s indicators: nothing to delete' });
      else ids.set(p.ref, found);
    }
  }
  for (const p of todo) if (p.id) ids.set(p.ref, [p.id]);
  // Groups of rows holding at most 500 ids between them.
  const groups: string[][] = [];
  let count = IMPORT_MAX;
  for (const [row, list] of ids) {
    if (count + list.length > IMPORT_MAX) (groups.push([]), (count = 0));
    (groups.at(-1) as string[]).push(row);
    count += list.length;
  }
  for (const group of groups) {
    try {
      const { status } = await session.mdeIndicatorBatch.call<unknown>({
        method: 'POST',
        url: `${session.endpoints.mdeUrl}/api/indicators/BatchDelete`,
        body: { IndicatorIds: group.flatMap((r) => ids.get(r) as string[]) },
        requiredRole: TI_WRITE_ROLE,
      });
      for (const r of group) out.set(r, { result: 'succeeded', httpStatus: status, defenderId: (ids.get(r) as string[]).join(',') });
    } catch (err) {
      for (const r of group) out.set(r, failure(err));
    }
  }
  return out;
}
