// defender_sync_incidents: the seam src/entry/defender_sync_incidents.ts loads on demand.
import type { EventWriter } from '../../splunk/modinput/event-writer';
import type { InputConfig, ValidationConfig } from '../../splunk/modinput/input-xml';
import { fetchGraphPage } from '../common/graph-list';
import { streamFromProcess, validateFromProcess } from '../common/process';
import type { InputSpec } from '../common/run';
import { incidentsInput } from '../definitions';
import { INCIDENTS_PATH, INCIDENTS_ROLE, incidentsPlan } from './plan';

export const incidentsSpec: InputSpec = {
  definition: incidentsInput,
  plan: (session, target) => incidentsPlan(session, target),
  probe: (session) => fetchGraphPage(session, INCIDENTS_PATH, { top: 1 }, INCIDENTS_ROLE),
  initialState: { alertsSince: null },
};

export const validate = (cfg: ValidationConfig): Promise<string | undefined> => validateFromProcess(incidentsSpec, cfg);
export const stream = (cfg: InputConfig, writer: EventWriter, stdinClosed?: AbortSignal): Promise<number> => streamFromProcess(incidentsSpec, cfg, writer, stdinClosed);
