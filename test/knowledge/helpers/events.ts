// TEST HELPER: real events of each sourcetype, built from the recorded Defender responses in
// ../shared/fixtures/defender the way the inputs and the alert action build them.
import { readFileSync } from 'node:fs';
import { SOURCETYPE } from '../../../src/config/names';
import { outcomeRecord, type OutcomeContext } from '../../../src/actions/update/outcomes';
import type { ChangeRequest } from '../../../src/actions/update/params';
import { incidentWithAlertIds } from '../../../src/inputs/incidents/map';
import type { DefenderRecord } from '../../../src/inputs/common/records';
import { sharedPath } from '../../helpers/shared';
import { STREAM_SOURCETYPE, streamRecords } from './stream-events';

const fixture = (name: string): DefenderRecord[] =>
  (JSON.parse(readFileSync(sharedPath('fixtures', 'defender', name), 'utf8')) as { value: DefenderRecord[] }).value;

const ctx: OutcomeContext = {
  account: 'prod',
  tenant: 'b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c',
  sid: 'scheduler__admin__search__RMD5e461da2a0a6d0d4d_at_1795000000_12',
  searchName: 'Resolve test incidents',
  app: 'search',
  owner: 'admin',
  time: '2026-11-22T01:02:03.456Z',
};
const change: ChangeRequest = { status: 'resolved', classification: 'falsePositive', addTags: [], removeTags: [] };

/** One success, one Defender failure and one refused row, as the action writes them. */
function actionOutcomes(): DefenderRecord[] {
  return [
    outcomeRecord({ row: 0, kind: 'incident', id: '2972395', notes: [] }, { ok: true, applied: ['update'], httpStatus: 200 }, ctx, change, undefined, 'id'),
    outcomeRecord(
      { row: 1, kind: 'alert', id: 'da637551227677560813_-961444813', notes: [] },
      { ok: false, applied: [], httpStatus: 403, error: 'Graph returned 403: missing application role SecurityAlert.ReadWrite.All' },
      ctx,
      change,
      undefined,
      'id',
    ),
    outcomeRecord({ row: 2, problem: "row 2: field 'id' is empty", notes: [] }, undefined, ctx, change, { id: '' }, 'id'),
  ];
}

/** Sourcetype → the records its events hold (the event's _raw is the record as one JSON line). */
export function eventRecords(): Record<string, DefenderRecord[]> {
  const incidents = fixture('graph-incident.json');
  return {
    [SOURCETYPE.incident]: incidents.map((i) => incidentWithAlertIds(i).incident),
    [SOURCETYPE.incidentAlert]: incidents.flatMap((i) => incidentWithAlertIds(i).alerts),
    [SOURCETYPE.alert]: fixture('graph-alert-v2.json'),
    [SOURCETYPE.endpointAlert]: fixture('mde-alert.json'),
    [SOURCETYPE.action]: actionOutcomes(),
    // Rows as Microsoft's runHuntingQuery sample returns them (Timestamp first, 7 fractional digits).
    [SOURCETYPE.hunting]: [
      { Timestamp: '2020-08-30T06:38:35.7664356Z', FileName: 'conhost.exe', InitiatingProcessFileName: 'powershell.exe' },
      { Timestamp: '2020-08-30T06:38:30.5163363Z', FileName: 'conhost.exe', InitiatingProcessFileName: 'powershell.exe' },
    ],
    // Streaming API records of the main tables (the stream input writes them as sent).
    [STREAM_SOURCETYPE]: Object.values(streamRecords()).flatMap((records) => records.slice(0, 3)) as DefenderRecord[],
  };
}
