// Legacy Defender for Endpoint alerts (defender-api.md §5.3). A few alerts: PATCH each (the answer is the
// updated alert). More: the same change for all, so POST /api/alerts/batchUpdate in chunks (10 calls/min,
// an undocumented maximum size answered with MaximumBatchSizeExceeded — then smaller chunks), and read the
// alerts back with one list call filtered on lastUpdateTime, since batchUpdate answers with an empty body.
import { mdeClassification, mdeDetermination, mdeStatus } from '../../defender/enums';
import { DefenderError } from '../../defender/errors';
import { asPage, odataUrl, PAGE_LIMIT } from '../../defender/odata';
import type { DefenderSession } from '../../defender/session';
import type { DefenderRecord } from '../../inputs/common/records';
import { isoFromMs } from '../../inputs/common/timestamp';
import type { Clock } from '../../defender/rate-limiter';
import type { RecordChange } from './rows';
import type { TargetResult, UpdateTarget } from './targets';

export const WRITE_ROLE = 'Alert.ReadWrite.All';
/** Up to this many alerts are PATCHed one by one: cheaper than a batch plus a read-back. */
export const PATCH_EACH_UP_TO = 3;
export const FIRST_BATCH_SIZE = 500;
/** How far before the first batchUpdate the read-back looks, for clock skew between us and Microsoft. */
const READ_BACK_MARGIN_MS = 5 * 60_000;

/** The MDE body for a change: PascalCase values, `comment` inline. */
export function mdeBody(c: RecordChange): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (c.status !== undefined) body.status = mdeStatus(c.status);
  if (c.assignedTo !== undefined) body.assignedTo = c.assignedTo;
  if (c.classification !== undefined) body.classification = mdeClassification(c.classification);
  if (c.determination !== undefined) body.determination = mdeDetermination(c.determination);
  if (c.comment !== undefined) body.comment = c.comment;
  return body;
}

/** "Received: 600, allowed: 500" → 500. */
export function allowedBatchSize(message: string): number | undefined {
  const m = /allowed:\s*(\d+)/i.exec(message);
  const n = m ? Number(m[1]) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

const failure = (err: unknown): Pick<TargetResult, 'httpStatus' | 'error'> => ({
  httpStatus: err instanceof DefenderError ? err.status ?? 0 : 0,
  error: err instanceof Error ? err.message : String(err),
});

export async function applyEndpoint(
  session: DefenderSession,
  targets: readonly UpdateTarget[],
  clock: Clock,
): Promise<Map<string, TargetResult>> {
  const results = new Map<string, TargetResult>();
  // Rows share one request, but notes differ by nothing for MDE: group by body to stay correct anyway.
  const groups = new Map<string, UpdateTarget[]>();
  for (const t of targets) {
    const key = JSON.stringify(mdeBody(t.change));
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  for (const group of groups.values()) {
    const body = mdeBody((group[0] as UpdateTarget).change);
    if (group.length <= PATCH_EACH_UP_TO) {
      for (const t of group) {
        try {
          const { status, data } = await session.mde.call<DefenderRecord>({
            method: 'PATCH',
            url: `${session.endpoints.mdeUrl}/api/alerts/${encodeURIComponent(t.id)}`,
            body,
            requiredRole: WRITE_ROLE,
          });
          results.set(t.key, { ok: true, applied: ['update'], httpStatus: status, ...(data ? { refreshed: data } : {}) });
        } catch (err) {
          results.set(t.key, { ok: false, applied: [], ...failure(err) });
        }
      }
      continue;
    }
    const since = isoFromMs(clock.now() - READ_BACK_MARGIN_MS);
    const accepted = await batchUpdate(session, group, body, results);
    if (accepted.length > 0) await readBack(session, accepted, since, results);
  }
  return results;
}

async function batchUpdate(
  session: DefenderSession,
  group: readonly UpdateTarget[],
  body: Record<string, unknown>,
  results: Map<string, TargetResult>,
): Promise<UpdateTarget[]> {
  const accepted: UpdateTarget[] = [];
  let size = FIRST_BATCH_SIZE;
  for (let start = 0; start < group.length; ) {
    const chunk = group.slice(start, start + size);
    try {
      const { status } = await session.mdeBatchUpdate.call({
        method: 'POST',
        url: `${session.endpoints.mdeUrl}/api/alerts/batchUpdate`,
        body: { ...body, alertIds: chunk.map((t) => t.id) },
        requiredRole: WRITE_ROLE,
      });
      for (const t of chunk) results.set(t.key, { ok: true, applied: ['update'], httpStatus: status });
      accepted.push(...chunk);
      start += chunk.length;
    } catch (err) {
      const smaller = err instanceof DefenderError && err.code === 'batch_too_large' ? allowedBatchSize(err.detail) : undefined;
      if (smaller !== undefined && smaller < chunk.length) {
        size = smaller;
        continue;
      }
      for (const t of chunk) results.set(t.key, { ok: false, applied: [], ...failure(err) });
      start += chunk.length;
    }
  }
  return accepted;
}

/** Confirms each accepted alert by reading it back; one not found afterwards is reported as failed. */
async function readBack(session: DefenderSession, accepted: readonly UpdateTarget[], since: string, results: Map<string, TargetResult>): Promise<void> {
  const wanted = new Map(accepted.map((t) => [t.id, t]));
  const found = new Set<string>();
  try {
    for (let skip = 0; ; skip += PAGE_LIMIT.mdeAlerts) {
      const url = odataUrl(session.endpoints.mdeUrl, '/api/alerts', {
        filter: `lastUpdateTime ge ${since}`,
        top: PAGE_LIMIT.mdeAlerts,
        ...(skip ? { skip } : {}),
        expand: 'evidence',
      });
      const { data } = await session.mde.call<unknown>({ method: 'GET', url, requiredRole: 'Alert.Read.All' });
      const page = asPage<DefenderRecord>(data);
      for (const alert of page?.value ?? []) {
        const t = wanted.get(String(alert.id));
        if (!t) continue;
        found.add(t.id);
        (results.get(t.key) as TargetResult).refreshed = alert;
        (results.get(t.key) as TargetResult).applied.push('refresh');
      }
      if (!page || page.value.length < PAGE_LIMIT.mdeAlerts || found.size === wanted.size) break;
    }
  } catch (err) {
    for (const t of accepted)
      if (!found.has(t.id)) (results.get(t.key) as TargetResult).error = `changed, but reading it back failed: ${failure(err).error}`;
    return;
  }
  for (const t of accepted) {
    if (found.has(t.id)) continue;
    const r = results.get(t.key) as TargetResult;
    r.ok = false;
    r.error = 'Defender for Endpoint accepted the batch update but this alert was not found afterwards: check that the alert id exists in this tenant';
  }
}
