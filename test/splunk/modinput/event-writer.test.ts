import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { EventWriter, jsonForXml, renderEvent, type SplunkEvent } from '../../../src/splunk/modinput/event-writer';
import { strictTexts } from './strict-xml';
import { vectorTree, xmlTree } from './xml-tree';

const MESSAGE = 'This is a test of the emergency broadcast system.';
const maximal: SplunkEvent = {
  stanza: 'fubar',
  time: 1372275124.466,
  source: 'hilda',
  sourcetype: 'misc',
  index: 'main',
  host: 'localhost',
  data: MESSAGE,
};

/** A Writable that keeps everything written, as one string. */
class Collector extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.text += chunk.toString('utf8');
    cb();
  }
}

async function writeAll(events: SplunkEvent[]): Promise<string> {
  const out = new Collector();
  const writer = new EventWriter(out);
  for (const e of events) await writer.write(e);
  await writer.close();
  return out.text;
}

// Every class of character XML 1.0 cannot carry, one representative per boundary.
const FORBIDDEN: Record<string, string> = {
  'U+0000': '\u0000',
  'U+0001': '\u0001',
  'U+0008': '\u0008',
  'U+000B': '\u000B',
  'U+000C': '\u000C',
  'U+000E': '\u000E',
  'U+001F': '\u001F',
  'U+FFFE': '\uFFFE',
  'U+FFFF': '\uFFFF',
  'lone high surrogate': '\uD83D',
  'lone low surrogate': '\uDE00',
};

describe('renderEvent', () => {
  it('matches event_maximal.xml', () => {
    expect(xmlTree(renderEvent({ ...maximal, time: 1372274622.493 }))).to.deep.equal(vectorTree('event_maximal.xml'));
  });

  it('matches event_minimal.xml (integer time printed with 3 decimals)', () => {
    const xml = renderEvent({ stanza: 'fubar', time: 1372187084, data: MESSAGE });
    expect(xmlTree(xml)).to.deep.equal(vectorTree('event_minimal.xml'));
    expect(xml).to.contain('<time>1372187084.000</time>');
  });

  it('writes children in SDK order time, source, sourcetype, index, host, data, done', () => {
    const order = xmlTree(renderEvent(maximal)).children.map((c) => c.tag);
    expect(order).to.deep.equal(['time', 'source', 'sourcetype', 'index', 'host', 'data', 'done']);
  });

  it('keeps a preformatted time string with 7 fractional digits', () => {
    expect(renderEvent({ data: 'x', time: '1632994545.1133333' })).to.contain('<time>1632994545.1133333</time>');
  });

  it('rejects times that are not epoch seconds', () => {
    expect(() => renderEvent({ data: 'x', time: '2021-09-30T10:15:45Z' })).to.throw(
      TypeError,
      "Splunk event: time '2021-09-30T10:15:45Z' is not epoch seconds (digits, optional decimals)",
    );
    expect(() => renderEvent({ data: 'x', time: Number.NaN })).to.throw(TypeError, 'time NaN');
    expect(() => renderEvent({ data: 'x', time: -1 })).to.throw(TypeError, 'time -1');
  });

  it('requires data to be a string', () => {
    expect(() => renderEvent({ data: undefined as unknown as string })).to.throw(TypeError, 'data must be a string');
  });

  it('omits stanza, unbroken and done when asked', () => {
    expect(renderEvent({ data: 'x', unbroken: false, done: false })).to.equal('<event><data>x</data></event>');
    expect(renderEvent({ data: 'x' })).to.equal('<event unbroken="1"><data>x</data><done/></event>');
  });

  it('escapes & < > in text and " in attributes, and round-trips through a strict parser', () => {
    const data = 'a < b && c > d "q" \'s\' ]]> end';
    const xml = renderEvent({ data, stanza: 'in"put://<a&b>', sourcetype: 'x&y' });
    expect(xml).to.contain('stanza="in&quot;put://&lt;a&amp;b&gt;"');
    expect(xml).to.contain('<data>a &lt; b &amp;&amp; c &gt; d "q" \'s\' ]]&gt; end</data>');
    expect(strictTexts(xml, 'data')).to.deep.equal([data]);
    expect(xmlTree(xml).attributes.stanza).to.equal('in"put://<a&b>');
  });

  it('writes CR as &#13; so that CR and CRLF survive XML parsing; keeps TAB and LF', () => {
    const data = 'line1\r\nline2\rline3\n\tend';
    const xml = renderEvent({ data });
    expect(xml).to.contain('<data>line1&#13;\nline2&#13;line3\n\tend</data>');
    expect(strictTexts(xml, 'data')).to.deep.equal([data]);
  });

  for (const [label, ch] of Object.entries(FORBIDDEN)) {
    it(`replaces ${label} in data and other fields with U+FFFD, keeping the stream well-formed`, () => {
      const xml = renderEvent({ data: `a${ch}b`, source: `s${ch}`, stanza: `st${ch}` });
      expect(xml).to.contain('<data>a\uFFFDb</data>');
      expect(xml).to.contain('<source>s\uFFFD</source>');
      expect(xml).to.contain('stanza="st\uFFFD"');
      expect(strictTexts(xml, 'data')).to.deep.equal(['a\uFFFDb']);
    });
  }

  it('replaces every C0 control except TAB, LF and CR', () => {
    for (let code = 0; code < 0x20; code++) {
      const ch = String.fromCharCode(code);
      const expected = ch === '\t' || ch === '\n' ? ch : ch === '\r' ? '&#13;' : '\uFFFD';
      expect(renderEvent({ data: ch }), `U+${code.toString(16)}`).to.equal(
        `<event unbroken="1"><data>${expected}</data><done/></event>`,
      );
    }
  });

  it('keeps valid surrogate pairs, C1 controls and U+FFFD itself', () => {
    const data = 'emoji 😀 c1 \u0085 \u009F rep \uFFFD';
    expect(strictTexts(renderEvent({ data }), 'data')).to.deep.equal([data]);
  });
});

describe('jsonForXml', () => {
  it('is one line of JSON', () => {
    expect(jsonForXml({ a: 'x\ny', b: [1, 2] })).to.equal('{"a":"x\\ny","b":[1,2]}');
  });

  it('escapes U+FFFE, U+FFFF, U+2028 and U+2029 as JSON escapes', () => {
    expect(jsonForXml('\uFFFE\uFFFF\u2028\u2029')).to.equal('"\\ufffe\\uffff\\u2028\\u2029"');
  });

  it('loses nothing: every forbidden character class survives event writing and strict parsing', () => {
    const record = {
      id: 'r1',
      ...Object.fromEntries(Object.entries(FORBIDDEN).map(([k, ch]) => [k, `<${ch}>`])),
      all: `${Object.values(FORBIDDEN).join('')}\r\n\t\u2028\u2029😀&<>"`,
    };
    const xml = renderEvent({ data: jsonForXml(record) });
    const [data] = strictTexts(xml, 'data');
    expect(data).not.to.contain('\uFFFD');
    expect(JSON.parse(data as string)).to.deep.equal(record);
  });

  it('refuses values that have no JSON form', () => {
    expect(() => jsonForXml(undefined)).to.throw(TypeError, 'jsonForXml: a undefined has no JSON form');
  });
});

describe('EventWriter', () => {
  it('reproduces stream_with_one_event.xml', async () => {
    expect(xmlTree(await writeAll([maximal]))).to.deep.equal(vectorTree('stream_with_one_event.xml'));
  });

  it('reproduces stream_with_two_events.xml', async () => {
    expect(xmlTree(await writeAll([maximal, maximal]))).to.deep.equal(vectorTree('stream_with_two_events.xml'));
  });

  it('reproduces stream_with_five_events.xml', async () => {
    const events = [1, 2, 3, 4, 5].map((n) => ({ ...maximal, data: `${MESSAGE} ${n}` }));
    expect(xmlTree(await writeAll(events))).to.deep.equal(vectorTree('stream_with_five_events.xml'));
  });

  it('reproduces stream_with_two_json_events.xml with jsonForXml data', async () => {
    const events = [{ some: 'json' }, { some: 'json object' }].map((r) => ({ ...maximal, data: jsonForXml(r) }));
    expect(xmlTree(await writeAll(events))).to.deep.equal(vectorTree('stream_with_two_json_events.xml'));
  });

  it('writes <stream> lazily and nothing at all when no event was written', async () => {
    expect(await writeAll([])).to.equal('');
    const out = new Collector();
    const writer = new EventWriter(out);
    expect(out.text).to.equal('');
    await writer.write({ data: 'x' });
    expect(out.text).to.equal('<stream><event unbroken="1"><data>x</data><done/></event>');
    await writer.close();
    await writer.close();
    expect(out.text.endsWith('</event></stream>')).to.equal(true);
    expect(writer.eventsWritten).to.equal(1);
  });

  it('rejects write() after close()', async () => {
    const writer = new EventWriter(new Collector());
    await writer.close();
    let error: unknown;
    await writer.write({ data: 'x' }).catch((err: unknown) => (error = err));
    expect((error as Error).message).to.equal('EventWriter: write() after close()');
  });

  it('keeps call order when writes are not awaited one by one', async () => {
    const out = new Collector();
    const writer = new EventWriter(out);
    await Promise.all([1, 2, 3].map((n) => writer.write({ data: String(n) })));
    await writer.close();
    expect(strictTexts(out.text, 'data')).to.deep.equal(['1', '2', '3']);
    expect(writer.eventsWritten).to.equal(3);
  });

  it('resolves write() only after the chunk was handed on (write callback fired)', async () => {
    const pending: Array<() => void> = [];
    const slow = new Writable({
      highWaterMark: 1,
      write(_chunk, _enc, cb) {
        pending.push(() => cb());
      },
    });
    const writer = new EventWriter(slow);
    let resolved = false;
    const done = writer.write({ data: 'x' }).then(() => (resolved = true));
    await new Promise((r) => setImmediate(r));
    expect(pending).to.have.length(1);
    expect(resolved).to.equal(false);
    expect(writer.eventsWritten).to.equal(0);
    pending.shift()?.();
    await done;
    expect(resolved).to.equal(true);
    expect(writer.eventsWritten).to.equal(1);
  });

  it("waits for 'drain' before the next write when the stream reports back-pressure", async () => {
    const fake = Object.assign(new EventEmitter(), {
      chunks: [] as string[],
      write(chunk: string, cb: (err?: Error | null) => void): boolean {
        this.chunks.push(chunk);
        process.nextTick(cb);
        return false; // buffer full
      },
    });
    const writer = new EventWriter(fake as unknown as NodeJS.WritableStream);
    let firstDone = false;
    const first = writer.write({ data: 'one' }).then(() => (firstDone = true));
    const second = writer.write({ data: 'two' });
    await new Promise((r) => setImmediate(r));
    expect(fake.chunks).to.have.length(1);
    expect(firstDone).to.equal(false);
    fake.emit('drain');
    await first;
    await new Promise((r) => setImmediate(r));
    expect(fake.chunks).to.have.length(2);
    fake.emit('drain');
    await second;
    expect(writer.eventsWritten).to.equal(2);
  });

  it('fails this and every later write when the stream fails (e.g. EPIPE)', async () => {
    const broken = new Writable({
      write(_chunk, _enc, cb) {
        cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    broken.on('error', () => undefined);
    const writer = new EventWriter(broken);
    const errors: string[] = [];
    await writer.write({ data: 'a' }).catch((e: Error) => errors.push(e.message));
    await writer.write({ data: 'b' }).catch((e: Error) => errors.push(e.message));
    expect(errors).to.deep.equal(['write EPIPE', 'write EPIPE']);
    expect(writer.eventsWritten).to.equal(0);
  });
});
