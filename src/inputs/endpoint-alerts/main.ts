// defender_sync_endpoint_alerts: the seam src/entry/defender_sync_endpoint_alerts.ts loads on demand.
import { odataUrl } from '../../defender/odata';
import type { EventWriter } from '../../splunk/modinput/event-writer';
import type { InputConfig, ValidationConfig } from '../../splunk/modinput/input-xml';
import { streamFromProcess, validateFromProcess } from '../common/process';
import type { InputSpec } from '../common/run';
import { endpointAlertsInput } from '../definitions';
import { ENDPOINT_ALERTS_PATH, ENDPOINT_ALERTS_ROLE, endpointAlertsPlan } from './plan';

export const endpointAlertsSpec: InputSpec = {
  definition: endpointAlertsInput,
  plan: (session, target) => endpointAlertsPlan(session, target),
  probe: (session) =>
    session.mde.call({ method: 'GET', url: odataUrl(session.endpoints.mdeUrl, ENDPOINT_ALERTS_PATH, { top: 1 }), requiredRole: ENDPOINT_ALERTS_ROLE }),
};

export const validate = (cfg: ValidationConfig): Promise<string | undefined> => validateFromProcess(endpointAlertsSpec, cfg);
export const stream = (cfg: InputConfig, writer: EventWriter, stdinClosed?: AbortSignal): Promise<number> => streamFromProcess(endpointAlertsSpec, cfg, writer, stdinClosed);
