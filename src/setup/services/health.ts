// Each input's health for the Inputs table: one oneshot search through splunkd's search/jobs
// (exec_mode=oneshot answers with the results at once, no job to poll) running the add-on's own macro
// `defender_sync_input_status` over index=_internal, so the page, the health dashboard and the "Input
// unhealthy" saved search read the same status lines; the four-state rules run here (src/health/states.ts).
// Why a search and not a REST endpoint of our own: the status lines are wherever the inputs run (a heavy
// forwarder's log forwarded to _internal), and only a search sees them from the search head.
import { healthOfInput, INPUT_STATUS_SEARCH, INPUT_STATUS_WINDOW, inputKey, rowsByInput, STREAM_STATUS_INTERVAL_SECONDS, type InputHealth, type StatusRow } from '../../health/status-rows';
import { DEFAULT_INTERVAL_SECONDS } from '../../inputs/definitions';
import type { InputRow } from '../model/input-form';
import type { SplunkApi } from '../rest/api';

/** The interval the health rules count in: the input's own, or a stream input's status interval. */
export function healthInterval(row: InputRow): number {
  const own = Number(row.scheme === 'defender_sync_stream' ? row.content.status_interval : row.interval);
  if (Number.isFinite(own) && own > 0) return own;
  return row.scheme === 'defender_sync_stream' ? STREAM_STATUS_INTERVAL_SECONDS : DEFAULT_INTERVAL_SECONDS;
}

export async function loadInputHealth(api: SplunkApi, rows: readonly InputRow[], now: number): Promise<Map<string, InputHealth>> {
  const answer = (await api.post('search/jobs', {
    search: INPUT_STATUS_SEARCH,
    exec_mode: 'oneshot',
    earliest_time: INPUT_STATUS_WINDOW,
    latest_time: 'now',
    count: '0',
  })) as unknown as { results?: StatusRow[] };
  const byInput = rowsByInput(answer.results ?? []);
  return new Map(rows.map((r) => [inputKey(r.scheme, r.name), healthOfInput(byInput.get(inputKey(r.scheme, r.name)) ?? [], healthInterval(r), now)]));
}
