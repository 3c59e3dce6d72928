// Writing an action's events to Splunk: splunkd's services/receivers/simple with the payload's session key,
// many events per request, one per line (our sourcetypes break on newlines). Why not stash spool files: the
// REST call confirms receipt and needs no file-system path shared with splunkd (docs/alert-action.md).
import { jsonForXml } from '../../splunk/modinput/event-writer';
import type { SplunkdClient } from '../../splunk/rest';

export interface OutcomeEvent {
  sourcetype: string;
  source: string;
  record: Record<string, unknown>;
}

const SUBMIT_CHUNK_BYTES = 4 * 1024 * 1024;

export async function submitEvents(client: SplunkdClient, index: string, events: readonly OutcomeEvent[]): Promise<void> {
  const groups = new Map<string, OutcomeEvent[]>();
  for (const e of events) {
    const key = `${e.sourcetype}\n${e.source}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  for (const group of groups.values()) {
    const { sourcetype, source } = group[0] as OutcomeEvent;
    let lines: string[] = [];
    let bytes = 0;
    const flush = async () => {
      if (lines.length === 0) return;
      await client.submitEvent({ index, sourcetype, source }, `${lines.join('\n')}\n`);
      lines = [];
      bytes = 0;
    };
    for (const e of group) {
      const line = jsonForXml(e.record);
      if (bytes + line.length > SUBMIT_CHUNK_BYTES) await flush();
      lines.push(line);
      bytes += line.length + 1;
    }
    await flush();
  }
}

/** The message for an outcome write that failed (logged; the exit code says notRecorded). */
export const notRecordedMessage = (count: number, index: string, why: string): string =>
  `could not write ${count} outcome and refreshed events to index '${index}': ${why}. The alert owner's role needs the edit_tcp capability for receivers/simple, and the index must exist`;
