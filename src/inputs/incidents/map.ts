// Graph incident (with $expand=alerts) → one ms365:defender:incident event with `alerts` replaced by
// `alertIds` in place, plus one ms365:defender:incident:alerts event per alert changed since the previous
// run's cursor (all of them on the first run). Peers re-send every alert on every incident change; we don't.
import { SOURCETYPE } from '../../config/names';
import type { SplunkEvent } from '../../splunk/modinput/event-writer';
import { recordEvent, type EventTarget } from '../common/events';
import { keyOf, type DefenderRecord } from '../common/records';
import type { Cursor } from '../common/cursor';
import { requireTicks } from '../common/timestamp';

export function incidentWithAlertIds(incident: DefenderRecord): { incident: DefenderRecord; alerts: DefenderRecord[] } {
  const alerts = Array.isArray(incident.alerts) ? (incident.alerts as DefenderRecord[]) : [];
  const out: DefenderRecord = {};
  let placed = false;
  for (const [key, value] of Object.entries(incident)) {
    if (key === 'alerts') {
      out.alertIds = alerts.map((a) => a?.id);
      placed = true;
    } else out[key] = value;
  }
  if (!placed) out.alertIds = [];
  return { incident: out, alerts };
}

/**
 * True when the alert's version went out already: it is older than the previous run's cursor, or exactly at
 * it and its incident was emitted at that instant (that incident version carried the alert as it was then).
 * An alert at that instant in another incident may not have been in that run, so it goes out again.
 */
export function alertSentBefore(alertTime: string, incidentId: string, since: Cursor): boolean {
  const t = requireTicks(alertTime, 'alert');
  const c = requireTicks(since.time, 'alertsSince');
  return t < c || (t === c && since.ids.includes(incidentId));
}

/**
 * @param alertsSince the cursor at the end of the previous complete run; null on the first run (all alerts).
 * @param emittedAt update time of this incident's version already emitted in this run (it changed while the
 * run was paging): that version carried every alert updated up to then, so those are not sent again.
 */
export function incidentEvents(
  record: DefenderRecord,
  target: EventTarget,
  alertsSince: Cursor | string | null,
  emittedAt?: string,
): SplunkEvent[] {
  const { id, time } = keyOf(record, 'lastUpdateDateTime', 'incident');
  const { incident, alerts } = incidentWithAlertIds(record);
  const events = [recordEvent(incident, time, SOURCETYPE.incident, target)];
  const since = typeof alertsSince === 'string' ? { time: alertsSince, ids: [] } : alertsSince;
  const earlier = emittedAt === undefined ? undefined : requireTicks(emittedAt, 'emittedAt');
  for (const alert of alerts) {
    const key = keyOf(alert, 'lastUpdateDateTime', `alert of incident ${id}`);
    if (since !== null && alertSentBefore(key.time, id, since)) continue;
    if (earlier !== undefined && requireTicks(key.time, 'alert') <= earlier) continue;
    events.push(recordEvent(alert, key.time, SOURCETYPE.incidentAlert, target));
  }
  return events;
}
