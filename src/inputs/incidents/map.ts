// Graph incident (with $expand=alerts) → one ms365:defender:incident event with `alerts` replaced by
// `alertIds` in place, plus one ms365:defender:incident:alerts event per alert changed since the previous
// run's cursor (all of them on the first run). Peers re-send every alert on every incident change; we don't.
import { SOURCETYPE } from '../../config/names';
import type { SplunkEvent } from '../../splunk/modinput/event-writer';
import { recordEvent, type EventTarget } from '../common/events';
import { keyOf, type DefenderRecord } from '../common/records';
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
 * @param alertsSince the cursor at the end of the previous complete run; null on the first run (all alerts).
 */
export function incidentEvents(record: DefenderRecord, target: EventTarget, alertsSince: string | null): SplunkEvent[] {
  const { time } = keyOf(record, 'lastUpdateDateTime', 'incident');
  const { incident, alerts } = incidentWithAlertIds(record);
  const events = [recordEvent(incident, time, SOURCETYPE.incident, target)];
  const since = alertsSince === null ? undefined : requireTicks(alertsSince, 'alertsSince');
  for (const alert of alerts) {
    const key = keyOf(alert, 'lastUpdateDateTime', `alert of incident ${String(record.id)}`);
    // `>=`: an alert updated at exactly the previous cursor may not have been in that run; a rare
    // duplicate beats a loss.
    if (since === undefined || requireTicks(key.time, 'alert') >= since)
      events.push(recordEvent(alert, key.time, SOURCETYPE.incidentAlert, target));
  }
  return events;
}
