// defender_sync_device_action: the seam src/entry/defender_sync_device_action.ts loads on demand. Plans each
// row (targets.ts), then resolves, starts and follows the machine actions (apply.ts).
import type { DefenderSession } from '../../defender/session';
import { shown } from '../common/ids';
import type { TargetOutcome } from '../common/outcome';
import { runResponseAction, type ActionTarget, type ExecuteOptions, type ResponseActionSpec } from '../common/run';
import { applyDeviceAction, type DeviceOutcome } from './apply';
import { DEVICE_ACTION, DEVICE_CAP } from './definition';
import { deviceRequest, planDeviceRow, type DeviceInput } from './targets';

const FIELD_NAME = /^[A-Za-z0-9_.:{}-]{1,128}$/;

/** A result that is not a failure: succeeded, or the same action already pending (reported, not retried). */
const OK_RESULTS = ['succeeded', 'pending_duplicate'];

export function toTargetOutcome(o: DeviceOutcome): TargetOutcome {
  const details: Record<string, unknown> = {};
  if (o.deviceId) details.device_id = o.deviceId;
  if (o.deviceName) details.device_name = o.deviceName;
  if (o.defenderStatus) details.defender_status = o.defenderStatus;
  if (o.packageUri) details.package_uri = o.packageUri;
  if (o.machineTags) details.machine_tags = o.machineTags;
  return {
    ok: OK_RESULTS.includes(o.result),
    ...(o.result === 'succeeded' ? {} : { result: o.result }),
    httpStatus: o.httpStatus,
    ...(o.error ? { error: o.error } : {}),
    ...(o.defenderActionId ? { defenderActionId: o.defenderActionId } : {}),
    details,
  };
}

export const DEVICE_SPEC: ResponseActionSpec<DeviceInput> = {
  name: DEVICE_ACTION,
  api: 'mde-legacy',
  cap: DEVICE_CAP,
  checkConfig: (config) => {
    const problems: string[] = [];
    const fixed = (k: string): string | undefined => (config[k]?.includes('$result.') ? undefined : (config[k] ?? '').trim());
    if (['device_action', 'isolation_type', 'scan_type', 'tag', 'comment'].every((k) => fixed(k) !== undefined)) {
      const r = deviceRequest(config as Record<string, string>, '', '');
      if ('problem' in r) problems.push(r.problem);
    }
    for (const k of ['device_field', 'sha1_field']) {
      const v = fixed(k);
      if (v && !FIELD_NAME.test(v)) problems.push(`${k} '${shown(v)}' is not a field name`);
    }
    const wait = fixed('wait_seconds');
    if (wait && !/^\d{1,6}$/.test(wait)) problems.push(`wait_seconds '${shown(wait)}' must be a whole number of seconds`);
    return problems;
  },
  planRow: planDeviceRow,
  execute: (session, targets, o) => executeDevices(session, targets, o),
};

/** Follows the machine actions for the longest wait_seconds asked, within the action's own deadline. */
export async function executeDevices(session: DefenderSession, targets: ReadonlyArray<ActionTarget<DeviceInput>>, o: Pick<ExecuteOptions, 'clock' | 'deadline'>): Promise<Map<string, TargetOutcome>> {
  const wait = Math.max(0, ...targets.map((t) => t.planned.input.waitMs));
  const deadline = Math.min(o.deadline, o.clock.now() + wait);
  const done = await applyDeviceAction(session, targets.map((t) => ({ key: t.planned.requestKey, input: t.planned.input })), { clock: o.clock, deadline });
  return new Map([...done].map(([k, v]) => [k, toTargetOutcome(v)]));
}

export function executeFromProcess(payload: string): Promise<number> {
  return runResponseAction(DEVICE_SPEC, payload, { stderr: process.stderr, ...(process.env.SPLUNK_HOME ? { splunkHome: process.env.SPLUNK_HOME } : {}) });
}
