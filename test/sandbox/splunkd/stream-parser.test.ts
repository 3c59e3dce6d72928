import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { ModinputStreamParser, scanUtf8, type StreamEvent } from '../../../sandbox/splunkd/stream-parser';
import { sharedPath } from '../../helpers/shared';

function parse(chunks: Array<string | Buffer>, terminatedBySignal = false) {
  const events: StreamEvent[] = [];
  const p = new ModinputStreamParser((e) => events.push(e));
  for (const c of chunks) p.write(typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
  p.end({ terminatedBySignal });
  return { events, errors: p.errors };
}

/** Every byte on its own: the parser must not depend on how the pipe splits the stream. */
const byteByByte = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => Buffer.from([b]));

describe('sandbox/splunkd: ModinputStreamParser', () => {
  it('reads the SDK golden stream vectors', () => {
    const five = parse([readFileSync(sharedPath('splunk', 'modinput-vectors', 'stream_with_five_events.xml'))]);
    expect(five.errors).to.deep.equal([]);
    expect(five.events).to.have.length(5);
    const json = parse([readFileSync(sharedPath('splunk', 'modinput-vectors', 'stream_with_two_json_events.xml'))]);
    expect(json.events.map((e) => e.data)).to.deep.equal(['{"some":"json"}', '{"some":"json object"}']);
    expect(json.events[0]).to.deep.equal({
      unbroken: true,
      done: true,
      stanza: 'fubar',
      time: '1372275124.466',
      source: 'hilda',
      sourcetype: 'misc',
      index: 'main',
      host: 'localhost',
      data: '{"some":"json"}',
    });
  });

  it('decodes entities, CDATA and multi-byte UTF-8 split across chunks', () => {
    const stream = '<?xml version="1.0" encoding="UTF-8"?><stream><event><data>a &amp; b &lt;c&gt; &#233; 😀 漢</data></event><event><data><![CDATA[<raw> & ]]></data></event></stream>';
    const r = parse(byteByByte(stream));
    expect(r.errors).to.deep.equal([]);
    expect(r.events.map((e) => e.data)).to.deep.equal(['a & b <c> é 😀 漢', '<raw> & ']);
  });

  it('takes an empty output as no events and no error', () => {
    expect(parse([])).to.deep.equal({ events: [], errors: [] });
  });

  const broken: Array<[string, string, string, number]> = [
    ['malformed XML', '<stream><event><data>ok</data></event><event><data>x</dat></event></stream>', 'malformed-xml', 1],
    ['an event without <data>', '<stream><event><time>1</time></event></stream>', 'missing-data', 0],
    ['a non-numeric <time>', '<stream><event><time>yesterday</time><data>x</data></event></stream>', 'invalid-time', 0],
    ['an unknown child element', '<stream><event><data>x</data><color>red</color></event></stream>', 'unexpected-content', 0],
    ['an unknown event attribute', '<stream><event index="main"><data>x</data></event></stream>', 'unexpected-content', 0],
    ['another root element', '<events><event><data>x</data></event></events>', 'unexpected-content', 0],
    ['text between events', '<stream><event><data>x</data></event>stray<event><data>y</data></event></stream>', 'unexpected-content', 1],
    ['an element inside <data>', '<stream><event><data>x<b>y</b></data></event></stream>', 'unexpected-content', 0],
    ['a second <data>', '<stream><event><data>x</data><data>y</data></event></stream>', 'unexpected-content', 0],
    ['a DOCTYPE', '<!DOCTYPE stream [<!ENTITY x "y">]><stream></stream>', 'unexpected-content', 0],
    ['a character XML 1.0 forbids', '<stream><event><data>bell\u0007</data></event></stream>', 'malformed-xml', 0],
    ['content after </stream>', '<stream><event><data>x</data></event></stream><event><data>y</data></event>', 'content-after-stream', 1],
    ['plain text instead of XML', 'hello splunk\n', 'malformed-xml', 0],
  ];
  for (const [what, stream, kind, good] of broken) {
    it(`records ${what} as a ${kind} protocol error and indexes only what came before`, () => {
      for (const chunks of [[stream], byteByByte(stream)]) {
        const r = parse(chunks);
        expect(r.errors.map((e) => e.kind), what).to.deep.equal([kind]);
        expect(r.events).to.have.length(good);
      }
    });
  }

  it('keeps the offending bytes: from the end of the last good event to where reading stopped', () => {
    const r = parse(['<stream><event><data>ok</data></event>', '<event><data>bad</dat></event>', '<event><data>later</data></event></stream>']);
    expect(r.events.map((e) => e.data)).to.deep.equal(['ok']);
    expect(r.errors[0]!.bytes.toString('utf8')).to.equal('<event><data>bad</dat></event><event><data>later</data></event></stream>');
    expect(r.errors[0]!.message).to.match(/^stdout is not well-formed XML: /);
  });

  it('refuses bytes that are not UTF-8, keeping them as evidence', () => {
    const r = parse([Buffer.from('<stream><event><data>ok</data></event><event><data>'), Buffer.from([0xff, 0xfe]), Buffer.from('</data></event></stream>')]);
    expect(r.events).to.have.length(1);
    expect(r.errors.map((e) => e.kind)).to.deep.equal(['invalid-utf8']);
    expect(r.errors[0]!.bytes.includes(Buffer.from([0xff, 0xfe]))).to.equal(true);
  });

  it('reports an event cut off at the end, and a missing </stream> unless the input was killed', () => {
    expect(parse(['<stream><event><data>ok</data></event><event><data>cut']).errors.map((e) => e.kind)).to.deep.equal(['incomplete-event']);
    expect(parse(['<stream><event><data>ok</data></event><event><data>cut'], true).errors.map((e) => e.kind)).to.deep.equal(['incomplete-event']);
    expect(parse(['<stream><event><data>ok</data></event>']).errors.map((e) => e.kind)).to.deep.equal(['unclosed-stream']);
    expect(parse(['<stream><event><data>ok</data></event>'], true).errors).to.deep.equal([]);
    expect(parse([Buffer.from([0xe6, 0xbc])]).errors.map((e) => e.kind)).to.deep.equal(['invalid-utf8']);
  });

  it('judges UTF-8 exactly as a fatal TextDecoder does (10,000 random byte strings)', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) & 0xff;
    const interesting = [0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xa0, 0xed, 0x9f, 0xef, 0xf0, 0x90, 0xf4, 0x8f, 0xf5, 0xff];
    for (let n = 0; n < 10_000; n++) {
      const bytes = Buffer.from(Array.from({ length: rnd() % 7 }, () => (rnd() % 2 ? interesting[rnd() % interesting.length]! : rnd())));
      let valid = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        valid = false;
      }
      const scan = scanUtf8(bytes);
      expect(scan.invalidAt === undefined && scan.complete === bytes.length, bytes.toString('hex')).to.equal(valid);
    }
  });
});
