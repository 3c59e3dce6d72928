// The CIM mapping in default/props.conf against real Defender records: every field it reads exists in the
// records, and every CIM field the data models need is produced, with a value, for every sourcetype.
import { expect } from 'chai';
import { SOURCETYPE } from '../../src/config/names';
import { cimModels } from './helpers/cim-models';
import { eventRecords } from './helpers/events';
import { kvJson } from './helpers/kv-json';
import { mappingOf, producedFields, readProps, referencedFields, searchTimeFields, valueOf } from './helpers/props';

const props = readProps();
const records = eventRecords();
const models = cimModels();

// The Common Action Model fields ES reads from Splunk Audit Logs / Modular Actions (splunk-platform.md §4.4).
const MODULAR_ACTION_FIELDS = ['action_name', 'action_mode', 'action_status', 'app', 'user', 'sid', 'rid', 'orig_sid', 'orig_rid', 'search_name', 'signature'];

const MODELS: Record<string, { model: string; fields: string[] }> = {
  [SOURCETYPE.incident]: { model: 'Ticket Management / Incident', fields: models.ticketManagement },
  [SOURCETYPE.incidentAlert]: { model: 'Alerts', fields: models.alerts },
  [SOURCETYPE.alert]: { model: 'Alerts', fields: models.alerts },
  [SOURCETYPE.endpointAlert]: { model: 'Alerts', fields: models.alerts },
  [SOURCETYPE.action]: { model: 'Splunk Audit Logs / Modular Actions', fields: MODULAR_ACTION_FIELDS },
};

// CIM fields Defender's records cannot supply (docs/knowledge-objects.md says why). Listed exactly: the test
// fails if one becomes mapped, so this list and the docs never claim less than props.conf does.
const UNAVAILABLE: Record<string, Record<string, string>> = {
  [SOURCETYPE.incident]: {
    dest: 'incident records carry no device evidence (their alerts are separate events, joined on alertIds{})',
    affect_dest: 'incident records carry no device evidence (their alerts are separate events, joined on alertIds{})',
  },
  [SOURCETYPE.endpointAlert]: {
    vendor_region: 'Defender for Endpoint alert records name no region or portal URL',
  },
};

describe('CIM mapping in default/props.conf, checked against real Defender records', () => {
  it('has fixture events for every sourcetype it maps', () => {
    for (const sourcetype of Object.keys(MODELS)) {
      expect(props[sourcetype], `props.conf [${sourcetype}]`).to.be.an('object');
      expect(records[sourcetype], sourcetype).to.have.length.greaterThan(0);
    }
  });

  for (const [sourcetype, { model, fields }] of Object.entries(MODELS)) {
    describe(`${sourcetype} → ${model}`, () => {
      const mapping = mappingOf(props[sourcetype] ?? {});
      const events = (records[sourcetype] ?? []).map(kvJson);

      it('reads only fields that exist in at least one real record of the sourcetype', () => {
        const missing = referencedFields(mapping).filter((f) => !events.some((e) => e.has(f)));
        expect(missing, `fields used by props.conf [${sourcetype}] but absent from every fixture record`).to.deep.equal([]);
      });

      it(`produces every ${model} field (alias, eval or the record's own field), except the documented unavailable ones`, () => {
        const produced = new Set(producedFields(mapping));
        const native = (f: string) => events.some((e) => e.has(f));
        const unmapped = fields.filter((f) => !produced.has(f) && !native(f));
        expect(unmapped.sort()).to.deep.equal(Object.keys(UNAVAILABLE[sourcetype] ?? {}).sort());
      });

      it(`gives every mapped ${model} field a value on at least one real record`, () => {
        const after = events.map((e) => searchTimeFields(mapping, e));
        const unavailable = UNAVAILABLE[sourcetype] ?? {};
        const empty = fields.filter((f) => !(f in unavailable) && !after.some((e) => valueOf(e, f) !== null && valueOf(e, f) !== 'null'));
        expect(empty, 'CIM fields that stay empty (or "null") on every fixture record').to.deep.equal([]);
      });
    });
  }
});
