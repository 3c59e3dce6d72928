import { PassThrough, Writable } from 'node:stream';
import { expect } from 'chai';
import { incidentsInput } from '../../../src/inputs/definitions';
import type { EventWriter } from '../../../src/splunk/modinput/event-writer';
import type { InputConfig, ValidationConfig } from '../../../src/splunk/modinput/input-xml';
import { runModularInput, validateArguments, type RunModularInputOptions } from '../../../src/splunk/modinput/runner';
import { renderScheme } from '../../../src/splunk/modinput/scheme';
import { strictTexts } from './strict-xml';
import { vector, vectorTree, xmlTree } from './xml-tree';

const KEY = 'SESSION-KEY-canary-7f3a';

class Collector extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.text += chunk.toString('utf8');
    cb();
  }
}

const serverInfo = `<server_host>sh1</server_host><server_uri>https://127.0.0.1:8089</server_uri><session_key>${KEY}</session_key><checkpoint_dir>/var/ck</checkpoint_dir>`;

const validationXml = (params: string) => `<items>${serverInfo}<item name="prod">${params}</item></items>\n`;
const inputXml = (params: string) =>
  `<input>${serverInfo}<configuration><stanza name="defender_sync_incidents://prod">${params}</stanza></configuration></input>\n`;

interface Harness {
  stdin: PassThrough;
  stdout: Collector;
  stderr: Collector;
  validated: ValidationConfig[];
  streamed: InputConfig[];
  run: (argv: string[]) => Promise<number>;
}

function harness(overrides: Partial<RunModularInputOptions> = {}): Harness {
  const h = {
    stdin: new PassThrough(),
    stdout: new Collector(),
    stderr: new Collector(),
    validated: [] as ValidationConfig[],
    streamed: [] as InputConfig[],
  };
  const run = (argv: string[]) =>
    runModularInput({
      definition: incidentsInput,
      argv,
      stdin: h.stdin,
      stdout: h.stdout,
      stderr: h.stderr,
      validate: async (cfg) => {
        h.validated.push(cfg);
        return undefined;
      },
      stream: async (cfg) => {
        h.streamed.push(cfg);
        return 0;
      },
      ...overrides,
    });
  return { ...h, run };
}

function expectLevelledLines(stderr: string): void {
  for (const line of stderr.split('\n').filter((l) => l !== ''))
    expect(line).to.match(/^(DEBUG|INFO|WARN|ERROR|FATAL) /);
}

describe('runModularInput --scheme', () => {
  it('prints the scheme and exits 0 without reading stdin', async () => {
    const h = harness();
    expect(await h.run(['--scheme'])).to.equal(0);
    expect(h.stdout.text).to.equal(renderScheme(incidentsInput));
    expect(h.stderr.text).to.equal('');
    expect(h.stdin.destroyed).to.equal(false);
  });
});

describe('runModularInput --validate-arguments', () => {
  it('exits 0 with no output when the arguments and the injected check pass', async () => {
    const h = harness();
    h.stdin.end(validationXml('<param name="account">prod</param><param name="start_date">2026-01-31</param>'));
    expect(await h.run(['--validate-arguments'])).to.equal(0);
    expect(h.stdout.text).to.equal('');
    expect(h.validated).to.have.length(1);
    expect(h.validated[0]?.name).to.equal('prod');
    expect(h.validated[0]?.params.account).to.equal('prod');
  });

  it('answers a missing required parameter with <error><message>, exit 1, without calling validate', async () => {
    const h = harness();
    h.stdin.end(validationXml('<param name="start_date"></param>'));
    expect(await h.run(['--validate-arguments'])).to.equal(1);
    expect(h.stdout.text).to.equal("<error><message>parameter 'account' is required</message></error>\n");
    expect(h.validated).to.have.length(0);
  });

  it("reports each argument's own validation message", async () => {
    const h = harness();
    h.stdin.end(validationXml('<param name="account">a:b</param><param name="start_date">yesterday</param>'));
    expect(await h.run(['--validate-arguments'])).to.equal(1);
    expect(strictTexts(h.stdout.text, 'message')).to.deep.equal([
      "account 'a:b' is not a valid account name: use 1-64 letters, digits, '_' or '-'.; start_date 'yesterday' is not an ISO 8601 UTC time: use e.g. 2026-01-31 or 2026-01-31T08:00:00Z.",
    ]);
  });

  it("answers the injected validate's message, escaped, in the shape of validation_error.xml", async () => {
    const h = harness({ validate: async () => 'Big fat validation error!' });
    h.stdin.end(validationXml('<param name="account">prod</param>'));
    expect(await h.run(['--validate-arguments'])).to.equal(1);
    expect(xmlTree(h.stdout.text)).to.deep.equal(vectorTree('validation_error.xml'));

    const h2 = harness({ validate: async () => "account 'prod': Graph returned 403 <Forbidden> & more" });
    h2.stdin.end(validationXml('<param name="account">prod</param>'));
    expect(await h2.run(['--validate-arguments'])).to.equal(1);
    expect(h2.stdout.text).to.equal(
      "<error><message>account 'prod': Graph returned 403 &lt;Forbidden&gt; &amp; more</message></error>\n",
    );
  });

  it('turns a throwing validate into the reply, with the session key masked', async () => {
    const h = harness({
      validate: async (cfg) => {
        throw new Error(`splunkd refused key ${cfg.sessionKey}`);
      },
    });
    h.stdin.end(validationXml('<param name="account">prod</param>'));
    expect(await h.run(['--validate-arguments'])).to.equal(1);
    expect(h.stdout.text).to.equal('<error><message>splunkd refused key ********</message></error>\n');
  });

  it('answers malformed stdin with the <error> reply and exit 1, no stack trace', async () => {
    const h = harness();
    h.stdin.end('<items><server_uri>x</items>');
    expect(await h.run(['--validate-arguments'])).to.equal(1);
    const [message] = strictTexts(h.stdout.text, 'message');
    expect(message).to.match(/^validation XML: malformed XML at line 1, column \d+: /);
    expect(h.stdout.text).not.to.contain('    at ');
    expect(h.stderr.text).to.equal('');
  });

  it('reads validation.xml from stdin split into small chunks', async () => {
    // Split inside the two-byte 'ä' too: decoding must not depend on chunk boundaries.
    const h = harness({ definition: { ...incidentsInput, args: [] } });
    const bytes = Buffer.from(vector('validation.xml').replace('value1', 'välue1'), 'utf8');
    for (let i = 0; i < bytes.length; i += 7) h.stdin.write(bytes.subarray(i, i + 7));
    h.stdin.end();
    expect(await h.run(['--validate-arguments'])).to.equal(0);
    expect(h.validated[0]?.params.param1).to.equal('välue1');
  });

  it('stops reading once </items> has arrived even if stdin stays open', async () => {
    const h = harness();
    h.stdin.write(validationXml('<param name="account">prod</param>'));
    expect(await h.run(['--validate-arguments'])).to.equal(0);
    expect(h.stdin.destroyed).to.equal(true);
  });
});

describe('runModularInput run mode', () => {
  it('parses stdin, hands a writer to stream(), closes the stream and returns its code', async () => {
    const h = harness({
      stream: async (cfg: InputConfig, writer: EventWriter) => {
        for (const n of [1, 2]) await writer.write({ stanza: cfg.stanzas[0]?.name, data: `e${n}` });
        return 0;
      },
    });
    h.stdin.end(inputXml('<param name="account">prod</param><param name="interval">300</param>'));
    expect(await h.run([])).to.equal(0);
    expect(strictTexts(h.stdout.text, 'data')).to.deep.equal(['e1', 'e2']);
    expect(h.stdout.text.startsWith('<stream>')).to.equal(true);
    expect(h.stdout.text.endsWith('</stream>')).to.equal(true);
    expect(xmlTree(h.stdout.text).children[0]?.attributes.stanza).to.equal('defender_sync_incidents://prod');
  });

  it('passes the configuration parsed from stdin to stream()', async () => {
    const h = harness();
    h.stdin.end(inputXml('<param name="account">prod</param><param_list name="m"><value>1</value><value>2</value></param_list>'));
    expect(await h.run([])).to.equal(0);
    expect(h.streamed[0]).to.deep.equal({
      serverHost: 'sh1',
      serverUri: 'https://127.0.0.1:8089',
      sessionKey: KEY,
      checkpointDir: '/var/ck',
      stanzas: [{ name: 'defender_sync_incidents://prod', params: { account: 'prod', m: ['1', '2'] } }],
    });
    expect(h.stdout.text).to.equal('');
  });

  it("returns stream()'s exit code", async () => {
    const h = harness({ stream: async () => 3 });
    h.stdin.end(inputXml(''));
    expect(await h.run([])).to.equal(3);
  });

  it('answers malformed stdin with one ERROR line on stderr and exit 1', async () => {
    const h = harness();
    h.stdin.end(`<input>${serverInfo}<configuration><stanza name="x"><editor/></stanza></configuration></input>`);
    expect(await h.run([])).to.equal(1);
    expect(h.stderr.text).to.equal(
      "ERROR defender_sync_incidents: input configuration XML: stanza 'x' has an unexpected <editor> element; expected <param> or <param_list>\n",
    );
    expect(h.stdout.text).to.equal('');
    expect(h.streamed).to.have.length(0);
  });

  it('reports a document cut off at EOF as malformed', async () => {
    const h = harness();
    h.stdin.end(`<input>${serverInfo}<configuration>`);
    expect(await h.run([])).to.equal(1);
    expect(h.stderr.text).to.match(/^ERROR defender_sync_incidents: input configuration XML: malformed XML/);
    expect(h.stderr.text).not.to.contain(KEY);
  });

  it('turns a throwing stream() into one FATAL line, exit 1, and still closes an opened stream', async () => {
    const h = harness({
      stream: async (cfg, writer) => {
        await writer.write({ data: 'partial' });
        throw new Error(`boom with ${cfg.sessionKey}\n    at somewhere (file.ts:1:1)`);
      },
    });
    h.stdin.end(inputXml(''));
    expect(await h.run([])).to.equal(1);
    expect(h.stderr.text).to.equal('FATAL defender_sync_incidents: boom with ******** at somewhere (file.ts:1:1)\n');
    expect(h.stdout.text.endsWith('</stream>')).to.equal(true);
    expectLevelledLines(h.stderr.text);
  });

  it('stops reading once </input> has arrived even if stdin stays open', async () => {
    const h = harness();
    h.stdin.write(inputXml('<param name="account">prod</param>'));
    expect(await h.run([])).to.equal(0);
    expect(h.streamed).to.have.length(1);
  });

  it('reads until EOF when the text does not end with </input> (here: a trailing comment)', async () => {
    const h = harness();
    const xml = `${inputXml('')}<!-- trailing -->`;
    h.stdin.write(xml.slice(0, 20));
    setImmediate(() => h.stdin.end(xml.slice(20)));
    expect(await h.run([])).to.equal(0);
    expect(h.streamed).to.have.length(1);
  });
});

describe('runModularInput: stdin during the run (DESIGN §4: a stream input stops when stdin closes)', () => {
  /** A run whose stream() waits for stdinClosed or for `done`, on a clock the test moves. */
  function waitingHarness() {
    let clock = 1_000_000;
    let done: () => void = () => undefined;
    const seen: { aborted?: boolean; signal?: AbortSignal } = {};
    const h = harness({
      now: () => clock,
      stream: (_cfg, _writer, stdinClosed) =>
        new Promise<number>((resolve) => {
          seen.signal = stdinClosed;
          stdinClosed.addEventListener('abort', () => ((seen.aborted = true), resolve(0)));
          done = () => resolve(5);
        }),
    });
    return { h, seen, advance: (ms: number) => (clock += ms), finish: () => done() };
  }
  const started = (seen: { signal?: AbortSignal }) => new Promise<void>((r) => { const poll = () => (seen.signal ? r() : setImmediate(poll)); poll(); });

  it('treats EOF together with the document as splunkd handing it over: the run goes on', async () => {
    const { h, seen, finish } = waitingHarness();
    h.stdin.end(inputXml('<param name="account">prod</param>'));
    const code = h.run([]);
    await started(seen);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.aborted).to.equal(undefined);
    finish();
    expect(await code).to.equal(5);
    expect(h.stdin.destroyed).to.equal(true);
  });

  it('treats EOF within the hand-off time (500 ms) as the hand-off', async () => {
    const { h, seen, advance, finish } = waitingHarness();
    h.stdin.write(inputXml('<param name="account">prod</param>'));
    const code = h.run([]);
    await started(seen);
    advance(499);
    h.stdin.end();
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.aborted).to.equal(undefined);
    finish();
    expect(await code).to.equal(5);
  });

  it('aborts stdinClosed when the parent closes stdin later, and discards what it wrote after the document', async () => {
    const { h, seen, advance } = waitingHarness();
    h.stdin.write(inputXml('<param name="account">prod</param>'));
    const code = h.run([]);
    await started(seen);
    h.stdin.write('<noise/>');
    advance(500);
    h.stdin.end();
    expect(await code).to.equal(0);
    expect(seen.aborted).to.equal(true);
    expect(h.streamed).to.have.length(0);
    expect(h.stdout.text).to.equal('');
  });

  it('lets go of a stdin that stays open once stream() returns (the process can exit)', async () => {
    const { h, seen, finish } = waitingHarness();
    h.stdin.write(inputXml('<param name="account">prod</param>'));
    const code = h.run([]);
    await started(seen);
    expect(h.stdin.destroyed).to.equal(false);
    finish();
    expect(await code).to.equal(5);
    expect(h.stdin.destroyed).to.equal(true);
    expect(seen.aborted).to.equal(undefined);
  });
});

describe('runModularInput usage errors', () => {
  for (const argv of [['--bogus'], ['--scheme', 'extra'], ['--execute']]) {
    it(`rejects ${JSON.stringify(argv)} with an ERROR usage line and exit 2`, async () => {
      const h = harness();
      expect(await h.run(argv)).to.equal(2);
      expect(h.stderr.text).to.equal(
        `ERROR defender_sync_incidents: unexpected arguments ${JSON.stringify(argv)}; usage: defender_sync_incidents [--scheme | --validate-arguments] (no arguments: read the input configuration XML on stdin and stream events)\n`,
      );
      expect(h.stdout.text).to.equal('');
    });
  }

  it('returns 1 with a FATAL line when stdout is broken while printing the scheme', async () => {
    const stdout = new Writable({
      write(_c, _e, cb) {
        cb(new Error('write EPIPE'));
      },
    });
    stdout.on('error', () => undefined);
    const h = harness({ stdout });
    expect(await h.run(['--scheme'])).to.equal(1);
    expect(h.stderr.text).to.equal('FATAL defender_sync_incidents: write EPIPE\n');
  });
});

describe('session key masking', () => {
  it('does not mask keys too short to be real session keys (it would garble every message)', async () => {
    const h = harness({ validate: async () => 'region k is unknown' });
    h.stdin.end(validationXml('<param name="account">prod</param>').replace(KEY, 'k'));
    expect(await h.run(['--validate-arguments'])).to.equal(1);
    expect(h.stdout.text).to.equal('<error><message>region k is unknown</message></error>\n');
  });
});

describe('validateArguments', () => {
  it('checks required arguments and every value of a param_list', () => {
    const args = incidentsInput.args;
    expect(validateArguments(args, { account: '  ' })).to.equal("parameter 'account' is required");
    expect(validateArguments(args, { account: ['ok', 'b@d'] })).to.equal(
      "account 'b@d' is not a valid account name: use 1-64 letters, digits, '_' or '-'.",
    );
    expect(validateArguments(args, { account: 'ok', start_date: '' })).to.equal(undefined);
  });
});
