// Rows → Splunk fields, with the expectations written from issue 11 (typed values, _time, JSON, multivalues).
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { resultChunks } from '../../../src/commands/defendersync/chunks';
import { columnKind, epochSeconds, planResults, rowCells } from '../../../src/commands/defendersync/columns';

const SCHEMA = [
  { name: 'Timestamp', type: 'DateTime' },
  { name: 'DeviceName', type: 'String' },
  { name: 'ProcessId', type: 'Int64' },
  { name: 'Score', type: 'Double' },
  { name: 'IsAdmin', type: 'Boolean' },
  { name: 'Tags', type: 'Object' },
  { name: 'Extra', type: 'dynamic' },
  { name: 'ReportId', type: 'guid' },
];

const ROW = {
  Timestamp: '2025-12-01T10:00:00.1234567Z',
  DeviceName: 'ws-01, "lab"',
  ProcessId: 4242,
  Score: 0.5,
  IsAdmin: false,
  Tags: ['a', 'b$', 3],
  Extra: { Path: 'C:\\x', N: [1, 2] },
  ReportId: null,
};

describe('defendersync result fields', () => {
  it('knows Graph and Kusto type names', () => {
    expect(['DateTime', 'datetime'].map(columnKind)).to.deep.equal(['datetime', 'datetime']);
    expect(['Object', 'dynamic'].map(columnKind)).to.deep.equal(['dynamic', 'dynamic']);
    expect(['String', 'long', 'Int32', 'real', 'bool', 'guid'].map(columnKind).every((k) => k === 'other')).to.equal(true);
  });

  it('keeps the schema order; dynamic columns get <name>{} with __mv_; Timestamp becomes _time at the end', () => {
    expect(planResults(SCHEMA).header).to.deep.equal([
      'Timestamp', 'DeviceName', 'ProcessId', 'Score', 'IsAdmin', 'Tags', 'Tags{}', '__mv_Tags{}', 'Extra', 'Extra{}', '__mv_Extra{}', 'ReportId', '_time',
    ]);
    expect(planResults([{ name: 'count_', type: 'long' }]).header).to.deep.equal(['count_']);
  });

  it('types the values: numbers, true/false, ISO datetimes, JSON for dynamic, multivalue for arrays of scalars, empty nulls', () => {
    expect(rowCells(planResults(SCHEMA), ROW)).to.deep.equal([
      '2025-12-01T10:00:00.1234567Z',
      'ws-01, "lab"',
      '4242',
      '0.5',
      'false',
      '["a","b$",3]',
      'a\nb$\n3',
      '$a$;$b$$$;$3$',
      '{"Path":"C:\\\\x","N":[1,2]}',
      '',
      '',
      '',
      '1764583200.1234567',
    ]);
  });

  it('reads dynamic values Graph sends as JSON text, and single-element arrays as one value', () => {
    const plan = planResults([{ name: 'A', type: 'dynamic' }]);
    expect(rowCells(plan, { A: '["x","y"]' })).to.deep.equal(['["x","y"]', 'x\ny', '$x$;$y$']);
    expect(rowCells(plan, { A: ['only'] })).to.deep.equal(['["only"]', 'only', '']);
    expect(rowCells(plan, { A: [{ nested: 1 }] })).to.deep.equal(['[{"nested":1}]', '', '']);
    expect(rowCells(plan, { A: '[not json' })).to.deep.equal(['[not json', '', '']);
    expect(rowCells(plan, { A: [] })).to.deep.equal(['[]', '', '']);
  });

  it('_time: epoch seconds with every fractional digit, offsets honoured, empty when not a time', () => {
    expect(epochSeconds('2025-12-01T10:00:00Z')).to.equal('1764583200');
    expect(epochSeconds('2025-12-01T10:00:00.5000000Z')).to.equal('1764583200.5');
    expect(epochSeconds('2025-12-01T11:00:00.0000001+01:00')).to.equal('1764583200.0000001');
    expect(epochSeconds('yesterday')).to.equal('');
    expect(epochSeconds(null)).to.equal('');
  });

  it('chunks rows (max rows and max size), each chunk a CSV with its header, the last one marked', () => {
    const results = Array.from({ length: 25 }, (_, i) => ({ ...ROW, ProcessId: i }));
    const chunks = [...resultChunks({ schema: SCHEMA, results }, { maxRows: 10, maxBytes: 1 << 20 })];
    expect(chunks.map((c) => c.last)).to.deep.equal([false, false, true]);
    const rows = chunks.flatMap((c) => parse(c.body, { columns: true }) as Array<Record<string, string>>);
    expect(rows.map((r) => r.ProcessId)).to.deep.equal(results.map((r) => String(r.ProcessId)));
    expect(rows[3]).to.include({ DeviceName: 'ws-01, "lab"', 'Tags{}': 'a\nb$\n3', '__mv_Tags{}': '$a$;$b$$$;$3$', _time: '1764583200.1234567' });
    const bySize = [...resultChunks({ schema: SCHEMA, results }, { maxRows: 10, maxBytes: 300 })];
    expect(bySize.length).to.be.greaterThan(3);
    expect(bySize.flatMap((c) => parse(c.body, { columns: true }))).to.have.length(25);
  });

  it('no rows: one empty last chunk', () => {
    expect([...resultChunks({ schema: SCHEMA, results: [] }, { maxRows: 10, maxBytes: 100 })]).to.deep.equal([{ body: '', last: true }]);
  });
});

describe('defendersync _time', () => {
  it('agrees with Date.parse over three centuries of instants, leap days included', () => {
    expect(epochSeconds('1969-12-31T23:59:59.250Z')).to.equal('-0.75');
    for (let ms = 0; ms < Date.UTC(2300, 0, 1); ms += 604_799_123) {
      const text = new Date(ms).toISOString();
      expect(epochSeconds(text), text).to.equal(String(ms / 1000));
    }
    expect(epochSeconds('2024-02-29T23:59:59.9999999Z')).to.equal(String(Date.UTC(2024, 1, 29, 23, 59, 59) / 1000) + '.9999999');
    expect(epochSeconds('2025-13-01T00:00:00Z')).to.equal('');
    expect(epochSeconds('2025-12-01T10:00:00.Z')).to.equal('');
  });
});

describe('defendersync chunks are converted lazily', () => {
  it('the first chunk is ready before the later rows are read at all', () => {
    const read = new Set<number>();
    const results = Array.from({ length: 30 }, (_, i) => ({
      get N() {
        read.add(i);
        return i;
      },
    }));
    const chunks = resultChunks({ schema: [{ name: 'N', type: 'long' }], results }, { maxRows: 10, maxBytes: 1 << 20 });
    const first = chunks.next();
    expect(first.value?.last).to.equal(false);
    expect([...read].sort((a, b) => a - b)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    chunks.next();
    expect(read.size).to.equal(20);
  });
});
