// The splunkd stand-in's ChunkedExternProcessor, driven by a replay command that answers each request with the
// next reply of a hand-written, byte-exact transcript and records what it was sent.
import { expect } from 'chai';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Splunkd, startSplunkd } from '../../../sandbox/splunkd/index';
import { tokenize } from '../../../sandbox/splunkd/run-search-command';
import { CHUNK_1, CHUNK_2, GETINFO_REPLY } from '../../splunk/chunked/transcripts';

// Reads chunked requests from stdin, writes replies[i] for the i-th request, logs requests, exits at EOF.
const REPLAY = `
import { appendFileSync, readFileSync } from 'node:fs';
const dir = new URL('.', import.meta.url).pathname;
const t = JSON.parse(readFileSync(dir + 'transcript.json', 'utf8'));
let buf = Buffer.alloc(0); let n = 0; const seen = [];
process.stdin.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  for (;;) {
    const nl = buf.indexOf(10); if (nl < 0) return;
    const m = /^chunked 1\\.0,(\\d+),(\\d+)$/.exec(buf.subarray(0, nl).toString());
    const end = nl + 1 + Number(m[1]) + Number(m[2]); if (buf.length < end) return;
    seen.push({ meta: JSON.parse(buf.subarray(nl + 1, nl + 1 + Number(m[1])).toString()), body: buf.subarray(nl + 1 + Number(m[1]), end).toString() });
    buf = buf.subarray(end);
    const reply = t.replies[n++];
    if (reply === undefined) { process.exitCode = t.exitCode ?? 0; process.stdin.destroy(); return; }
    process.stdout.write(Buffer.from(reply, 'utf8'));
  }
});
process.stdin.on('end', () => {
  appendFileSync(dir + 'requests.jsonl', JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd(), seen }) + '\\n');
  if (t.stderr) process.stderr.write(t.stderr);
  process.exitCode = t.exitCode ?? 0;
});
`;

describe('sandbox/splunkd: search commands (ChunkedExternProcessor)', function () {
  this.timeout(60_000);
  let splunkd: Splunkd;
  let home: string;
  let bin: string;

  const transcript = (replies: string[], extra: { exitCode?: number; stderr?: string } = {}) => {
    writeFileSync(join(bin, 'transcript.json'), JSON.stringify({ replies, ...extra }));
    rmSync(join(bin, 'requests.jsonl'), { force: true });
  };
  const requests = () =>
    readFileSync(join(bin, 'requests.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { args: string[]; cwd: string; seen: Array<{ meta: Record<string, unknown>; body: string }> });

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'standin-search-'));
    const appDir = join(home, 'replay_app');
    bin = join(appDir, 'bin');
    mkdirSync(join(appDir, 'default'), { recursive: true });
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(appDir, 'default', 'commands.conf'),
      '[replay]\nchunked = true\nfilename = replay.sh\ncommand.arg.1 = --home=$SPLUNK_HOME\n\n[legacy]\nfilename = legacy.py\n',
    );
    writeFileSync(join(bin, 'replay.sh'), `#!/bin/sh\nexec node "$(dirname "$0")/replay.mjs" "$@"\n`);
    chmodSync(join(bin, 'replay.sh'), 0o755);
    writeFileSync(join(bin, 'replay.mjs'), REPLAY);
    splunkd = await startSplunkd({ splunkHome: join(home, 'splunk') });
    await splunkd.installApp(appDir);
    bin = join(splunkd.splunkHome, 'etc', 'apps', 'replay_app', 'bin');
  });
  after(async () => {
    await splunkd?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('probes with getinfo, then runs getinfo + one execute per reply until finished; rows parsed from CSV', async () => {
    transcript([GETINFO_REPLY, CHUNK_1, CHUNK_2]);
    const r = await splunkd.runSearchCommand({ command: 'replay', args: ['hunt', 'query=a | b'], rawArgs: ['hunt', 'query="a | b"'], user: 'analyst', maxResultRows: 2 });
    expect(r.protocolErrors).to.deep.equal([]);
    expect(r.errors).to.deep.equal([]);
    expect(r.rows).to.deep.equal([
      { a: '1', b: 'x' },
      { a: '2', b: 'y,z' },
      { a: '3', b: 'é' },
    ]);
    expect(r.fields).to.deep.equal(['a', 'b']);
    expect(r.chunks.map((c) => [c.rows, c.bytes, c.finished])).to.deep.equal([
      [2, 19, false],
      [1, 11, true],
    ]);
    expect(r.getinfo).to.deep.equal({ type: 'stateful', generating: true });
    expect(r.exitCode).to.equal(0);
    expect(r.probe?.exitCode).to.equal(0);

    const [probe, run] = requests();
    expect(probe!.seen.map((s) => s.meta.action)).to.deep.equal(['getinfo']);
    expect(run!.seen.map((s) => s.meta.action)).to.deep.equal(['getinfo', 'execute', 'execute']);
    expect(run!.seen[1]).to.deep.equal({ meta: { action: 'execute', finished: true }, body: '' });
    expect(run!.args).to.deep.equal([`--home=${splunkd.splunkHome}`]);
    expect(run!.cwd).to.equal(bin);
    const info = run!.seen[0]!.meta.searchinfo as Record<string, unknown>;
    expect(info).to.include({ username: 'analyst', owner: 'analyst', splunkd_uri: splunkd.uri, command: 'replay', maxresultrows: 2, earliest_time: '0', latest_time: '0', sid: r.sid, app: 'search' });
    expect(info.args).to.deep.equal(['hunt', 'query=a | b']);
    expect(info.raw_args).to.deep.equal(['hunt', 'query="a | b"']);
    expect(decodeURIComponent(String(info.search))).to.equal('| replay hunt query="a | b"');
    expect(String(info.session_key)).to.have.length.greaterThan(10);
  });

  it('decodes __mv_ columns into multivalues ($$ is a dollar) and drops them from the fields', async () => {
    transcript([GETINFO_REPLY, 'chunked 1.0,17,38\n{"finished":true}f,__mv_f,g\r\n"x\ny$",$x$;$y$$$,1\r\nz,,2\r\n']);
    const r = await splunkd.runSearchCommand({ command: 'replay', args: [], probe: false });
    expect(r.protocolErrors).to.deep.equal([]);
    expect(r.rows).to.deep.equal([
      { f: ['x', 'y$'], g: '1' },
      { f: 'z', g: '2' },
    ]);
    expect(r.fields).to.deep.equal(['f', 'g']);
  });

  it('a getinfo refusal (ERROR + finished) shows its message and never runs execute', async () => {
    transcript(['chunked 1.0,96,0\n{"type":"stateful","generating":true,"finished":true,"inspector":{"messages":[["ERROR","bad"]]}}']);
    const r = await splunkd.runSearchCommand({ command: 'replay', args: [] });
    expect(r.errors).to.deep.equal(['bad']);
    expect(r.messages).to.deep.equal([{ level: 'ERROR', text: 'bad' }]);
    expect(requests()).to.have.length(1);
  });

  it("an ERROR message in an execute reply is what the error bar shows", async () => {
    transcript([GETINFO_REPLY, 'chunked 1.0,72,0\n{"finished":true,"inspector":{"messages":[["ERROR","no such account"]]}}']);
    const r = await splunkd.runSearchCommand({ command: 'replay', args: [], probe: false });
    expect(r.errors).to.deep.equal(['no such account']);
    expect(r.rows).to.deep.equal([]);
  });

  const broken: Array<[string, string[], RegExp]> = [
    ['body length counted in characters, not bytes', [GETINFO_REPLY, 'chunked 1.0,17,10\n{"finished":true}a,b\r\n3,é\r\n'], /1 bytes of output after the last reply/],
    ['metadata length counted in characters, not bytes', [GETINFO_REPLY, 'chunked 1.0,55,0\n{"finished":true,"inspector":{"messages":[["INFO","é"]]}}'], /reply metadata is not JSON \(the metadata length may not count bytes\)/],
    ['a header with blanks', ['chunked 1.0, 37, 0\n{"type":"stateful","generating":true}'], /malformed reply header/],
    ['text instead of a chunk', ['Traceback (most recent call last):\n'], /malformed reply header "Traceback/],
    ['a generating command that does not say so', ['chunked 1.0,19,0\n{"type":"stateful"}'], /must say generating: true/],
    ['an unknown type', ['chunked 1.0,38,0\n{"type":"generator","generating":true}'], /type "generator" is not one of/],
    ['an execute reply without finished', [GETINFO_REPLY, 'chunked 1.0,2,0\n{}'], /no boolean finished/],
    ['more rows than maxresultrows', [GETINFO_REPLY, 'chunked 1.0,17,12\n{"finished":true}a\r\n1\r\n2\r\n3\r\n'], /3 rows, more than maxresultrows 2/],
    ['a ragged CSV row', [GETINFO_REPLY, 'chunked 1.0,17,11\n{"finished":true}a,b\r\n1,2,3\r\n'], /Invalid Record Length/],
  ];
  for (const [what, replies, message] of broken) {
    it(`stops at a protocol violation: ${what}`, async () => {
      transcript(replies);
      const r = await splunkd.runSearchCommand({ command: 'replay', args: [], probe: false, maxResultRows: 2, replyTimeoutMs: 5000 });
      expect(r.protocolErrors.join('\n')).to.match(message);
      expect(r.errors).to.deep.equal(["Error in 'replay' command: External search command exited unexpectedly."]);
    });
  }

  it('a failed probe is "Getinfo probe failed"', async () => {
    transcript([], { exitCode: 1 });
    const r = await splunkd.runSearchCommand({ command: 'replay', args: [], replyTimeoutMs: 5000 });
    expect(r.errors).to.deep.equal(["Getinfo probe failed for external search command 'replay'."]);
  });

  it('exit code 1 without a message is "returned error code 1"; stderr goes to the log as ChunkedExternProcessor errors', async () => {
    transcript([GETINFO_REPLY, 'chunked 1.0,17,0\n{"finished":true}'], { exitCode: 1, stderr: 'INFO something\n' });
    const r = await splunkd.runSearchCommand({ command: 'replay', args: [], probe: false });
    expect(r.errors).to.deep.equal(["External search command 'replay' returned error code 1."]);
    expect(r.stderr).to.deep.equal([{ level: 'INFO', text: 'something' }]);
    expect(splunkd.internalLog.at(-1)).to.include({ level: 'ERROR', component: 'ChunkedExternProcessor', message: 'stderr: INFO something' });
  });

  it('refuses what splunkd refuses: unknown commands, non-chunked stanzas', async () => {
    const fail = (o: { command: string }) => splunkd.runSearchCommand({ ...o, args: [] }).then(() => 'ran', (e: Error) => e.message);
    expect(await fail({ command: 'nosuch' })).to.equal("Unknown search command 'nosuch'.");
    expect(await fail({ command: 'legacy' })).to.match(/is not chunked = true/);
  });
});

describe('sandbox/splunkd: SPL argument tokens', () => {
  it('splits at blanks outside double quotes; args lose the quotes, raw_args keep them', () => {
    expect(tokenize(`hunt account=prod query="DeviceInfo | where Name == \\"a b\\"" timespan=P1D`)).to.deep.equal({
      args: ['hunt', 'account=prod', 'query=DeviceInfo | where Name == "a b"', 'timespan=P1D'],
      raw: ['hunt', 'account=prod', 'query="DeviceInfo | where Name == \\"a b\\""', 'timespan=P1D'],
    });
    expect(tokenize('  a   b ').args).to.deep.equal(['a', 'b']);
    expect(() => tokenize('query="open')).to.throw(/Unbalanced quotes/);
  });
});
