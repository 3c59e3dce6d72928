import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Splunkd, startSplunkd } from '../../../sandbox/splunkd/index';
import { FAKE_APP, FAKE_SCHEME, pathWithoutNode, writeFakeApp } from './helpers/fake-app';
import { call } from './helpers/rest-call';

describe('sandbox/splunkd: modular inputs run as splunkd runs them', () => {
  let home: string;
  let path: string;
  let splunkd: Splunkd;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'ds-run-'));
    path = pathWithoutNode();
    writeFakeApp(join(home, 'etc', 'apps'));
    process.env.DS_TEST_LEAK = 'must-not-reach-children';
    splunkd = await startSplunkd({ splunkHome: home, path, serverName: 'sh01' });
  });
  after(async () => {
    delete process.env.DS_TEST_LEAK;
    await splunkd.stop();
    rmSync(home, { recursive: true, force: true });
    rmSync(path, { recursive: true, force: true });
  });
  beforeEach(() => splunkd.events.clear());

  const read = (name: string) => readFileSync(join(home, name), 'utf8');

  describe('scheme registration', () => {
    it('registers a scheme whose --scheme output is valid, with its arguments', () => {
      expect([...splunkd.schemes.keys()]).to.deep.equal([FAKE_SCHEME]);
      const reg = splunkd.schemes.get(FAKE_SCHEME)!;
      expect(reg.app).to.equal(FAKE_APP);
      expect(reg.executable).to.equal(join(home, 'etc', 'apps', FAKE_APP, 'bin', `${FAKE_SCHEME}.sh`));
      expect(reg.info).to.deep.include({ title: 'Fake input', description: 'For tests & demos', useExternalValidation: true, useSingleInstance: false, streamingMode: 'xml' });
      expect(reg.info.args.map((a) => [a.name, a.requiredOnCreate])).to.deep.equal([
        ['mode', true],
        ['account', false],
      ]);
    });

    it('leaves out a scheme whose script fails or is missing, and says so as splunkd.log would', () => {
      const messages = splunkd.internalLog.filter((l) => l.component === 'ModularInputs').map((l) => `${l.level} ${l.message}`);
      expect(messages).to.include(
        'ERROR Unable to initialize modular input "broken_scheme" defined in the app "TA_fake": Introspecting scheme=broken_scheme: script running failed (exited with code 2).',
      );
      expect(messages).to.include('ERROR Introspecting scheme=broken_scheme: cannot start');
      expect(messages.some((m) => m.includes('"missing_exe"'))).to.equal(true);
    });

    it('runs --scheme on request', async () => {
      const r = await splunkd.runScheme(FAKE_SCHEME);
      expect(r.exitCode).to.equal(0);
      expect(r.stdout).to.match(/^<scheme>/);
      expect(r.scheme?.title).to.equal('Fake input');
    });
  });

  describe('runInput', () => {
    it('passes the run-mode XML on stdin, argv [], and only splunkd’s environment (PATH from options)', async () => {
      const r = await splunkd.runInput({ scheme: FAKE_SCHEME, stanza: 'good' }).result;
      expect(r.exitCode).to.equal(0);
      const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (n) => n === 'param' }).parse(read('last_input.xml'));
      expect(xml.input.server_host).to.equal('sh01');
      expect(xml.input.server_uri).to.equal(splunkd.uri);
      expect(xml.input.checkpoint_dir).to.equal(join(home, 'var', 'lib', 'splunk', 'modinputs', FAKE_SCHEME));
      expect(existsSync(xml.input.checkpoint_dir)).to.equal(true);
      const stanza = xml.input.configuration.stanza;
      expect(stanza['@name']).to.equal('fake_input://good');
      expect(stanza['@app']).to.equal(FAKE_APP);
      const params = Object.fromEntries(stanza.param.map((p: Record<string, string>) => [p['@name'], p['#text'] ?? '']));
      expect(params).to.deep.equal({ interval: '300', index: 'main', mode: 'good', disabled: '0', host: 'sh01' });
      // The session key is a live one for splunk-system-user.
      const ctx = await call(splunkd, 'GET', '/services/authentication/current-context', { key: xml.input.session_key });
      expect(ctx.json.entry[0].content.username).to.equal('splunk-system-user');

      expect(read('last_argv.txt')).to.equal('\n');
      expect(read('last_cwd.txt').trim()).to.equal(home);
      const env = Object.fromEntries(read('last_env.txt').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      expect(env).to.include({ SPLUNK_HOME: home, SPLUNK_SERVER_NAME: 'sh01', LD_LIBRARY_PATH: join(home, 'lib'), PATH: path });
      expect(env).not.to.have.property('DS_TEST_LEAK');
      expect(env).not.to.have.property('NODE_OPTIONS');
    });

    it('indexes the events with the stanza defaults, per-event overrides, and stderr by level', async () => {
      const r = await splunkd.runInput({ scheme: FAKE_SCHEME, stanza: 'fake_input://good' }).result;
      expect(r.protocolErrors).to.deep.equal([]);
      expect(r.events).to.have.length(2);
      expect(r.events[0]).to.deep.equal({ _time: 1763800100.123, index: 'main', sourcetype: FAKE_SCHEME, source: 'fake_input://good', host: 'sh01', _raw: '{"a":1}' });
      expect(r.events[1]).to.deep.include({ index: 'summary', sourcetype: 'st2', source: 'src2', host: 'h2', _raw: 'x & y <z> é' });
      expect(r.stderr).to.deep.equal([{ level: 'INFO', text: 'action=run_complete events=2' }]);
      expect(splunkd.events.count({ index: 'main', source: 'fake_input://good' })).to.equal(1);
      expect(splunkd.events.count({ index: 'summary' })).to.equal(1);
    });

    it('joins unbroken fragments until <done/>', async () => {
      const r = await splunkd.runInput({ scheme: FAKE_SCHEME, stanza: 'fragments' }).result;
      expect(r.events.map((e) => e._raw)).to.deep.equal(['part one, part <two>']);
    });

    const protocol: Array<[string, string, number, string]> = [
      ['broken', 'malformed-xml', 1, '<event><data>unterminated</dat></event>'],
      ['nodata', 'missing-data', 0, '<event><time>1</time></event>'],
      ['badutf8', 'invalid-utf8', 1, '<event><data>'],
      ['unclosed', 'unclosed-stream', 1, ''],
    ];
    for (const [mode, kind, indexed, evidence] of protocol) {
      it(`records a ${kind} protocol error with the offending bytes (${mode})`, async () => {
        const r = await splunkd.runInput({ scheme: FAKE_SCHEME, stanza: mode }).result;
        expect(r.protocolErrors.map((e) => e.kind)).to.deep.equal([kind]);
        expect(r.protocolErrors[0]!.bytes.toString('latin1')).to.contain(evidence);
        expect(r.events).to.have.length(indexed);
        expect(splunkd.internalLog.at(-1)!.component).to.equal('ExecProcessor');
      });
    }

    it('drops events for an index that does not exist, as splunkd does', async () => {
      const r = await splunkd.runInput({ scheme: FAKE_SCHEME, stanza: 'noindex' }).result;
      expect(r.events).to.deep.equal([]);
      expect(r.dropped).to.have.length(1);
      expect(r.dropped[0]!.reason).to.match(/^Received event for unconfigured\/disabled\/deleted index=nosuchindex with source="source::fake_input:\/\/noindex"/);
    });

    it('files stderr lines under their level word, unprefixed ones as ERROR, and reports the exit code', async () => {
      const before = splunkd.internalLog.length;
      const r = await splunkd.runInput({ scheme: FAKE_SCHEME, stanza: 'stderr' }).result;
      expect(r.exitCode).to.equal(3);
      expect(r.stderr).to.deep.equal([
        { level: 'ERROR', text: 'no level here' },
        { level: 'WARN', text: 'careful now' },
        { level: 'DEBUG', text: 'detail' },
        { level: 'ERROR', text: 'bad' },
        { level: 'FATAL', text: 'last without newline' },
      ]);
      const logged = splunkd.internalLog.slice(before).filter((l) => l.component === 'ExecProcessor');
      expect(logged.map((l) => l.level)).to.deep.equal(['ERROR', 'WARN', 'ERROR', 'FATAL']); // DEBUG is below splunkd's default
      expect(logged[0]!.message).to.equal(`message from "${join(home, 'etc', 'apps', FAKE_APP, 'bin', 'fake_input.sh')}" no level here`);
    });

    it('kills a run with SIGKILL at any moment, keeping what was indexed before', async () => {
      const run = splunkd.runInput({ scheme: FAKE_SCHEME, stanza: 'slow' });
      await run.waitForEvents(1);
      const t0 = Date.now();
      run.kill('SIGKILL');
      const r = await run.result;
      expect(Date.now() - t0).to.be.lessThan(5000);
      expect(r.signal).to.equal('SIGKILL');
      expect(r.exitCode).to.equal(null);
      expect(r.events.map((e) => e._raw)).to.deep.equal(['first']);
      expect(r.protocolErrors).to.deep.equal([]); // a killed input is not blamed for the missing </stream>
    });

    it('stops a run that outlives its timeout', async () => {
      const r = await splunkd.runInput({ scheme: FAKE_SCHEME, stanza: 'slow', timeoutMs: 300 }).result;
      expect(r.timedOut).to.equal(true);
      expect(r.signal).to.equal('SIGTERM');
      expect(r.events).to.have.length(1);
    });

    it('refuses a disabled input, a missing stanza and an unregistered scheme with clear errors', () => {
      expect(() => splunkd.runInput({ scheme: FAKE_SCHEME, stanza: 'off' })).to.throw('[fake_input://off] is disabled: splunkd would not run it');
      expect(() => splunkd.runInput({ scheme: FAKE_SCHEME, stanza: 'nope' })).to.throw('no [fake_input://nope] in etc/apps/TA_fake/{default,local}/inputs.conf');
      expect(() => splunkd.runInput({ scheme: 'broken_scheme', stanza: 'x' })).to.throw("scheme 'broken_scheme' is not registered");
    });
  });
});
