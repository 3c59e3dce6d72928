// Planned rows grouped into the records to update, and the result of updating each.
import type { DefenderRecord } from '../../inputs/common/records';
import { recordKey, type Fields, type Kind, type RecordChange, type RowPlan } from './rows';

export interface UpdateTarget {
  key: string;
  kind: Kind;
  id: string;
  change: RecordChange;
  /** The first row naming this record (its fields carry e.g. alertIds for the refreshed incident). */
  row: number;
  fields: Fields;
}

export interface TargetResult {
  ok: boolean;
  /** Steps that Defender accepted, in order: read, comment, update, refresh. */
  applied: string[];
  /** HTTP status of the last answer (0: no answer). */
  httpStatus: number;
  error?: string;
  /** The record as Defender returned it after the change. */
  refreshed?: DefenderRecord;
}

export function targetsOf(plans: readonly RowPlan[], fieldsByRow: ReadonlyMap<number, Fields>): UpdateTarget[] {
  const targets: UpdateTarget[] = [];
  for (const p of plans) {
    if (p.problem || p.duplicateOf !== undefined || !p.kind || !p.id || !p.change) continue;
    targets.push({ key: recordKey(p.kind, p.id), kind: p.kind, id: p.id, change: p.change, row: p.row, fields: fieldsByRow.get(p.row) ?? {} });
  }
  return targets;
}
