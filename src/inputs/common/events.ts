// A Defender record as a Splunk event: its JSON on one line, exactly as the API returned it, `_time` from
// its update time with every digit, `source` = `<scheme>:<tenant>` (DESIGN §3).
import { jsonForXml, type SplunkEvent } from '../../splunk/modinput/event-writer';
import { epochSeconds } from './timestamp';

export interface EventTarget {
  source: string;
  index?: string;
  /** `<scheme>://<name>` of the input the events belong to. */
  stanza?: string;
}

export function recordEvent(record: unknown, time: string, sourcetype: string, target: EventTarget): SplunkEvent {
  return {
    data: jsonForXml(record),
    time: epochSeconds(time),
    sourcetype,
    source: target.source,
    ...(target.index ? { index: target.index } : {}),
    ...(target.stanza ? { stanza: target.stanza } : {}),
  };
}
