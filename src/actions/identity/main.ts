// defender_sync_identity_action: the seam src/entry/defender_sync_identity_action.ts loads on demand.
import { runResponseAction, type ResponseActionSpec } from '../common/run';
import { applyIdentityActions } from './apply';
import { IDENTITY_ACTION, IDENTITY_CAP } from './definition';
import { checkIdentityConfig, planIdentityRow, type IdentityRequest } from './plan';

export const IDENTITY_SPEC: ResponseActionSpec<IdentityRequest> = {
  name: IDENTITY_ACTION,
  api: 'graph-v1.0',
  cap: IDENTITY_CAP,
  checkConfig: checkIdentityConfig,
  planRow: planIdentityRow,
  execute: (session, targets) => applyIdentityActions(session, targets),
};

export function executeFromProcess(payload: string): Promise<number> {
  return runResponseAction(IDENTITY_SPEC, payload, { stderr: process.stderr, ...(process.env.SPLUNK_HOME ? { splunkHome: process.env.SPLUNK_HOME } : {}) });
}
