// TEST HELPER: the events the SOC searches and dashboards read, as Splunk would hold them:
// - the Defender records of events.ts (recorded responses), plus Graph alerts whose evidence is every type the
//   simulator's generator (built from Graph's evidence schema) makes, so IP, URL, user and mailbox evidence
//   exist too (the recorded alerts only carry device, file, process and registry evidence);
// - outcome events of a response action as the shared action framework (src/actions/common/outcome.ts) writes
//   them (interface 5: action, requested, target_type, target, result, http_status, error, defender_action_id, …);
// - the add-on's log lines (ta_defender_sync.log, index _internal) written by the real logger: run_complete as
//   src/inputs/common/run.ts writes it, run_failed, and the stream input's stream_status (its own partition
//   fields) and stream_error lines.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVIDENCE_KINDS, evidenceItem } from '../../../sandbox/simulator/data/evidence';
import { Prng } from '../../../sandbox/simulator/prng';
import { ticksFromMs } from '../../../sandbox/simulator/time';
import { LOG_SOURCETYPE, SOURCETYPE } from '../../../src/config/names';
import type { DefenderRecord } from '../../../src/inputs/common/records';
import { responseOutcome, type ResponseContext } from '../../../src/actions/common/outcome';
import type { RowPlan } from '../../../src/actions/common/plan';
import { createLogger, logFilePath } from '../../../src/splunk/log';
import { PartitionStats } from '../../../src/stream/status';
import { eventRecords } from './events';

/** Graph alerts (alerts_v2 and incident alerts) with evidence of every type the generator makes. */
function alertsWithEveryEvidence(template: DefenderRecord): DefenderRecord[] {
  const r = new Prng(13);
  const t = ticksFromMs(Date.parse('2026-11-30T10:00:00Z'));
  return EVIDENCE_KINDS.map((kind, i) => ({
    ...template,
    id: `da6389000000000000_${i}`,
    severity: ['high', 'medium', 'low', 'informational'][i % 4],
    evidence: [evidenceItem(r, kind, t), evidenceItem(r, 'device', t)],
  }));
}

/** Outcome events of a response action, written by the shared action framework: one success, one failure, one refusal. */
function responseOutcomes(): DefenderRecord[] {
  const ctx: ResponseContext = {
    action: 'defender_sync_device_action',
    api: 'mde-legacy',
    account: 'prod',
    tenant: 'b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c',
    user: 'analyst',
    sid: 'scheduler__analyst__search__RMD5aa_at_1795000000_3',
    searchName: 'Isolate compromised hosts',
    app: 'search',
    time: '2026-11-22T01:02:03.456Z',
  };
  const planned = (row: number, target: string): RowPlan<unknown> => ({ row, planned: { targetKey: target, requestKey: `isolate:${target}`, targetType: 'device', target, requested: 'isolate', input: {} } });
  return [
    responseOutcome(planned(0, 'f1e2d3c4b5a69788'), { ok: true, httpStatus: 201, defenderActionId: '7c3ad4ea-5f3b-4e0a-9b70-54d8b2cfb3a1' }, ctx),
    responseOutcome(planned(1, 'a9b8c7d6e5f40312'), { ok: false, httpStatus: 400, error: 'ActiveRequestAlreadyExists: an isolation is already pending on this device' }, ctx),
    responseOutcome(planned(2, 'c0ffee0000000001'), undefined, ctx, { result: 'refused', error: "user 'analyst' lacks the capability 'defender_sync_respond'" }),
  ];
}

export interface LogEvent {
  _raw: string;
  fields: Map<string, string[]>;
}

/** Splunk's KV_MODE=auto_escaped on the logger's lines: key=value and key="quoted \" value". */
export function kvAuto(line: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of line.matchAll(/(?:^|\s)([A-Za-z_][\w.]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    const raw = m[2] ?? '';
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(["\\])/g, '$1') : raw;
    out.set(m[1] ?? '', [...(out.get(m[1] ?? '') ?? []), value]);
  }
  return out;
}

/** The add-on's log lines of every kind the health searches read, from the real logger. */
export function logEvents(): LogEvent[] {
  const home = mkdtempSync(join(tmpdir(), 'soc-log-'));
  try {
    const sink = { write: () => true };
    const polled = createLogger({ component: 'defender_sync_incidents', stderr: sink, splunkHome: home, pid: 4242 });
    polled.info('', {
      action: 'run_complete', input: 'prod', account: 'prod', tenant: 'b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c', events: 120, pages: 3, requests: 4,
      throttled: 0, retries: 0, duration_ms: 2345, cursor: '2026-11-22T01:02:03.4560000Z', status: 'caught_up', interval: 300, events_ms365_defender_incident: 40,
    });
    polled.error("account 'prod': Graph returned 403: missing application role SecurityIncident.Read.All; grant it and admin-consent", { action: 'run_failed', input: 'prod', error_code: 'forbidden' });
    polled.info('', {
      action: 'run_complete', input: 'prod', account: 'prod', tenant: 'b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c', events: 0, pages: 0, requests: 1,
      throttled: 0, retries: 0, duration_ms: 310, cursor: '', status: 'failed', error_code: 'forbidden', interval: 300,
    });
    const stream = createLogger({ component: 'defender_sync_stream', stderr: sink, splunkHome: home, pid: 4343 });
    const hub = { input: 'hub', namespace: 'contoso-defender.servicebus.windows.net', event_hub: 'insights-logs-advancedhunting-deviceevents' };
    // The stream input's own per-partition status fields (src/stream/status.ts).
    const partition = new PartitionStats('0', 0);
    partition.checkpointSeq = 88120;
    partition.lastEnqueuedSeq = 88123;
    stream.info('', { action: 'stream_status', ...hub, ...partition.statusFields(60_000, false) });
    stream.error('Event Hubs refused the connection: the token lacks Azure Event Hubs Data Receiver on the hub; assign that role to the app', {
      action: 'stream_error', ...hub, error_code: 'unauthorized', partition: '1',
    });
    const text = readFileSync(logFilePath(home), 'utf8');
    return text.split('\n').filter(Boolean).map((_raw) => ({ _raw, fields: kvAuto(_raw) }));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Sourcetype → records, for the searches: events.ts's plus the extras above. */
export function socEventRecords(): Record<string, DefenderRecord[]> {
  const records = eventRecords();
  const template = records[SOURCETYPE.alert]?.[0] as DefenderRecord;
  const extra = alertsWithEveryEvidence(template);
  return {
    ...records,
    [SOURCETYPE.alert]: [...(records[SOURCETYPE.alert] ?? []), ...extra],
    [SOURCETYPE.incidentAlert]: [...(records[SOURCETYPE.incidentAlert] ?? []), ...extra],
    [SOURCETYPE.action]: [...(records[SOURCETYPE.action] ?? []), ...responseOutcomes()],
  };
}

export { LOG_SOURCETYPE };
