// default/props.conf, eventtypes.conf and tags.conf: parsing settings per sourcetype, where _time comes
// from in real events, search-time rules Splunk imposes, and every key valid per Splunk 9.2's specs.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_SOURCETYPE, SOURCETYPE } from '../../src/config/names';
import { jsonForXml } from '../../src/splunk/modinput/event-writer';
import { createLogger, logFilePath } from '../../src/splunk/log';
import { confToObject, parseConf } from '../../src/splunk/conf-file';
import { renderLogMonitor } from '../../scripts/packaging/app-files';
import { isKeyAllowed, parseSpec } from '../package/checks/spec';
import { repoRoot, sharedPath } from '../helpers/shared';
import { eventRecords } from './helpers/events';
import { kvJson } from './helpers/kv-json';
import { fieldsOf } from './helpers/spl-eval';
import { mappingOf, readProps } from './helpers/props';

const props = readProps();
const records = eventRecords();
const conf = (name: string) => confToObject(parseConf(readFileSync(join(repoRoot, 'default', `${name}.conf`), 'utf8')));
const splunkSpec = (name: string) => parseSpec(readFileSync(sharedPath('splunk', 'spec', '9.2', `${name}.conf.spec`), 'utf8'));

const JSON_SOURCETYPES = Object.values(SOURCETYPE);
const TIME_FIELD: Record<string, string> = {
  [SOURCETYPE.incident]: 'lastUpdateDateTime',
  [SOURCETYPE.incidentAlert]: 'lastUpdateDateTime',
  [SOURCETYPE.alert]: 'lastUpdateDateTime',
  [SOURCETYPE.endpointAlert]: 'lastUpdateTime',
  [SOURCETYPE.action]: 'time',
  [SOURCETYPE.hunting]: 'Timestamp',
  'ms:defender:eventhub': 'properties.Timestamp',
};

/** A record's value at a dotted path (`properties.Timestamp`). */
const at = (record: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], record);

/** Splunk's regexes here are PCRE that read the same in JavaScript (no PCRE-only syntax is used). */
const pcre = (pattern: string) => new RegExp(pattern);

/** Where Splunk would look for the timestamp: the text after TIME_PREFIX, cut to MAX_TIMESTAMP_LOOKAHEAD. */
function timestampWindow(stanza: Record<string, string>, raw: string): string | undefined {
  const m = pcre(stanza.TIME_PREFIX ?? '^').exec(raw);
  if (!m) return undefined;
  const from = m.index + m[0].length;
  return raw.slice(from, from + Number(stanza.MAX_TIMESTAMP_LOOKAHEAD ?? 128));
}

// ISO 8601 as Defender writes it: 0 to 7 fractional digits, Z or an offset.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?(?:Z|[+-]\d{2}:\d{2})/;

describe('default/props.conf parsing settings', () => {
  for (const sourcetype of JSON_SOURCETYPES) {
    it(`[${sourcetype}]: one JSON record per line, never truncated, dates years back accepted, listed in the sourcetype picker`, () => {
      const s = props[sourcetype];
      expect(s, `props.conf has no [${sourcetype}]`).to.be.an('object');
      expect(s).to.include({ SHOULD_LINEMERGE: 'false', LINE_BREAKER: '([\\r\\n]+)', KV_MODE: 'json', TRUNCATE: '0', pulldown_type: 'true' });
      expect(Number(s?.MAX_DAYS_AGO)).to.be.at.least(3650).and.at.most(10951);
      expect(s?.description).to.match(/\S{10}/);
      expect(s?.category).to.match(/\S/);
      // No TIME_FORMAT: one strptime format cannot read 0-7 fractional digits (docs/knowledge-objects.md).
      expect(s).not.to.have.property('TIME_FORMAT');
    });

    it(`[${sourcetype}]: TIME_PREFIX lands on the record's own ${TIME_FIELD[sourcetype]} in real events, whole within the lookahead`, () => {
      const stanza = props[sourcetype] ?? {};
      const field = TIME_FIELD[sourcetype] as string;
      for (const record of records[sourcetype] ?? []) {
        const window = timestampWindow(stanza, jsonForXml(record));
        expect(window, `TIME_PREFIX ${stanza.TIME_PREFIX} not found`).to.be.a('string');
        expect(window?.startsWith(String(at(record, field))), `${window} should start with ${String(at(record, field))}`).to.equal(true);
        expect(window).to.match(ISO_8601);
      }
    });
  }

  it('the longest timestamps Defender sends (7 fractional digits) and the shortest (none) fit the lookahead', () => {
    for (const time of ['2021-09-30T09:35:45Z', '2021-09-30T09:35:45.1Z', '2021-09-30T09:35:45.1133333Z', '2021-09-30T09:35:45.1133333+00:00']) {
      for (const sourcetype of [SOURCETYPE.incident, SOURCETYPE.endpointAlert]) {
        const field = TIME_FIELD[sourcetype] as string;
        const record = { ...records[sourcetype]?.[0], [field]: time };
        const window = timestampWindow(props[sourcetype] ?? {}, jsonForXml(record)) ?? '';
        expect(ISO_8601.exec(window)?.[0], `${sourcetype} ${time}`).to.equal(time);
      }
    }
  });

  it('TIME_PREFIX takes the top-level update time even when a nested object carries the same key later', () => {
    const alert = { ...records[SOURCETYPE.alert]?.[0] };
    const nested = { ...alert, evidence: [{ lastUpdateDateTime: '1999-01-01T00:00:00Z' }] };
    expect(timestampWindow(props[SOURCETYPE.alert] ?? {}, jsonForXml(nested))?.startsWith(String(alert.lastUpdateDateTime))).to.equal(true);
  });

  it('the two Graph alert sourcetypes map fields identically (same resource from two inputs)', () => {
    const searchTime = (s: string) => Object.entries(props[s] ?? {}).filter(([k]) => /^(EVAL|FIELDALIAS)-/.test(k));
    expect(searchTime(SOURCETYPE.incidentAlert)).to.deep.equal(searchTime(SOURCETYPE.alert));
    expect(searchTime(SOURCETYPE.alert)).to.have.length.greaterThan(10);
  });

  for (const sourcetype of JSON_SOURCETYPES) {
    it(`[${sourcetype}]: EVALs read raw fields only (Splunk runs them in parallel, after FIELDALIAS)`, () => {
      // An EVAL sees the raw value of a field another EVAL rewrites (severity), never the result; a field
      // that only props.conf creates would read as empty (or as the alias, which hides the intent).
      const mapping = mappingOf(props[sourcetype] ?? {});
      const raw = new Set((records[sourcetype] ?? []).flatMap((r) => [...kvJson(r).keys()]));
      const computed = new Set([...mapping.aliases.map((a) => a.to), ...mapping.evals.map((e) => e.field)]);
      for (const e of mapping.evals) {
        const bad = fieldsOf(e.tree).filter((f) => computed.has(f) && !raw.has(f));
        expect(bad, `EVAL-${e.field} reads fields computed by props.conf`).to.deep.equal([]);
      }
    });
  }
});

describe('the add-on log (ta_defender_sync:log)', () => {
  let home: string;
  beforeEach(() => (home = mkdtempSync(join(tmpdir(), 'ds-knowledge-'))));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('is monitored into _internal with its sourcetype, rotated copies included', () => {
    const monitor = confToObject(parseConf(renderLogMonitor()));
    expect(monitor).to.deep.equal({
      'monitor://$SPLUNK_HOME/var/log/splunk/ta_defender_sync.log*': { sourcetype: LOG_SOURCETYPE, index: '_internal' },
    });
    // Splunk's own monitor of var/log/splunk reads the file too: the source stanza names the same sourcetype.
    expect(props['source::...ta_defender_sync.log*']).to.deep.equal({ sourcetype: LOG_SOURCETYPE });
  });

  it('TIME_FORMAT and the key=value mode read the lines the logger writes', () => {
    const stanza = props[LOG_SOURCETYPE] ?? {};
    const log = createLogger({ component: 'defender_sync_incidents', stderr: { write: () => true }, splunkHome: home, now: () => new Date(Date.UTC(2026, 10, 22, 1, 2, 3, 456)) });
    log.info('run finished: "prod" \\ ok', { action: 'run_complete', input: 'prod', events: 12 });
    const line = readFileSync(logFilePath(home), 'utf8').split('\n')[0] ?? '';

    expect(stanza).to.include({ SHOULD_LINEMERGE: 'false', TIME_PREFIX: '^', TIME_FORMAT: '%Y-%m-%d %H:%M:%S.%3N %z', KV_MODE: 'auto_escaped' });
    // TIME_FORMAT as a pattern: %Y-%m-%d %H:%M:%S.%3N %z.
    const window = line.slice(0, Number(stanza.MAX_TIMESTAMP_LOOKAHEAD));
    expect(window).to.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} [+-]\d{4}/);
    expect(window.startsWith('2026-11-22 01:02:03.456 +0000')).to.equal(true);

    // auto_escaped: key=value pairs, double-quoted values with \" and \\ escapes (props.conf.spec).
    const kv = Object.fromEntries(
      [...line.matchAll(/([A-Za-z0-9_.-]+)=(?:"((?:\\.|[^"\\])*)"|(\S+))/g)].map((m) => [m[1], m[2] !== undefined ? m[2].replace(/\\(["\\])/g, '$1') : m[3]]),
    );
    expect(kv).to.include({ level: 'INFO', component: 'defender_sync_incidents', action: 'run_complete', input: 'prod', events: '12', message: 'run finished: "prod" \\ ok' });
  });
});

describe('eventtypes.conf and tags.conf', () => {
  const eventtypes = conf('eventtypes');
  const tags = conf('tags');

  it('tags alerts (all three alert sourcetypes) alert, incidents ticketing and incident, action outcomes modaction', () => {
    const sourcetypesOf = (search: string) => [...search.matchAll(/sourcetype="([^"]+)"/g)].map((m) => m[1]);
    expect(sourcetypesOf(eventtypes.defender_sync_alert?.search ?? '')).to.have.members([SOURCETYPE.incidentAlert, SOURCETYPE.alert, SOURCETYPE.endpointAlert]);
    expect(sourcetypesOf(eventtypes.defender_sync_incident?.search ?? '')).to.deep.equal([SOURCETYPE.incident]);
    expect(sourcetypesOf(eventtypes.defender_sync_action?.search ?? '')).to.deep.equal([SOURCETYPE.action]);
    expect(tags).to.deep.equal({
      'eventtype=defender_sync_alert': { alert: 'enabled' },
      'eventtype=defender_sync_incident': { ticketing: 'enabled', incident: 'enabled' },
      'eventtype=defender_sync_action': { modaction: 'enabled' },
      'eventtype=defender_sync_stream_process': { process: 'enabled', report: 'enabled' },
      'eventtype=defender_sync_stream_network': { network: 'enabled', communicate: 'enabled' },
      'eventtype=defender_sync_stream_filesystem': { endpoint: 'enabled', filesystem: 'enabled' },
      'eventtype=defender_sync_stream_registry': { endpoint: 'enabled', registry: 'enabled' },
      'eventtype=defender_sync_stream_authentication': { authentication: 'enabled' },
      'eventtype=defender_sync_stream_email': { email: 'enabled' },
      'eventtype=defender_sync_stream_alert': { alert: 'enabled' },
    });
  });

  it('eventtype searches name no index (the searcher scopes the index) and only sourcetypes this add-on writes', () => {
    for (const [name, stanza] of Object.entries(eventtypes)) {
      expect(stanza.search, name).not.to.match(/\bindex\s*=|`/);
      expect(stanza.search, name).not.to.contain('|');
    }
  });

  it('every tag is a CIM tag (tags.conf.cim.spec)', () => {
    const cimTags = parseSpec(readFileSync(sharedPath('splunk', 'spec', 'tags.conf.cim.spec'), 'utf8')).global;
    for (const stanza of Object.values(tags)) for (const tag of Object.keys(stanza)) expect(cimTags, tag).to.include(tag);
  });
});

describe('every key is valid per the Splunk 9.2 specs', () => {
  for (const name of ['props', 'eventtypes', 'tags']) {
    it(`default/${name}.conf`, () => {
      const spec = splunkSpec(name);
      const invalid = Object.entries(conf(name)).flatMap(([stanza, keys]) =>
        Object.keys(keys)
          .filter((k) => !isKeyAllowed(spec, stanza, k))
          .map((k) => `[${stanza}] ${k}`),
      );
      expect(invalid).to.deep.equal([]);
    });
  }

  it('the check itself refuses a misspelt key', () => {
    expect(isKeyAllowed(splunkSpec('props'), SOURCETYPE.alert, 'TIME_PREFIX')).to.equal(true);
    expect(isKeyAllowed(splunkSpec('props'), SOURCETYPE.alert, 'TIMEPREFIX')).to.equal(false);
  });
});
