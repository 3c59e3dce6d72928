// How stored records go on the wire: evolvable enum members hidden unless the client sent
// `Prefer: include-unknown-enum-members`, plus the OData annotations Graph adds.
import {
  detectionSource, evidenceRemediationStatus, incidentStatus, isEvolvable, presentEnum, serviceSource,
} from '../data/enums';
import { ALERT_ODATA_TYPE, INCIDENT_ODATA_TYPE, type GraphRecord } from '../data/graph-records';

/** True when the Prefer header (possibly a comma list) asks for unknown enum members. */
export function wantsUnknownEnums(prefer: string | undefined): boolean {
  return (prefer ?? '').split(',').some((p) => p.trim().toLowerCase() === 'include-unknown-enum-members');
}

function presentEvidence(items: unknown, includeUnknown: boolean): unknown {
  if (includeUnknown || !Array.isArray(items)) return items;
  if (!items.some((e) => isEvolvable(evidenceRemediationStatus, (e as GraphRecord).remediationStatus))) return items;
  return items.map((e: GraphRecord) => (isEvolvable(evidenceRemediationStatus, e.remediationStatus) ? { ...e, remediationStatus: 'unknownFutureValue' } : e));
}

/** Stored records start with their `@odata.type`; single-entity answers like PATCH's leave it out. */
function typed(r: GraphRecord, type: string, withType: boolean): GraphRecord {
  if (withType) return r['@odata.type'] === type ? r : { '@odata.type': type, ...r };
  const { '@odata.type': _type, ...rest } = r;
  return rest;
}

/** Copies only when something must change: pages of 2000 alerts go out without copying. */
export function presentAlert(r: GraphRecord, includeUnknown: boolean, withType = true): GraphRecord {
  const out = typed(r, ALERT_ODATA_TYPE, withType);
  if (includeUnknown) return out;
  const source = presentEnum(serviceSource, r.serviceSource as string, false);
  const detection = presentEnum(detectionSource, r.detectionSource as string | null, false);
  const evidence = presentEvidence(r.evidence, false);
  if (source === r.serviceSource && detection === r.detectionSource && evidence === r.evidence) return out;
  return { ...out, serviceSource: source, detectionSource: detection, evidence };
}

export function presentIncident(r: GraphRecord, includeUnknown: boolean, alerts?: GraphRecord[], withType = true): GraphRecord {
  let out = typed(r, INCIDENT_ODATA_TYPE, withType);
  const status = includeUnknown ? r.status : presentEnum(incidentStatus, r.status as string, false);
  if (status !== r.status || alerts) out = { ...out, status };
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
