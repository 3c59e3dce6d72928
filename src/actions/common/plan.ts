// Rows → planned targets, for every response action. Pure. Each row is planned by the action from its own
// fields and its own configuration (tokens resolved); a later row asking the same thing of the same target
// is a duplicate of the first (one call); the distinct targets are counted against the run's cap.
import type { ResultValue } from '../../splunk/alert/payload';
import { rowConfiguration } from './tokens';

export type Fields = Record<string, ResultValue>;

/** What one row asks, once planned. */
export interface Planned<P> {
  /** The distinct target the cap counts (an identity, a device…). */
  targetKey: string;
  /** The distinct request: rows with the same key share one call. */
  requestKey: string;
  targetType: string;
  /** The target as the outcome shows it (validated, or shown escaped). */
  target: string;
  /** What was asked, e.g. disable, isolate, create. */
  requested: string;
  input: P;
  /** Extra outcome fields (identity_provider, …). */
  details?: Record<string, unknown>;
}

export interface Unplannable {
  problem: string;
  targetType?: string;
  target?: string;
  requested?: string;
}

export interface RowPlan<P> {
  row: number;
  planned?: Planned<P>;
  invalid?: Unplannable;
  /** Row number of the first row with the same request. */
  duplicateOf?: number;
}

/** What a row's plan may depend on besides its fields: the time (relative expiries), who runs it and why. */
export interface RowContext {
  nowMs: number;
  user: string;
  searchName: string;
}

export type PlanRow<P> = (fields: Fields, config: Record<string, string>, context: RowContext) => Planned<P> | Unplannable;

export function planRows<P>(
  rows: Iterable<{ rowIndex: number; fields: Fields }>,
  config: Readonly<Record<string, string | undefined>>,
  plan: PlanRow<P>,
  context: RowContext = { nowMs: Date.now(), user: '', searchName: '' },
): RowPlan<P>[] {
  const first = new Map<string, number>();
  const out: RowPlan<P>[] = [];
  for (const { rowIndex, fields } of rows) {
    const p = plan(fields, rowConfiguration(config, fields), context);
    if ('problem' in p) {
      out.push({ row: rowIndex, invalid: p });
      continue;
    }
    const earlier = first.get(p.requestKey);
    if (earlier === undefined) first.set(p.requestKey, rowIndex);
    out.push({ row: rowIndex, planned: p, ...(earlier !== undefined ? { duplicateOf: earlier } : {}) });
  }
  return out;
}

/** Distinct targets the plans would act on. */
export function distinctTargets(plans: readonly RowPlan<unknown>[]): number {
  return new Set(plans.flatMap((p) => (p.planned ? [p.planned.targetKey] : []))).size;
}

/** The message every row carries when the run would act on more targets than its cap. */
export function overCapMessage(count: number, max: number, noun: string): string {
  return `the results name ${count} distinct ${noun}, more than max_targets=${max}: nothing was sent. Narrow the search, or raise max_targets in the action's settings if you mean to act on all of them`;
}
