// XML streaming mode output (splunk-platform.md §1.5): `<stream>`, then `<event>`s, then `</stream>`.
//
// Characters: splunkd parses this stream as XML 1.0, and one character XML 1.0 cannot carry (C0
// controls other than TAB/LF/CR, U+FFFE, U+FFFF, unpaired surrogates) would break the whole stream.
// Such characters are therefore replaced by U+FFFD in every field. CR is written as `&#13;` so that
// it survives XML parsing instead of becoming LF. JSON event data should be produced with
// `jsonForXml`, which escapes these characters inside JSON strings instead, so nothing is lost: the
// indexed event is valid JSON that decodes to exactly the original record. See docs/modinput.md.
import { escapeXmlAttribute, escapeXmlText } from '../xml';

export interface SplunkEvent {
  /** The event text (for our inputs: one line of JSON from `jsonForXml`). Required. */
  data: string;
  /** Input stanza the event belongs to (`<scheme>://<name>`); required in single-instance mode. */
  stanza?: string;
  /**
   * Epoch seconds. A number is written with 3 decimals; a string is written as given so callers can
   * keep more precision (e.g. Graph's 7 fractional digits: "1632994545.1133333").
   */
  time?: number | string;
  source?: string;
  sourcetype?: string;
  index?: string;
  host?: string;
  /** Default true: `<data>` is one whole event, not to be line-broken by props.conf. */
  unbroken?: boolean;
  /** Default true: emits `<done/>`, closing the event. */
  done?: boolean;
}

const EPOCH_SECONDS = /^\d+(\.\d+)?$/;

/** One `<event>` element. Pure; throws TypeError for an event Splunk could not index. */
export function renderEvent(e: SplunkEvent): string {
  if (typeof e.data !== 'string') throw new TypeError('Splunk event: data must be a string');
  const attributes =
    (e.stanza !== undefined ? ` stanza="${escapeXmlAttribute(e.stanza)}"` : '') +
    (e.unbroken === false ? '' : ' unbroken="1"');
  return (
    `<event${attributes}>` +
    (e.time !== undefined ? `<time>${formatTime(e.time)}</time>` : '') +
    optional('source', e.source) +
    optional('sourcetype', e.sourcetype) +
    optional('index', e.index) +
    optional('host', e.host) +
    `<data>${escapeXmlText(e.data)}</data>` +
    (e.done === false ? '' : '<done/>') +
    '</event>'
  );
}

function optional(tag: string, value: string | undefined): string {
  return value === undefined ? '' : `<${tag}>${escapeXmlText(value)}</${tag}>`;
}

function formatTime(time: number | string): string {
  if (typeof time === 'number') {
    if (!Number.isFinite(time) || time < 0)
      throw new TypeError(`Splunk event: time ${time} is not a non-negative number of epoch seconds`);
    return time.toFixed(3);
  }
  if (!EPOCH_SECONDS.test(time))
    throw new TypeError(`Splunk event: time '${time}' is not epoch seconds (digits, optional decimals)`);
  return time;
}

/**
 * One-line JSON for `<data>`. JSON.stringify already escapes control characters and unpaired
 * surrogates; this also escapes U+FFFE/U+FFFF (forbidden in XML) and U+2028/U+2029 (line breaks to
 * some readers), so the event decodes to exactly the original record.
 */
export function jsonForXml(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`jsonForXml: a ${typeof value} has no JSON form`);
  return json.replace(/[\u2028\u2029\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/**
 * Writes events to splunkd. `write()` resolves once the chunk has been handed to the OS (its write
 * callback fired), so a checkpoint written after `await write()` never runs ahead of the data, and
 * waits for 'drain' when the stream reports back-pressure. Calls are serialised in call order.
 */
export class EventWriter {
  #eventsWritten = 0;
  #opened = false;
  #closed = false;
  #tail: Promise<void> = Promise.resolve();

  constructor(private readonly out: NodeJS.WritableStream) {}

  get eventsWritten(): number {
    return this.#eventsWritten;
  }

  write(e: SplunkEvent): Promise<void> {
    return this.#writeEvents('write', [e]);
  }

  /**
   * Several events as one chunk (one write callback instead of one per event: the streaming input's
   * throughput). Same guarantees as `write`: resolves once all of them are handed to the OS.
   */
  writeMany(events: readonly SplunkEvent[]): Promise<void> {
    return this.#writeEvents('writeMany', events);
  }

  #writeEvents(method: string, events: readonly SplunkEvent[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error(`EventWriter: ${method}() after close()`));
    if (events.length === 0) return this.#tail;
    let chunk: string;
    try {
      chunk = events.map(renderEvent).join('');
    } catch (err) {
      return Promise.reject(err);
    }
    return this.#enqueue(async () => {
      const header = this.#opened ? '' : '<stream>';
      await this.#send(header + chunk);
      this.#opened = true;
      this.#eventsWritten += events.length;
    });
  }

  /** Ends the stream with `</stream>` if it was opened. Does not end `out`, which the caller owns. */
  close(): Promise<void> {
    if (this.#closed) return this.#tail;
    this.#closed = true;
    return this.#enqueue(async () => {
      if (this.#opened) await this.#send('</stream>');
    });
  }

  // A failed write fails every later one: the stream is broken (e.g. splunkd closed our stdout).
  #enqueue(task: () => Promise<void>): Promise<void> {
    this.#tail = this.#tail.then(task);
    return this.#tail;
  }

  #send(chunk: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let returned = false;
      let accepted = true;
      let written = false;
      let drainSeen = false;
      const settle = (): void => {
        if (returned && written && (accepted || drainSeen)) {
          cleanup();
          resolve();
        }
      };
      const onDrain = (): void => {
        drainSeen = true;
        settle();
      };
      const onError = (err: Error): void => {
        cleanup();
        reject(err);
      };
      const cleanup = (): void => {
        this.out.removeListener('drain', onDrain);
        this.out.removeListener('error', onError);
      };
      this.out.on('error', onError);
      // 'drain' may come before the write callback: listen before writing.
      this.out.on('drain', onDrain);
      accepted = this.out.write(chunk, (err?: Error | null) => {
        if (err) return onError(err);
        written = true;
        settle();
      });
      returned = true;
      settle();
    });
  }
}
