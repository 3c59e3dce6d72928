// defender_sync_alerts: the seam src/entry/defender_sync_alerts.ts loads on demand.
import type { EventWriter } from '../../splunk/modinput/event-writer';
import type { InputConfig, ValidationConfig } from '../../splunk/modinput/input-xml';
import { fetchGraphPage } from '../common/graph-list';
import { streamFromProcess, validateFromProcess } from '../common/process';
import { param, type InputSpec } from '../common/run';
import { alertsInput, parseServiceSources } from '../definitions';
import { ALERTS_PATH, ALERTS_ROLE, alertsPlan } from './plan';

export const alertsSpec: InputSpec = {
  definition: alertsInput,
  plan: (session, target, params) => alertsPlan(session, target, parseServiceSources(param(params, 'service_sources'))),
  probe: (session) => fetchGraphPage(session, ALERTS_PATH, { top: 1 }, ALERTS_ROLE),
};

export const validate = (cfg: ValidationConfig): Promise<string | undefined> => validateFromProcess(alertsSpec, cfg);
export const stream = (cfg: InputConfig, writer: EventWriter, stdinClosed?: AbortSignal): Promise<number> => streamFromProcess(alertsSpec, cfg, writer, stdinClosed);
