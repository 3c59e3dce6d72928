// Search result rows → what to change on which record. Pure. A row whose id is missing or is not a
// valid Defender id (ids go into URL paths), or whose change Defender would refuse, is reported and
// never sent. The same record twice is updated once.
import { SOURCETYPE } from '../../config/names';
import { alertStatus, classification as parseClassification, incidentStatus, pairingProblem } from '../../defender/enums';
import { shown } from '../common/ids';
import type { ActionRequest, ChangeRequest } from './params';

export type Kind = 'incident' | 'alert' | 'endpoint_alert';
export type Fields = Record<string, string | string[]>;

/** The change for one record: the request's, minus what does not apply to that kind (tags on alerts). */
export type RecordChange = ChangeRequest;

export interface RowPlan {
  row: number;
  kind?: Kind;
  id?: string;
  change?: RecordChange;
  /** Set when the row is not sent. */
  problem?: string;
  /** Row number of the first row naming the same record. */
  duplicateOf?: number;
  /** Parts of the request that do not apply to this record. */
  notes: string[];
}

/** Incident ids are numbers; alert ids are letters, digits, '_' and '-' (e.g. da637551227677560813_-961444813). */
export const INCIDENT_ID = /^[0-9]{1,19}$/;
export const ALERT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

const single = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? (v.length === 1 ? v[0] : undefined) : v);

export { shown } from '../common/ids';

export function kindOf(fields: Fields, target: ActionRequest['target']): Kind | { problem: string } {
  const sourcetype = single(fields.sourcetype) ?? '';
  const legacy = sourcetype === SOURCETYPE.endpointAlert;
  if (target === 'incident') return 'incident';
  if (target === 'alert') return legacy ? 'endpoint_alert' : 'alert';
  if (sourcetype === SOURCETYPE.incident) return 'incident';
  if (sourcetype === SOURCETYPE.incidentAlert || sourcetype === SOURCETYPE.alert) return 'alert';
  if (legacy) return 'endpoint_alert';
  return {
    problem: sourcetype
      ? `target=auto cannot tell whether a '${shown(sourcetype)}' row is an incident or an alert: set target to incident or alert`
      : 'target=auto needs the sourcetype field in the results: keep sourcetype in the search, or set target to incident or alert',
  };
}

function idOf(fields: Fields, kind: Kind, request: ActionRequest): { id: string } | { problem: string } {
  const field = request.idField;
  let raw = fields[field];
  // Incidents from other add-ons carry incidentId; `auto` reads it when the id field is absent.
  if ((raw === undefined || raw === '') && request.target === 'auto' && kind === 'incident' && field === 'id') raw = fields.incidentId;
  if (Array.isArray(raw) && raw.length > 1) return { problem: `field '${field}' has ${raw.length} values; one id per row is needed` };
  const value = (single(raw) ?? '').trim();
  if (!value) return { problem: `no ${kind === 'incident' ? 'incident' : 'alert'} id: field '${field}' is empty or missing` };
  const valid = kind === 'incident' ? INCIDENT_ID.test(value) : ALERT_ID.test(value);
  if (!valid)
    return {
      problem:
        kind === 'incident'
          ? `'${shown(value)}' is not an incident id (incident ids are numbers)`
          : `'${shown(value)}' is not an alert id (letters, digits, '_' and '-' only)`,
    };
  return { id: value };
}

function changeFor(kind: Kind, fields: Fields, request: ActionRequest): { change: RecordChange; notes: string[] } | { problem: string } {
  const r = request.change;
  const notes: string[] = [];
  const change: RecordChange = { addTags: [], removeTags: [] };
  if (r.status) {
    const n = kind === 'incident' ? incidentStatus(r.status) : alertStatus(r.status);
    if ('error' in n) return { problem: n.error };
    change.status = n.value;
  }
  if (r.classification) change.classification = r.classification;
  if (r.determination) {
    // No classification in the request: the record's own must fit the determination.
    const own = single(fields.classification);
    const current = own ? parseClassification(own) : undefined;
    const cls = r.classification ?? (current && 'value' in current ? current.value : undefined);
    const pairing = pairingProblem(cls, r.determination);
    if (pairing) return { problem: pairing };
    change.determination = r.determination;
  }
  if (r.assignedTo !== undefined) change.assignedTo = r.assignedTo;
  if (r.comment) change.comment = r.comment;
  if (kind === 'incident') {
    change.addTags = r.addTags;
    change.removeTags = r.removeTags;
  } else if (r.addTags.length || r.removeTags.length) {
    notes.push('tags apply to incidents only; not changed on this alert');
  }
  const empty =
    change.status === undefined &&
    change.classification === undefined &&
    change.determination === undefined &&
    change.assignedTo === undefined &&
    change.comment === undefined &&
    change.addTags.length === 0 &&
    change.removeTags.length === 0;
  if (empty) return { problem: 'nothing to change on an alert: tags apply to incidents only' };
  return { change, notes };
}

export function planRow(row: number, fields: Fields, request: ActionRequest): RowPlan {
  const kind = kindOf(fields, request.target);
  if (typeof kind !== 'string') return { row, problem: kind.problem, notes: [] };
  const id = idOf(fields, kind, request);
  if ('problem' in id) return { row, kind, problem: id.problem, notes: [] };
  const planned = changeFor(kind, fields, request);
  if ('problem' in planned) return { row, kind, id: id.id, problem: planned.problem, notes: [] };
  return { row, kind, id: id.id, change: planned.change, notes: planned.notes };
}

export const recordKey = (kind: Kind, id: string): string => `${kind}:${id}`;

/** Plans every row; later rows naming an already planned record become duplicates of the first. */
export function planRows(rows: Iterable<{ rowIndex: number; fields: Fields }>, request: ActionRequest): RowPlan[] {
  const first = new Map<string, number>();
  const plans: RowPlan[] = [];
  for (const { rowIndex, fields } of rows) {
    const plan = planRow(rowIndex, fields, request);
    if (!plan.problem && plan.kind && plan.id) {
      const key = recordKey(plan.kind, plan.id);
      const earlier = first.get(key);
      if (earlier !== undefined) plan.duplicateOf = earlier;
      else first.set(key, rowIndex);
    }
    plans.push(plan);
  }
  return plans;
}
