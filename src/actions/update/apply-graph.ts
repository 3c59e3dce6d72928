// Incidents and alerts through Microsoft Graph, in $batch calls of 20 (defender-api.md §2.2, §2.3, §3.3, §8):
// 1. read incidents whose tags change (tags are added/removed against the current list, not replaced);
// 2. add comments (before the update, so the updated record Graph returns already shows them);
// 3. PATCH the changed properties — Graph answers with the updated record;
// 4. read back records that had no PATCH (comment only), so Splunk gets their new state too.
// A record stops at its first refused step; the steps it passed are reported.
import type { DefenderSession } from '../../defender/session';
import { runBatch, type BatchOptions, type BatchRequest, type BatchResult } from '../../defender/graph-batch';
import type { DefenderRecord } from '../../inputs/common/records';
import type { TargetResult, UpdateTarget } from './targets';

const pathOf = (t: UpdateTarget): string =>
  `${t.kind === 'incident' ? '/security/incidents' : '/security/alerts_v2'}/${encodeURIComponent(t.id)}`;

/** The PATCH body: only properties the analyst set. */
export function patchBody(t: UpdateTarget, currentTags?: readonly string[]): Record<string, unknown> | undefined {
  const c = t.change;
  const body: Record<string, unknown> = {};
  if (c.status !== undefined) body.status = c.status;
  if (c.classification !== undefined) body.classification = c.classification;
  if (c.determination !== undefined) body.determination = c.determination;
  if (c.assignedTo !== undefined) body.assignedTo = c.assignedTo;
  if (currentTags && (c.addTags.length || c.removeTags.length)) {
    const next = [...currentTags.filter((tag) => !c.removeTags.includes(tag))];
    for (const tag of c.addTags) if (!next.includes(tag)) next.push(tag);
    if (next.length !== currentTags.length || next.some((tag, i) => tag !== currentTags[i])) body.customTags = next;
  }
  return Object.keys(body).length > 0 ? body : undefined;
}

const needsTags = (t: UpdateTarget): boolean => t.kind === 'incident' && (t.change.addTags.length > 0 || t.change.removeTags.length > 0);

/** The record without OData bookkeeping, as the inputs ingest it. */
export function asRecord(body: unknown): DefenderRecord | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { ['@odata.context']: _context, ...record } = body as DefenderRecord;
  return record;
}

export async function applyGraph(session: DefenderSession, targets: readonly UpdateTarget[], o: BatchOptions): Promise<Map<string, TargetResult>> {
  const results = new Map<string, TargetResult>();
  for (const t of targets) results.set(t.key, { ok: true, applied: [], httpStatus: 0 });
  const live = (t: UpdateTarget): boolean => results.get(t.key)?.ok === true;

  async function step(name: string, list: UpdateTarget[], request: (t: UpdateTarget) => BatchRequest): Promise<Map<string, BatchResult>> {
    const answers = await runBatch(session.graph, session.endpoints.graphUrl, list.map(request), o);
    const byKey = new Map<string, BatchResult>();
    list.forEach((t, i) => {
      const a = answers[i] as BatchResult;
      byKey.set(t.key, a);
      const r = results.get(t.key) as TargetResult;
      r.httpStatus = a.status;
      if (a.status >= 200 && a.status < 300) r.applied.push(name);
      else {
        r.ok = false;
        r.error = a.error ?? `HTTP ${a.status}`;
      }
    });
    return byKey;
  }
  const tagged = targets.filter(needsTags);
  const current = await step('read', tagged, (t) => ({ method: 'GET', url: pathOf(t) }));
  const currentTags = (t: UpdateTarget): string[] | undefined => {
    const body = current.get(t.key)?.body as { customTags?: unknown } | undefined;
    return Array.isArray(body?.customTags) ? (body.customTags as string[]) : needsTags(t) ? [] : undefined;
  };

  const commented = targets.filter((t) => live(t) && t.change.comment);
  await step('comment', commented, (t) => ({
    method: 'POST',
    url: `${pathOf(t)}/comments`,
    body: { '@odata.type': 'microsoft.graph.security.alertComment', comment: t.change.comment },
  }));

  const patches = targets.filter(live).map((t) => ({ t, body: patchBody(t, currentTags(t)) })).filter((p) => p.body);
  const patched = await step('update', patches.map((p) => p.t), (t) => ({
    method: 'PATCH',
    url: pathOf(t),
    body: patches.find((p) => p.t.key === t.key)?.body,
  }));
  for (const [key, answer] of patched) {
    const record = asRecord(answer.body);
    const r = results.get(key) as TargetResult;
    if (r.ok && record) r.refreshed = record;
  }

  // Tags already as asked and nothing else to do: the read is the current state.
  for (const t of tagged) {
    const r = results.get(t.key) as TargetResult;
    if (r.ok && !r.refreshed && !t.change.comment && !patches.some((p) => p.t.key === t.key)) r.refreshed = asRecord(current.get(t.key)?.body);
  }
  const unread = targets.filter((t) => live(t) && !results.get(t.key)?.refreshed);
  const reread = await step('refresh', unread, (t) => ({ method: 'GET', url: pathOf(t) }));
  for (const [key, answer] of reread) {
    const record = asRecord(answer.body);
    const r = results.get(key) as TargetResult;
    if (record && answer.status < 300) r.refreshed = record;
  }
  // A failed read-back does not undo the change: report it as done, without a refreshed event.
  for (const t of unread) {
    const r = results.get(t.key) as TargetResult;
    if (!r.ok && r.applied.length > 0 && !r.applied.includes('refresh')) {
      r.ok = true;
      r.error = `changed, but reading it back failed: ${r.error ?? ''}`.trim();
    }
  }
  return results;
}
