import { expect } from 'chai';
import { BodyError, splitRecords } from '../../src/stream/records';
import { recordTable, streamEvent, tableFilter } from '../../src/stream/events';

// Shaped like the Elastic m365_defender sample and Microsoft's documented body (streaming.md §1.1).
const DEVICE = '{"time":"2026-03-01T10:00:05.1234567Z","tenantId":"t1","operationName":"Publish","category":"AdvancedHunting-DeviceProcessEvents","properties":{"Timestamp":"2026-03-01T10:00:01.7654321Z","DeviceName":"pc-1","ProcessCommandLine":"cmd.exe /c \\"echo ]}\\"","AdditionalFields":"{\\"a\\":1}","InitiatingProcessId":1.0e3,"Unicode":"\\u00e9\u00e9"}}';
const EMAIL = '{"category":"AdvancedHunting-EmailEvents","properties":{"Timestamp":"2026-03-01T10:00:02Z","Subject":"hi, [there]"}}';

describe('stream records: one message body → the records exactly as sent', () => {
  it('splits {"records":[…]} keeping each record\'s text byte for byte (key order, number spelling, escapes)', () => {
    const body = Buffer.from(`{ "records" : [ ${DEVICE} ,\n ${EMAIL} ] }`);
    const records = splitRecords(body);
    expect(records.map((r) => r.text)).to.deep.equal([DEVICE, EMAIL]);
    expect(records[0]!.value.category).to.equal('AdvancedHunting-DeviceProcessEvents');
  });

  it('finds records after other envelope members, and in a bare array of bodies or of records', () => {
    expect(splitRecords(`{"x":{"records":[1]},"records":[${EMAIL}]}`).map((r) => r.text)).to.deep.equal([EMAIL]);
    expect(splitRecords(`[{"records":[${DEVICE}]},{"records":[${EMAIL}]}]`).map((r) => r.text)).to.deep.equal([DEVICE, EMAIL]);
    expect(splitRecords(`[${EMAIL},${DEVICE}]`).map((r) => r.text)).to.deep.equal([EMAIL, DEVICE]);
    expect(splitRecords('{"records":[]}')).to.deep.equal([]);
  });

  it('unwraps a record sent as a JSON string once', () => {
    const records = splitRecords(JSON.stringify({ records: [EMAIL] }));
    expect(records.map((r) => r.text)).to.deep.equal([EMAIL]);
  });

  it('refuses bodies that are not JSON or have no records, saying which', () => {
    const cases: Array<[string, RegExp]> = [
      ['not json', /not JSON/],
      ['', /empty/],
      ['{"value":[]}', /without a "records" array/],
      ['{"records":[{"a":1}', /not valid JSON|unterminated/],
      [`{"records":[${EMAIL}]} trailing`, /text after/],
      ['{"records":[{"a":1},]}', /not valid JSON|unexpected/],
      ['{"records":[42]}', /not a JSON object/],
    ];
    for (const [body, message] of cases) expect(() => splitRecords(body), body).to.throw(BodyError, message);
  });
});

describe('stream events: one record → one ms:defender:eventhub event', () => {
  const target = { source: 'defender_sync_stream:contoso.servicebus.windows.net/defender', index: 'defender' };

  it('keeps the record text as data, _time from properties.Timestamp with every digit, the contract source', () => {
    const [record] = splitRecords(`{"records":[${DEVICE}]}`);
    expect(streamEvent(record!, target, 0)).to.deep.equal({
      data: DEVICE,
      time: '1772359201.7654321',
      source: 'defender_sync_stream:contoso.servicebus.windows.net/defender',
      sourcetype: 'ms:defender:eventhub',
      index: 'defender',
    });
  });

  it('falls back to the envelope time, then to the enqueued time', () => {
    const [noTs] = splitRecords('{"records":[{"time":"2026-03-01T10:00:05.5Z","properties":{}}]}');
    expect(streamEvent(noTs!, target, 0).time).to.equal('1772359205.5');
    const [none] = splitRecords('{"records":[{"properties":{"Timestamp":"yesterday"}}]}');
    expect(streamEvent(none!, target, 1772359209123).time).to.equal('1772359209.123');
  });

  it('escapes only the characters XML cannot carry, inside strings, so the data still decodes to the record', () => {
    const text = '{"category":"AdvancedHunting-X","properties":{"s":"a\u2028b\uffff\ufffe"}}';
    const [record] = splitRecords(`[${text}]`);
    const event = streamEvent(record!, target, 0);
    expect(event.data).to.equal('{"category":"AdvancedHunting-X","properties":{"s":"a\u2028b\\uffff\\ufffe"}}');
    expect(JSON.parse(event.data)).to.deep.equal(JSON.parse(text));
  });

  it('filters by table when asked, case-insensitively; unknown tables pass when no filter is set', () => {
    expect(recordTable({ category: 'AdvancedHunting-CloudAuditEvents' })).to.equal('CloudAuditEvents');
    expect(recordTable({})).to.equal('');
    const all = tableFilter([]);
    expect(all('CloudAuditEvents')).to.equal(true);
    expect(all('')).to.equal(true);
    const some = tableFilter(['DeviceProcessEvents', 'emailevents']);
    expect(['DeviceProcessEvents', 'EmailEvents', 'DeviceFileEvents'].map(some)).to.deep.equal([true, true, false]);
  });
});
