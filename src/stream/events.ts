// One Streaming API record → one Splunk event (DESIGN §3, §4): sourcetype ms:defender:eventhub, data = the
// record's JSON text as Defender sent it, _time = properties.Timestamp with every digit (else the envelope's
// `time`, else when Event Hubs enqueued the message), source = defender_sync_stream:<namespace>/<event hub>.
// Pure.
import { SOURCETYPE } from '../config/names';
import { epochSeconds, toTicks } from '../inputs/common/timestamp';
import type { SplunkEvent } from '../splunk/modinput/event-writer';
import type { RawRecord } from './records';

export interface StreamTarget {
  source: string;
  index?: string;
  /** `<scheme>://<name>`: needed when one process serves several stanzas. */
  stanza?: string;
}

const CATEGORY_PREFIX = 'AdvancedHunting-';

/** The advanced hunting table of a record (`category` without `AdvancedHunting-`), or '' when it has none. */
export function recordTable(record: Record<string, unknown>): string {
  const category = record.category;
  if (typeof category !== 'string') return '';
  return category.startsWith(CATEGORY_PREFIX) ? category.slice(CATEGORY_PREFIX.length) : category;
}

/** A filter on tables; empty keeps everything (tables Microsoft adds later pass through). */
export function tableFilter(tables: readonly string[]): (table: string) => boolean {
  if (tables.length === 0) return () => true;
  const keep = new Set(tables.map((t) => t.toLowerCase()));
  return (table) => keep.has(table.toLowerCase());
}

function eventTime(record: Record<string, unknown>, enqueuedMs: number): string {
  const properties = record.properties as Record<string, unknown> | undefined;
  for (const candidate of [properties?.Timestamp, record.time]) {
    if (typeof candidate === 'string' && toTicks(candidate) !== undefined) {
      const t = epochSeconds(candidate);
      if (!t.startsWith('-')) return t;
    }
  }
  return (enqueuedMs / 1000).toFixed(3);
}

// XML 1.0 cannot carry U+FFFE/U+FFFF (splunkd would reject the whole stream). Inside JSON text they can
// only occur in strings, where the \u escape means the same: the one change made to a record's text.
const XML_UNSAFE = /[\uFFFE\uFFFF]/g;

export function streamEvent(record: RawRecord, target: StreamTarget, enqueuedMs: number): SplunkEvent {
  return {
    data: record.text.replace(XML_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16)}`),
    time: eventTime(record.value, enqueuedMs),
    source: target.source,
    sourcetype: SOURCETYPE.eventhub,
    ...(target.index ? { index: target.index } : {}),
    ...(target.stanza ? { stanza: target.stanza } : {}),
  };
}
