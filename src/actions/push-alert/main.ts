// defender_sync_push_alert: the seam src/entry/defender_sync_push_alert.ts loads on demand.
import { runResponseAction, type ResponseActionSpec } from '../common/run';
import { pushAlerts } from './apply';
import { PUSH_ALERT_ACTION, PUSH_ALERT_CAP } from './definition';
import { checkPushConfig, planPushRow, type CreateAlertInput } from './plan';

export const PUSH_ALERT_SPEC: ResponseActionSpec<CreateAlertInput> = {
  name: PUSH_ALERT_ACTION,
  api: 'graph-beta',
  cap: PUSH_ALERT_CAP,
  checkConfig: checkPushConfig,
  planRow: planPushRow,
  execute: (session, targets, o) => pushAlerts(session, targets, o.tenant),
};

export function executeFromProcess(payload: string): Promise<number> {
  return runResponseAction(PUSH_ALERT_SPEC, payload, { stderr: process.stderr, ...(process.env.SPLUNK_HOME ? { splunkHome: process.env.SPLUNK_HOME } : {}) });
}
