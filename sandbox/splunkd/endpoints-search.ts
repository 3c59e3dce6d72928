// search/jobs, exec_mode=oneshot: the stand-in has no search language. It evaluates one search, the one the
// setup page's Health column runs: the macro `defender_sync_input_status` of the installed app (expanded
// from its macros.conf as splunkd would), recognised by its shape (index=_internal
// sourcetype=ta_defender_sync:log … | stats … BY component input partition). It computes that search's
// documented result (docs/soc.md, "Input health") from the stand-in's own capture of the log file and its
// event store. Any other search is refused with a 400 that says so. Like Splunk's default roles, only admin
// may search _internal: other users get no rows.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireCapability } from './auth';
import type { RestRequest, RestResponse, StandIn } from './context';
import { badRequest, RestError } from './feed';

const STATUS_ACTIONS = new Set(['run_complete', 'run_failed', 'stream_status', 'stream_error']);
const FIELDS = ['component', 'input', 'partition', 'first_seen', 'last_seen', 'last_success', 'last_error', 'last_error_message', 'last_error_code', 'last_status_failed', 'tenant', 'namespace', 'event_hub', 'interval', 'source', 'last_event'];
const FOURTEEN_DAYS_S = 14 * 86_400;

export function handleSearchJobs(standIn: StandIn, req: RestRequest): RestResponse {
  if (req.segments.length !== 2 || req.method !== 'POST') throw new RestError(405, 'The splunkd stand-in only runs POST search/jobs with exec_mode=oneshot');
  requireCapability(req.session, 'search');
  if (req.args.exec_mode !== 'oneshot') throw badRequest('The splunkd stand-in only runs exec_mode=oneshot searches');
  const text = expandMacros(standIn, req.args.search ?? '', req.ns?.app);
  if (!/sourcetype="?ta_defender_sync:log"?/.test(text) || !/\bstats\b[\s\S]*\bBY component input partition\b/.test(text))
    throw badRequest(`The splunkd stand-in evaluates only the add-on's input status search (\`defender_sync_input_status\`), not: ${(req.args.search ?? '').slice(0, 200)}`);
  const now = standIn.now().getTime() / 1000;
  const earliest = relativeTime(req.args.earliest_time, now);
  const rows = req.session.roles.includes('admin') ? inputStatus(standIn, earliest, now) : [];
  return { status: 200, body: { preview: false, init_offset: 0, messages: [], fields: FIELDS.map((name) => ({ name })), results: rows } };
}

function expandMacros(standIn: StandIn, search: string, app: string | undefined, depth = 0): string {
  if (depth > 10) throw badRequest('Macros nest too deep');
  const apps = app && app !== '-' ? [app] : standIn.confs.apps();
  const out = search.replace(/`([A-Za-z0-9_]+)`/g, (_, name: string) => {
    for (const a of apps) {
      const definition = standIn.confs.find(a, 'macros', name)?.content.definition;
      if (definition !== undefined) return definition;
    }
    throw badRequest(`Error in 'SearchParser': The search specifies a macro '${name}' that cannot be found.`);
  });
  return out === search ? out : expandMacros(standIn, out, app, depth + 1);
}

/** `-7d`, `-24h`, `-30m`, epoch seconds, or nothing (all time). */
function relativeTime(value: string | undefined, now: number): number {
  if (!value || value === '0') return 0;
  const rel = /^-(\d+)([smhd])$/.exec(value);
  if (rel) return now - Number(rel[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[rel[2] as 's' | 'm' | 'h' | 'd'];
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  throw badRequest(`The splunkd stand-in does not understand earliest_time=${value}`);
}

export interface LogLine {
  time: number;
  fields: Record<string, string>;
}

/** $SPLUNK_HOME/var/log/splunk/ta_defender_sync.log* read as KV_MODE=auto_escaped would (key=value, "quoted \" values"). */
export function logLines(splunkHome: string): LogLine[] {
  const dir = join(splunkHome, 'var', 'log', 'splunk');
  if (!existsSync(dir)) return [];
  const lines: LogLine[] = [];
  for (const file of readdirSync(dir).filter((f) => f.startsWith('ta_defender_sync.log'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const stamp = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}\.\d{3}) ([+-]\d{2})(\d{2}) /.exec(line);
      if (!stamp) continue;
      const fields: Record<string, string> = {};
      for (const m of line.slice(stamp[0].length).matchAll(/(?:^|\s)([A-Za-z_][\w.]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
        const raw = m[2] ?? '';
        fields[m[1] as string] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(["\\])/g, '$1') : raw;
      }
      lines.push({ time: Date.parse(`${stamp[1]}T${stamp[2]}${stamp[3]}:${stamp[4]}`) / 1000, fields });
    }
  }
  return lines;
}

/** The macro's result: per component, input and partition ("-" when the line names none). */
export function inputStatus(standIn: Pick<StandIn, 'splunkHome' | 'events'>, earliest: number, now: number): Array<Record<string, string>> {
  const groups = new Map<string, LogLine[]>();
  for (const line of logLines(standIn.splunkHome)) {
    const f = line.fields;
    if (line.time < earliest || !STATUS_ACTIONS.has(f.action ?? '') || !f.component || !f.input) continue;
    const key = [f.component, f.input, f.partition || '-'].join('\0');
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  const rows: Array<Record<string, string>> = [];
  for (const [key, lines] of groups) {
    const [component, input, partition] = key.split('\0') as [string, string, string];
    lines.sort((a, b) => a.time - b.time);
    const failed = (l: LogLine) => ['run_failed', 'stream_error'].includes(l.fields.action ?? '') || ['failed', 'error'].includes(l.fields.status ?? '');
    const ok = (l: LogLine) => (l.fields.action === 'run_complete' && l.fields.status !== 'failed') || (l.fields.action === 'stream_status' && l.fields.status === 'ok');
    const latest = (pick: (l: LogLine) => string | undefined) => [...lines].reverse().map(pick).find((v) => v !== undefined && v !== '');
    const lastOf = (p: (l: LogLine) => boolean) => [...lines].reverse().find(p);
    const status = lastOf((l) => l.fields.action === 'run_complete' || l.fields.action === 'stream_status');
    const row: Record<string, string | undefined> = {
      component,
      input,
      partition,
      first_seen: String(lines[0]!.time),
      last_seen: String(lines.at(-1)!.time),
      last_success: lastOf(ok) && String(lastOf(ok)!.time),
      last_error: lastOf(failed) && String(lastOf(failed)!.time),
      last_error_message: latest((l) => (failed(l) ? l.fields.message : undefined)),
      last_error_code: latest((l) => (failed(l) ? l.fields.error_code : undefined)),
      last_status_failed: status && (failed(status) ? '1' : '0'),
      tenant: latest((l) => l.fields.tenant),
      namespace: latest((l) => l.fields.namespace),
      event_hub: latest((l) => l.fields.event_hub),
      interval: latest((l) => l.fields.interval),
    };
    row.source = component === 'defender_sync_stream' ? `defender_sync_stream:${row.namespace}/${row.event_hub}` : `${component}:${row.tenant ?? ''}`;
    const indexed = standIn.events.search({ source: row.source }).map((e) => e._indextime ?? e._time).filter((t) => t >= now - FOURTEEN_DAYS_S);
    if (indexed.length > 0) row.last_event = String(Math.max(...indexed));
    rows.push(Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined)) as Record<string, string>);
  }
  return rows;
}
