// How stored records go on the wire: evolvable enum members hidden unless the client sent
// `Prefer: include-unknown-enum-members`, plus the OData annotations Graph adds.
import {
  detectionSource, evidenceRemediationStatus, incidentStatus, isEvolvable, presentEnum, serviceSource,
} from '../data/enums';
import type { GraphRecord } from '../data/graph-records';

export const INCIDENT_ODATA_TYPE = '#microsoft.graph.security.incident';
export const ALERT_ODATA_TYPE = '#microsoft.graph.security.alert';

/** True when the Prefer header (possibly a comma list) asks for unknown enum members. */
export function wantsUnknownEnums(prefer: string | undefined): boolean {
  return (prefer ?? '').split(',').some((p) => p.trim().toLowerCase() === 'include-unknown-enum-members');
}

function presentEvidence(items: unknown, includeUnknown: boolean): unknown {
  if (includeUnknown || !Array.isArray(items)) return items;
  if (!items.some((e) => isEvolvable(evidenceRemediationStatus, (e as GraphRecord).remediationStatus))) return items;
  return items.map((e: GraphRecord) => (isEvolvable(evidenceRemediationStatus, e.remediationStatus) ? { ...e, remediationStatus: 'unknownFutureValue' } : e));
}

export function presentAlert(r: GraphRecord, includeUnknown: boolean, withType = true): GraphRecord {
  const out: GraphRecord = withType ? { '@odata.type': ALERT_ODATA_TYPE, ...r } : { ...r };
  if (!includeUnknown) {
    out.serviceSource = presentEnum(serviceSource, r.serviceSource as string, false);
    out.detectionSource = presentEnum(detectionSource, r.detectionSource as string | null, false);
    out.evidence = presentEvidence(r.evidence, false);
  }
  return out;
}

export function presentIncident(r: GraphRecord, includeUnknown: boolean, alerts?: GraphRecord[], withType = true): GraphRecord {
  const out: GraphRecord = withType ? { '@odata.type': INCIDENT_ODATA_TYPE, ...r } : { ...r };
  if (!includeUnknown) out.status = presentEnum(incidentStatus, r.status as string, false);
  if (alerts) out.alerts = alerts.map((a) => presentAlert(a, includeUnknown));
  return out;
}

/** `$select`: keep only the named properties (and the type annotation). */
export function selectProperties(r: GraphRecord, select: readonly string[] | undefined): GraphRecord {
  if (!select) return r;
  const out: GraphRecord = {};
  if ('@odata.type' in r) out['@odata.type'] = r['@odata.type'];
  for (const p of select) if (p in r) out[p] = r[p];
  return out;
}
