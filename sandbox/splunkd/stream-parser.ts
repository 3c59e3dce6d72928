// Strict, incremental reader of a modular input's stdout in xml streaming mode:
//   <stream> <event stanza="…" unbroken="1"> <time/> <source/> <sourcetype/> <index/> <host/> <data/> <done/> </event> … </stream>
// Bytes must be UTF-8 and well-formed XML (saxes checks XML 1.0 well-formedness, characters included);
// every event must be complete and carry <data>. Anything else becomes a ProtocolError holding the
// offending bytes, and nothing after it is read: the stand-in shows a broken stream, it does not repair it.
// Written for the stand-in only; it deliberately shares nothing with src/splunk/modinput.
import { SaxesParser, type SaxesTagPlain } from 'saxes';

export interface StreamEvent {
  stanza?: string;
  unbroken: boolean;
  done: boolean;
  time?: string;
  source?: string;
  sourcetype?: string;
  index?: string;
  host?: string;
  data: string;
}

export type ProtocolErrorKind =
  | 'invalid-utf8'
  | 'malformed-xml'
  | 'unexpected-content'
  | 'missing-data'
  | 'invalid-time'
  | 'incomplete-event'
  | 'unclosed-stream'
  | 'content-after-stream';

export interface ProtocolError {
  kind: ProtocolErrorKind;
  message: string;
  /** The bytes from the end of the last complete event up to where reading stopped (capped). */
  bytes: Buffer;
}

const FIELDS = new Set(['time', 'source', 'sourcetype', 'index', 'host', 'data', 'done']);
const EVENT_ATTRIBUTES = new Set(['stanza', 'unbroken']);
const MAX_OFFENDING = 64 * 1024;

type State = 'start' | 'stream' | 'event' | 'field' | 'closed';

export class ModinputStreamParser {
  readonly errors: ProtocolError[] = [];
  /** Bytes of a UTF-8 sequence cut by the end of the previous chunk. */
  private carry: Buffer = Buffer.alloc(0);
  private readonly parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  private state: State = 'start';
  private failed = false;
  /** Decoded text from `mark` (a parser position) on: what an error reports as offending. */
  private text = '';
  private mark = 0;
  private event: Partial<StreamEvent> & { seen: Set<string> } = { seen: new Set() };
  private field = '';
  private fieldText = '';

  constructor(private readonly onEvent: (event: StreamEvent) => void) {
    const p = this.parser;
    p.on('opentag', (tag) => this.guard(() => this.open(tag)));
    p.on('closetag', (tag) => this.guard(() => this.close(tag)));
    p.on('text', (t) => this.guard(() => this.chars(t)));
    p.on('cdata', (t) => this.guard(() => this.chars(t, true)));
    p.on('error', (err) =>
      this.guard(() =>
        this.state === 'closed'
          ? this.fail('content-after-stream', `content after </stream>: ${err.message}`)
          : this.fail('malformed-xml', `stdout is not well-formed XML: ${err.message}`),
      ),
    );
    p.on('doctype', () => this.guard(() => this.fail('unexpected-content', 'a DOCTYPE is not allowed in the event stream')));
    p.on('processinginstruction', (pi) => this.guard(() => this.fail('unexpected-content', `processing instruction <?${pi.target}?> is not allowed in the event stream`)));
  }

  /** True once a protocol error was found: later bytes are only kept as evidence. */
  get broken(): boolean {
    return this.failed;
  }

  write(chunk: Buffer): void {
    if (this.failed) {
      this.keepEvidence(chunk);
      return;
    }
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const { complete, invalidAt } = scanUtf8(data);
    // What precedes a bad byte is still read, so the events before it are indexed.
    this.feed(data.subarray(0, invalidAt ?? complete).toString('utf8'));
    if (this.failed) return;
    if (invalidAt !== undefined) {
      this.fail('invalid-utf8', `stdout is not valid UTF-8 (byte 0x${data[invalidAt]!.toString(16).padStart(2, '0')})`, data.subarray(invalidAt));
      return;
    }
    this.carry = Buffer.from(data.subarray(complete));
  }

  /** The process's stdout closed. A signal-terminated input is not blamed for a missing </stream>. */
  end(options: { terminatedBySignal: boolean }): void {
    if (this.failed) return;
    if (this.carry.length > 0) {
      this.fail('invalid-utf8', 'stdout ends in the middle of a UTF-8 sequence', this.carry);
      return;
    }
    if (this.state === 'event' || this.state === 'field') {
      this.fail('incomplete-event', 'stdout ended inside an <event>: the event is incomplete and was not indexed');
    } else if (this.state === 'stream' && !options.terminatedBySignal) {
      this.fail('unclosed-stream', 'stdout ended without </stream>');
    } else if (this.state === 'closed') {
      this.parser.close();
    } else if (this.state === 'start' && this.text.trim() !== '') {
      this.fail('unexpected-content', 'stdout has content but no <stream>');
    }
  }

  private feed(text: string): void {
    if (text === '') return;
    this.text += text;
    this.parser.write(text);
  }

  private guard(fn: () => void): void {
    if (!this.failed) fn();
  }

  private open(tag: SaxesTagPlain): void {
    const attrs = Object.keys(tag.attributes);
    switch (this.state) {
      case 'start':
        if (tag.name !== 'stream' || attrs.length > 0) return this.fail('unexpected-content', `expected <stream>, got <${tag.name}>`);
        this.state = 'stream';
        this.advanceMark();
        return;
      case 'stream': {
        if (tag.name !== 'event') return this.fail('unexpected-content', `<stream> may only contain <event>, got <${tag.name}>`);
        const unknown = attrs.filter((a) => !EVENT_ATTRIBUTES.has(a));
        if (unknown.length > 0) return this.fail('unexpected-content', `<event> has unknown attribute ${unknown.join(', ')}`);
        const unbroken = tag.attributes.unbroken as string | undefined;
        if (unbroken !== undefined && unbroken !== '0' && unbroken !== '1') {
          return this.fail('unexpected-content', `<event unbroken="${unbroken}">: unbroken must be 0 or 1`);
        }
        this.event = { seen: new Set(), unbroken: unbroken === '1', done: false };
        const stanza = tag.attributes.stanza as string | undefined;
        if (stanza !== undefined) this.event.stanza = stanza;
        this.state = 'event';
        return;
      }
      case 'event':
        if (!FIELDS.has(tag.name)) return this.fail('unexpected-content', `<event> may not contain <${tag.name}>`);
        if (this.event.seen.has(tag.name)) return this.fail('unexpected-content', `<event> has <${tag.name}> twice`);
        if (attrs.length > 0) return this.fail('unexpected-content', `<${tag.name}> takes no attributes`);
        this.event.seen.add(tag.name);
        this.field = tag.name;
        this.fieldText = '';
        this.state = 'field';
        return;
      case 'field':
        return this.fail('unexpected-content', `<${this.field}> may not contain elements (got <${tag.name}>)`);
      case 'closed':
        return this.fail('content-after-stream', `<${tag.name}> after </stream>`);
    }
  }

  private close(tag: SaxesTagPlain): void {
    if (this.state === 'field') {
      if (this.field === 'done') {
        if (this.fieldText.trim() !== '') return this.fail('unexpected-content', '<done/> must be empty');
        this.event.done = true;
      } else {
        (this.event as Record<string, unknown>)[this.field] = this.fieldText;
      }
      this.state = 'event';
      return;
    }
    if (this.state === 'event' && tag.name === 'event') {
      const { seen, ...event } = this.event;
      if (!seen.has('data')) return this.fail('missing-data', '<event> without <data>');
      if (event.time !== undefined && !/^\s*\d+(\.\d+)?\s*$/.test(event.time)) {
        return this.fail('invalid-time', `<time>${event.time}</time> is not epoch seconds`);
      }
      this.state = 'stream';
      this.advanceMark();
      this.onEvent(event as StreamEvent);
      return;
    }
    if (this.state === 'stream' && tag.name === 'stream') {
      this.state = 'closed';
      this.advanceMark();
    }
  }

  private chars(text: string, cdata = false): void {
    if (this.state === 'field') {
      this.fieldText += text;
      return;
    }
    if (cdata || text.trim() !== '') {
      const where = this.state === 'closed' ? 'after </stream>' : `inside <${this.state === 'event' ? 'event' : 'stream'}>`;
      this.fail(this.state === 'closed' ? 'content-after-stream' : 'unexpected-content', `text ${where}: ${JSON.stringify(text.trim().slice(0, 80))}`);
    }
  }

  /** Everything before the parser's current position is accounted for. */
  private advanceMark(): void {
    const pos = this.parser.position;
    this.text = this.text.slice(pos - this.mark);
    this.mark = pos;
  }

  private fail(kind: ProtocolErrorKind, message: string, extra?: Buffer): void {
    this.failed = true;
    const seen = Buffer.from(this.text, 'utf8');
    const bytes = extra ? Buffer.concat([seen, extra]) : seen;
    this.errors.push({ kind, message, bytes: bytes.subarray(0, MAX_OFFENDING) });
  }

  private keepEvidence(chunk: Buffer): void {
    const last = this.errors.at(-1);
    if (!last || last.bytes.length >= MAX_OFFENDING) return;
    last.bytes = Buffer.concat([last.bytes, chunk]).subarray(0, MAX_OFFENDING);
  }
}

/**
 * Strict UTF-8 scan (the rules of a fatal TextDecoder): `complete` is where the last whole character
 * ends; `invalidAt` is the first byte that cannot be UTF-8. A sequence cut at the end is neither.
 */
export function scanUtf8(buf: Buffer): { complete: number; invalidAt?: number } {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return { complete: i, invalidAt: i };
    for (let k = 1; k <= need; k++) {
      if (i + k >= buf.length) return { complete: i };
      const c = buf[i + k]!;
      const [min, max] = k === 1 ? [lo, hi] : [0x80, 0xbf];
      if (c < min || c > max) return { complete: i, invalidAt: i };
    }
    i += need + 1;
  }
  return { complete: i };
}
