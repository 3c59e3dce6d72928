// Knowledge objects of ms:defender:eventhub (Streaming API records) against realistic records: the
// generated advanced-hunting rows of the simulator's tenant wrapped as Defender sends them. Parsing puts
// _time on properties.Timestamp; each table's CIM dataset gets every field it needs, with values in the
// dataset's vocabulary; eventtypes select exactly the tables and carry the dataset's constraint tags.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonForXml } from '../../src/splunk/modinput/event-writer';
import { confToObject, parseConf } from '../../src/splunk/conf-file';
import { repoRoot } from '../helpers/shared';
import { cimModels } from './helpers/cim-models';
import { kvJson } from './helpers/kv-json';
import { mappingOf, readProps, referencedFields, searchTimeFields, valueOf } from './helpers/props';
import { STREAM_SOURCETYPE as SOURCETYPE, streamRecords } from './helpers/stream-events';

const conf = (name: string) => confToObject(parseConf(readFileSync(join(repoRoot, 'default', `${name}.conf`), 'utf8')));

// CIM 5.x datasets (Splunk_SA_CIM): constraint tags and the fields this mapping fills. Alerts comes from
// ../shared/splunk/README.md like the other sourcetypes' test.
const DATASETS: Record<string, { tables: string[]; tags: string[]; fields: string[]; values?: Record<string, string[]> }> = {
  'Endpoint.Processes': {
    tables: ['DeviceProcessEvents'], tags: ['process', 'report'],
    fields: ['action', 'dest', 'user', 'user_id', 'process', 'process_name', 'process_id', 'process_path', 'process_hash', 'process_exec', 'process_integrity_level', 'parent_process', 'parent_process_name', 'parent_process_id', 'parent_process_path', 'original_file_name', 'vendor_product'],
    values: { action: ['allowed'], process_integrity_level: ['low', 'medium', 'high', 'system', 'untrusted'] },
  },
  Network_Traffic: {
    tables: ['DeviceNetworkEvents'], tags: ['network', 'communicate'],
    fields: ['action', 'src', 'src_ip', 'src_port', 'dest', 'dest_ip', 'dest_port', 'transport', 'protocol', 'direction', 'dvc', 'user', 'app', 'vendor_product'],
    values: { action: ['allowed', 'blocked'], transport: ['tcp', 'udp'], direction: ['inbound', 'outbound'] },
  },
  'Endpoint.Filesystem': {
    tables: ['DeviceFileEvents'], tags: ['endpoint', 'filesystem'],
    fields: ['action', 'dest', 'file_name', 'file_path', 'file_hash', 'file_size', 'user', 'process_id', 'process_name', 'vendor_product'],
    values: { action: ['created', 'modified', 'deleted'] },
  },
  'Endpoint.Registry': {
    tables: ['DeviceRegistryEvents'], tags: ['endpoint', 'registry'],
    fields: ['action', 'dest', 'registry_path', 'registry_key_name', 'registry_value_name', 'registry_value_data', 'registry_value_type', 'registry_hive', 'user', 'process_id', 'process_name', 'vendor_product'],
    values: { action: ['created', 'modified', 'deleted'], registry_hive: ['HKEY_LOCAL_MACHINE', 'HKEY_CURRENT_USER', 'HKEY_USERS', 'HKEY_CLASSES_ROOT', 'HKEY_CURRENT_CONFIG'] },
  },
  Authentication: {
    tables: ['DeviceLogonEvents', 'IdentityLogonEvents'], tags: ['authentication'],
    fields: ['action', 'app', 'src', 'dest', 'user', 'user_id', 'authentication_method', 'signature', 'reason', 'vendor_product'],
    values: { action: ['success', 'failure', 'unknown'] },
  },
  Email: {
    tables: ['EmailEvents'], tags: ['email'],
    fields: ['action', 'src', 'src_user', 'orig_src', 'recipient', 'subject', 'message_id', 'internal_message_id', 'user', 'vendor_product'],
    values: { action: ['delivered', 'blocked', 'quarantined', 'deleted'] },
  },
  Alerts: {
    tables: ['AlertInfo', 'AlertEvidence'], tags: ['alert'],
    fields: cimModels().alerts,
    values: { severity: ['critical', 'high', 'medium', 'low', 'informational', 'unknown'], type: ['alert'] },
  },
};

// Alerts fields the stream cannot fill: the records carry no portal URL (region) and no detector id.
const UNAVAILABLE: Record<string, string[]> = { Alerts: ['signature_id', 'vendor_region'] };
// AlertInfo has no entity columns: the device and account of an alert are on its AlertEvidence rows.
const NOT_IN_TABLE: Record<string, string[]> = { AlertInfo: ['dest', 'dest_type', 'user', 'user_name'] };

describe('ms:defender:eventhub knowledge objects, checked against Streaming API records', () => {
  const props = readProps();
  const stanza = props[SOURCETYPE] ?? {};
  const mapping = mappingOf(stanza);
  const byTable = streamRecords();
  const eventtypes = conf('eventtypes');
  const tags = conf('tags');

  it('parses one JSON record per line and takes _time from properties.Timestamp with all 7 digits', () => {
    expect(stanza).to.include({ SHOULD_LINEMERGE: 'false', LINE_BREAKER: '([\\r\\n]+)', KV_MODE: 'json', TRUNCATE: '0', pulldown_type: 'true' });
    expect(stanza).not.to.have.property('TIME_FORMAT');
    for (const list of Object.values(byTable)) {
      for (const record of list.slice(0, 20)) {
        const raw = jsonForXml(record);
        const m = new RegExp(stanza.TIME_PREFIX as string).exec(raw)!;
        const window = raw.slice(m.index + m[0].length, m.index + m[0].length + Number(stanza.MAX_TIMESTAMP_LOOKAHEAD));
        const timestamp = (record.properties as Record<string, string>).Timestamp as string;
        expect(window.startsWith(timestamp), `${window} should start with ${timestamp}`).to.equal(true);
        expect(timestamp).to.match(/\.\d{7}Z$/);
        expect(record.time).to.not.equal(timestamp); // the envelope time (when Defender received it) is not the event time
      }
    }
  });

  it('reads only fields that exist in the records', () => {
    const all = Object.values(byTable).flat().map(kvJson);
    const known = new Set(all.flatMap((e) => [...e.keys()]));
    expect(referencedFields(mapping).filter((f) => !known.has(f))).to.deep.equal([]);
  });

  for (const [dataset, spec] of Object.entries(DATASETS)) {
    describe(`${spec.tables.join(' and ')} → ${dataset}`, () => {
      const events = spec.tables.flatMap((t) => (byTable[t] ?? []).map((r) => ({ table: t, fields: searchTimeFields(mapping, kvJson(r)) })));

      it(`gives every ${dataset} field a value on every table that feeds it (except the documented unavailable ones)`, () => {
        const unavailable = UNAVAILABLE[dataset] ?? [];
        const missing = spec.tables.flatMap((t) => spec.fields
          .filter((f) => !unavailable.includes(f) && !(NOT_IN_TABLE[t] ?? []).includes(f))
          .filter((f) => !events.some((e) => e.table === t && ![null, 'null', ''].includes(valueOf(e.fields, f) as string | null)))
          .map((f) => `${t}: ${f}`));
        expect(missing).to.deep.equal([]);
        for (const f of unavailable) expect(events.every((e) => valueOf(e.fields, f) === null), `${f} is documented as unavailable`).to.equal(true);
      });

      it('uses the dataset’s values for the enumerated fields', () => {
        for (const [field, allowed] of Object.entries(spec.values ?? {})) {
          const seen = new Set(events.map((e) => valueOf(e.fields, field)).filter((v) => v !== null).flat());
          expect(seen.size, field).to.be.greaterThan(0);
          expect([...seen].filter((v) => !allowed.includes(v as string)), field).to.deep.equal([]);
        }
      });

      it(`has an eventtype selecting exactly these tables, tagged ${spec.tags.join(' ')}`, () => {
        const matching = Object.entries(eventtypes).filter(([, s]) => (s.search ?? '').includes(`sourcetype="${SOURCETYPE}"`) && spec.tables.every((t) => (s.search ?? '').includes(`category="AdvancedHunting-${t}"`)));
        expect(matching, dataset).to.have.length(1);
        const [name, s] = matching[0] as [string, Record<string, string>];
        expect([...(s.search ?? '').matchAll(/category="AdvancedHunting-(\w+)"/g)].map((m) => m[1]).sort()).to.deep.equal([...spec.tables].sort());
        expect(Object.keys(tags[`eventtype=${name as string}`] ?? {}).sort()).to.deep.equal([...spec.tags].sort());
      });
    });
  }

  it('maps per table: a process event is no network event and the other way round', () => {
    const process = searchTimeFields(mapping, kvJson(byTable.DeviceProcessEvents![0]!));
    const network = searchTimeFields(mapping, kvJson(byTable.DeviceNetworkEvents![0]!));
    expect(valueOf(process, 'dest_port')).to.equal(null);
    expect(valueOf(network, 'parent_process')).to.equal(null);
    expect(valueOf(process, 'table')).to.equal('DeviceProcessEvents');
    const registry = byTable.DeviceRegistryEvents!.map((r) => searchTimeFields(mapping, kvJson(r))).find((e) => valueOf(e, 'registry_value_name') !== null)!;
    expect(valueOf(registry, 'registry_path')).to.equal(`${valueOf(registry, 'registry_key_name') as string}\\${valueOf(registry, 'registry_value_name') as string}`);
    const alert = searchTimeFields(mapping, kvJson(byTable.AlertInfo!.find((r) => (r.properties as Record<string, string>).AttackTechniques !== '[]')!));
    expect(valueOf(alert, 'mitre_technique_id')).to.match(/^T\d{4}(\.\d{3})?(,T\d{4}(\.\d{3})?)*$/);
  });
});
