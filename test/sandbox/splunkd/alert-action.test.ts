import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type Splunkd, startSplunkd } from '../../../sandbox/splunkd/index';
import { mvEncode, type ResultRow, resultsCsv } from '../../../sandbox/splunkd/results-file';
import { parseMaxtime } from '../../../sandbox/splunkd/run-alert-action';
import { sharedPath } from '../../helpers/shared';
import { FAKE_ACTION, pathWithoutNode, writeFakeApp } from './helpers/fake-app';
import { call } from './helpers/rest-call';

const fixturePayload = JSON.parse(readFileSync(sharedPath('fixtures', 'splunk', 'alert-action-payload.json'), 'utf8')) as Record<string, unknown>;
const fixtureRows: ResultRow[] = [
  {
    _time: '1763800100',
    sourcetype: 'ms365:defender:incident',
    id: '2972395',
    displayName: 'Multi-stage incident involving Execution & Credential access on one endpoint',
    severity: 'high',
    alertIds: ['da637578995287051192_756343937', 'da637578995287051192_756343938'],
  },
  {
    _time: '1763800160',
    sourcetype: 'ms365:defender:incident:alerts',
    id: 'da637578995287051192_756343937',
    displayName: 'Suspicious PowerShell "download cradle"',
    severity: 'medium',
  },
];

describe('sandbox/splunkd: results file', () => {
  it('writes the fixture results.csv byte for byte from the same rows', () => {
    expect(resultsCsv(fixtureRows)).to.equal(readFileSync(sharedPath('fixtures', 'splunk', 'results.csv'), 'utf8'));
  });

  it('encodes multi-values as $v1$;$v2$ with $ doubled', () => {
    expect(mvEncode(['a', 'b$c', '$'])).to.equal('$a$;$b$$c$;$$$$');
  });

  it('parses maxtime as alert_actions.conf writes it', () => {
    expect(parseMaxtime(undefined)).to.equal(300_000);
    expect(parseMaxtime('90')).to.equal(90_000);
    expect(parseMaxtime('1s')).to.equal(1000);
    expect(parseMaxtime('5m')).to.equal(300_000);
    expect(parseMaxtime('2h')).to.equal(7_200_000);
    expect(() => parseMaxtime('soon')).to.throw("maxtime 'soon' is not a duration");
  });
});

describe('sandbox/splunkd: runAlertAction', () => {
  let home: string;
  let splunkd: Splunkd;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'ds-alert-'));
    writeFakeApp(join(home, 'etc', 'apps'));
    splunkd = await startSplunkd({ splunkHome: home, serverName: 'sh01', path: pathWithoutNode() });
  });
  after(async () => {
    await splunkd.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('hands the action a payload shaped like the fixture, and the rows as gzipped CSV with __mv_ columns', async () => {
    const r = await splunkd.runAlertAction({
      action: FAKE_ACTION,
      configuration: { comment: 'closed from Splunk', index: 'defender' },
      rows: fixtureRows,
      user: 'analyst',
      searchName: 'Resolve Defender incidents',
    });
    expect(r.exitCode).to.equal(0);
    expect(r.stderr).to.deep.equal([
      { level: 'INFO', text: 'action ran' },
      { level: 'ERROR', text: 'unprefixed line' },
    ]);
    expect(readFileSync(join(home, 'last_action_argv.txt'), 'utf8')).to.equal('--execute\n');

    const payload = JSON.parse(readFileSync(join(home, 'last_payload.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(payload).sort()).to.deep.equal(Object.keys(fixturePayload).sort());
    expect(payload).to.deep.include({ app: 'search', owner: 'analyst', search_name: 'Resolve Defender incidents', server_host: 'sh01', server_uri: splunkd.uri });
    expect(payload.sid).to.match(/^scheduler__analyst__search__RMD5[0-9a-f]{16}_at_\d+_\d+$/);
    expect(payload.search_uri).to.equal('/servicesNS/analyst/search/saved/searches/Resolve%20Defender%20incidents');
    expect(payload.results_file).to.equal(join(home, 'var', 'run', 'splunk', 'dispatch', payload.sid as string, 'results.csv.gz'));
    expect(payload.configuration).to.deep.equal({ mode: 'ok', index: 'defender', comment: 'closed from Splunk' });
    expect(payload.result).to.deep.equal(fixturePayload.result);
    const ctx = await call(splunkd, 'GET', '/services/authentication/current-context', { key: payload.session_key as string });
    expect(ctx.json.entry[0].content.username).to.equal('analyst');

    const rows = parse(gunzipSync(readFileSync(payload.results_file as string)), { columns: true }) as Array<Record<string, string>>;
    expect(rows).to.have.length(2);
    expect(rows[0]!.alertIds).to.equal('da637578995287051192_756343937\nda637578995287051192_756343938');
    expect(rows[0]!.__mv_alertIds).to.equal('$da637578995287051192_756343937$;$da637578995287051192_756343938$');
    expect(rows[1]).to.deep.include({ displayName: 'Suspicious PowerShell "download cradle"', alertIds: '', __mv_alertIds: '' });
  });

  it('reports a failing action’s exit code and logs it like sendmodalert', async () => {
    const r = await splunkd.runAlertAction({ action: FAKE_ACTION, configuration: { mode: 'fail' }, rows: [{ id: '1' }] });
    expect(r.exitCode).to.equal(2);
    expect(r.stderr.at(-1)).to.deep.equal({ level: 'ERROR', text: 'row 2 failed' });
    const last = splunkd.internalLog.at(-1)!;
    expect(last.component).to.equal('sendmodalert');
    expect(last.message).to.match(/^action=fake_action - Alert action script completed in duration=\d+ ms with exit code=2$/);
    expect(r.payload.sid).to.match(/^\d+\.\d+$/); // ad hoc: no saved search
    expect(r.payload.search_name).to.equal('');
  });

  it('kills an action that outlives maxtime from alert_actions.conf', async () => {
    const t0 = Date.now();
    const r = await splunkd.runAlertAction({ action: FAKE_ACTION, configuration: { mode: 'slow' } });
    expect(r.timedOut).to.equal(true);
    expect(r.signal).to.equal('SIGTERM');
    expect(Date.now() - t0).to.be.within(900, 5000);
  });

  it('says which action or app is missing', async () => {
    try {
      await splunkd.runAlertAction({ action: 'nope' });
      expect.fail('should throw');
    } catch (e) {
      expect((e as Error).message).to.equal('no app has alert_actions.conf [nope]');
    }
    try {
      await splunkd.runAlertAction({ action: FAKE_ACTION, app: 'TA_other' });
      expect.fail('should throw');
    } catch (e) {
      expect((e as Error).message).to.equal(`etc/apps/TA_other has no alert_actions.conf [${FAKE_ACTION}]`);
    }
  });
});
