import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, logFilePath, parseLogLevel, timestamp } from '../../src/splunk/log';

function capture() {
  const chunks: string[] = [];
  return { stream: { write: (s: string) => chunks.push(s) }, chunks, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

/** Reads key=value pairs the way Splunk's automatic KV extraction does (bare or double-quoted values). */
function parseKv(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Za-z0-9_.-]+)=(?:"((?:\\.|[^"\\])*)"|(\S+))/g;
  for (const m of line.matchAll(re)) {
    out[m[1]!] = m[2] !== undefined ? m[2].replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1') : m[3]!;
  }
  return out;
}

const fixedNow = () => new Date(Date.UTC(2026, 10, 22, 1, 2, 3, 456));

describe('splunk/log: createLogger', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'ds-log-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  describe('stderr', () => {
    it('starts every line with the level word, then the message and key=value fields', () => {
      const err = capture();
      const log = createLogger({ component: 'defender_sync_incidents', stderr: err.stream });
      log.info('page fetched', { input: 'prod', records: 50, more: true });
      log.warn('throttled', { retry_after_s: 1.5 });
      log.error('request failed', { status: 403 });
      log.fatal('no runtime');
      expect(err.lines()).to.deep.equal([
        'INFO page fetched input=prod records=50 more=true',
        'WARN throttled retry_after_s=1.5',
        'ERROR request failed status=403',
        'FATAL no runtime',
      ]);
    });

    it('quotes values with spaces, quotes, = or backslashes and escapes them', () => {
      const err = capture();
      const log = createLogger({ component: 'c', stderr: err.stream });
      log.info('x', { name: 'Contoso prod', q: 'say "hi"', f: "lastUpdateDateTime ge 2026-01-01", eq: 'a=b', path: 'C:\\x', empty: '' });
      expect(err.lines()[0]).to.equal(
        'INFO x name="Contoso prod" q="say \\"hi\\"" f="lastUpdateDateTime ge 2026-01-01" eq="a=b" path="C:\\\\x" empty=""',
      );
    });

    it('folds multi-line messages and values onto one line, because splunkd reads unprefixed lines as ERROR', () => {
      const err = capture();
      const log = createLogger({ component: 'c', stderr: err.stream });
      log.warn('first line\nsecond line\r\nthird', { detail: 'a\nb' });
      expect(err.chunks).to.have.length(1);
      expect(err.chunks[0]).to.equal('WARN first line\\nsecond line\\nthird detail="a\\nb"\n');
    });

    it('renders objects as one-line JSON and errors with their stack on one line', () => {
      const err = capture();
      const log = createLogger({ component: 'c', stderr: err.stream });
      const e = new Error('boom');
      log.error('failed', { error: e, page: { n: 2, ids: ['a', 'b'] } });
      const line = err.lines()[0]!;
      expect(line).to.match(/^ERROR failed error="Error: boom\\n {4}at /);
      expect(line).to.contain('page="{\\"n\\":2,\\"ids\\":[\\"a\\",\\"b\\"]}"');
      expect(err.lines()).to.have.length(1);
    });

    it('child loggers add their fields before the call fields; call fields win on the same key', () => {
      const err = capture();
      const log = createLogger({ component: 'c', stderr: err.stream, fields: { input: 'prod' } });
      const child = log.child({ account: 'contoso', page: 1 });
      child.info('page', { page: 2 });
      expect(err.lines()).to.deep.equal(['INFO page input=prod account=contoso page=2']);
    });
  });

  describe('levels', () => {
    it('drops DEBUG unless the level is DEBUG, and setLevel applies to the whole family', () => {
      const err = capture();
      const log = createLogger({ component: 'c', stderr: err.stream });
      const child = log.child({ k: 1 });
      child.debug('hidden');
      expect(err.chunks).to.deep.equal([]);
      log.setLevel('debug');
      expect(child.level).to.equal('DEBUG');
      child.debug('shown');
      log.setLevel('ERROR');
      log.warn('hidden too');
      log.error('kept');
      expect(err.lines()).to.deep.equal(['DEBUG shown k=1', 'ERROR kept']);
    });

    it("accepts UCC's WARNING and CRITICAL and refuses anything else with the valid list", () => {
      expect(parseLogLevel('warning')).to.equal('WARN');
      expect(parseLogLevel('CRITICAL')).to.equal('FATAL');
      expect(() => parseLogLevel('verbose')).to.throw("log level 'verbose' is not one of DEBUG, INFO, WARN, ERROR, FATAL");
      expect(() => createLogger({ component: 'c', stderr: capture().stream, level: 'loud' })).to.throw(/not one of/);
    });
  });

  describe('file', () => {
    it('writes timestamped key=value lines to $SPLUNK_HOME/var/log/splunk/ta_defender_sync.log', () => {
      const log = createLogger({ component: 'defender_sync_incidents', stderr: capture().stream, splunkHome: home, now: fixedNow, pid: 123 });
      log.info('page fetched', { input: 'prod', filter: 'a b' });
      log.child({ account: 'x' }).warn('slow "call"');
      log.info('started');
      const path = join(home, 'var', 'log', 'splunk', 'ta_defender_sync.log');
      expect(logFilePath(home)).to.equal(path);
      expect(readFileSync(path, 'utf8')).to.equal(
        '2026-11-22 01:02:03.456 +0000 level=INFO pid=123 component=defender_sync_incidents input=prod filter="a b" message="page fetched"\n' +
          '2026-11-22 01:02:03.456 +0000 level=WARN pid=123 component=defender_sync_incidents account=x message="slow \\"call\\""\n' +
          '2026-11-22 01:02:03.456 +0000 level=INFO pid=123 component=defender_sync_incidents message="started"\n',
      );
    });

    it('lines read back as the same fields with KV extraction, even multi-line and quoted values', () => {
      const log = createLogger({ component: 'c', stderr: capture().stream, splunkHome: home, now: fixedNow, pid: 9 });
      log.error('two\nlines', { q: 'say "hi" \\ bye', level: 'not-the-level', n: 5 });
      const line = readFileSync(logFilePath(home), 'utf8').trimEnd();
      expect(line.split('\n')).to.have.length(1);
      expect(parseKv(line)).to.deep.equal({
        level: 'ERROR',
        pid: '9',
        component: 'c',
        q: 'say "hi" \\ bye',
        level_: 'not-the-level',
        n: '5',
        message: 'two\nlines',
      });
    });

    it('keeps logging to stderr, with one warning, when the log file cannot be written', () => {
      const notADir = join(home, 'file');
      writeFileSync(notADir, 'x');
      const err = capture();
      const log = createLogger({ component: 'c', stderr: err.stream, splunkHome: notADir });
      log.info('one');
      log.info('two');
      const lines = err.lines();
      expect(lines[0]).to.equal('INFO one');
      expect(lines[1]).to.match(/^WARN cannot write the log file .*ta_defender_sync\.log \((ENOTDIR|EEXIST)\); logging to stderr only/);
      expect(lines.slice(2)).to.deep.equal(['INFO two']);
      expect(existsSync(join(notADir, 'var'))).to.equal(false);
    });

    it('formats timestamps in UTC with milliseconds and +0000', () => {
      expect(timestamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)))).to.equal('2026-01-02 03:04:05.006 +0000');
    });
  });
});
