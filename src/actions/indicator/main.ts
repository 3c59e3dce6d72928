// defender_sync_indicator: the seam src/entry/defender_sync_indicator.ts loads on demand. Plans each row
// (plan.ts), then submits through the import API, deletes through BatchDelete, or lists (apply.ts).
import { eventSource } from '../../config/names';
import { mdeRowFailure } from '../../defender/mde-retirement';
import type { DefenderSession } from '../../defender/session';
import type { TargetOutcome } from '../common/outcome';
import { runResponseAction, type ActionTarget, type ExecuteOptions, type ResponseActionSpec } from '../common/run';
import { deleteIndicators, listIndicators, submitIndicators, type IndicatorOutcome } from './apply';
import { INDICATOR_ACTION, INDICATOR_CAP, INDICATOR_SOURCETYPE } from './definition';
import { OPERATIONS, planIndicatorRow, type IndicatorInput } from './plan';
import { shown } from '../common/ids';

const toOutcome = (o: IndicatorOutcome): TargetOutcome => ({
  ok: o.result === 'succeeded',
  httpStatus: o.httpStatus,
  ...(o.error ? { error: o.error } : {}),
  ...(o.defenderId ? { defenderActionId: o.defenderId } : {}),
  ...(o.note ? { details: { note: o.note } } : {}),
});

export async function executeIndicators(
  session: DefenderSession,
  targets: ReadonlyArray<ActionTarget<IndicatorInput>>,
  o: Pick<ExecuteOptions, 'tenant'>,
): Promise<Map<string, TargetOutcome>> {
  const out = new Map<string, TargetOutcome>();
  const submits = targets.flatMap((t) => (t.planned.input.operation === 'submit' ? [{ ref: t.planned.requestKey, item: t.planned.input.item }] : []));
  const deletes = targets.flatMap((t) => {
    const i = t.planned.input;
    return i.operation === 'delete' ? [{ ref: t.planned.requestKey, ...(i.id ? { id: i.id } : { key: i.key }) }] : [];
  });
  if (submits.length > 0) for (const [k, v] of await submitIndicators(session, submits)) out.set(k, toOutcome(v));
  if (deletes.length > 0) for (const [k, v] of await deleteIndicators(session, deletes)) out.set(k, toOutcome(v));
  const list = targets.find((t) => t.planned.input.operation === 'list');
  if (list) {
    try {
      const all = await listIndicators(session);
      const source = eventSource(INDICATOR_ACTION, o.tenant);
      out.set(list.planned.requestKey, {
        ok: true,
        httpStatus: 200,
        details: { indicators: all.length },
        // One event per indicator as Defender returns it: the tenant's view, with expiry, at this time.
        events: all.map((record) => ({ sourcetype: INDICATOR_SOURCETYPE, source, record })),
      });
    } catch (err) {
      const f = mdeRowFailure(err);
      out.set(list.planned.requestKey, { ok: false, httpStatus: f.httpStatus, error: f.error });
    }
  }
  return out;
}

export const INDICATOR_SPEC: ResponseActionSpec<IndicatorInput> = {
  name: INDICATOR_ACTION,
  api: 'mde-legacy',
  cap: INDICATOR_CAP,
  checkConfig: (config) => {
    const op = (config.operation ?? '').trim();
    if (op && !op.includes('$result.') && !(OPERATIONS as readonly string[]).includes(op.toLowerCase())) return [`operation '${shown(op)}' is not one of ${OPERATIONS.join(', ')}`];
    const field = (config.indicator_field ?? '').trim();
    if (field && !field.includes('$result.') && !/^[A-Za-z0-9_.:{}-]{1,128}$/.test(field)) return [`indicator_field '${shown(field)}' is not a field name`];
    return [];
  },
  planRow: planIndicatorRow,
  execute: (session, targets, o) => executeIndicators(session, targets, o),
};

export function executeFromProcess(payload: string): Promise<number> {
  return runResponseAction(INDICATOR_SPEC, payload, { stderr: process.stderr, ...(process.env.SPLUNK_HOME ? { splunkHome: process.env.SPLUNK_HOME } : {}) });
}
