// $filter parsing and evaluation, and exact 100 ns timestamp handling.
import { expect } from 'chai';
import { ALERT_FILTER, INCIDENT_FILTER } from '../../sandbox/simulator/graph/schema';
import { FilterError, parseFilter } from '../../sandbox/simulator/odata/filter';
import { compileFilter } from '../../sandbox/simulator/odata/filter-compile';
import { nextLinkFor, parseListQuery, QueryError } from '../../sandbox/simulator/odata/query-options';
import { formatTicks, parseTimestamp, ticksFromMs } from '../../sandbox/simulator/time';

const compile = (text: string, includeUnknown = true) => compileFilter(parseFilter(text), INCIDENT_FILTER, includeUnknown);
const t = (s: string) => parseTimestamp(s) as number;

describe('simulator timestamps', () => {
  it('round-trips 7 fractional digits exactly', () => {
    for (const s of ['2021-09-30T09:35:45.1133333Z', '2026-02-25T16:29:33.0000001Z', '2019-12-31T23:59:59.9999999Z']) {
      expect(formatTicks(t(s))).to.equal(s);
    }
  });

  it('reads 0 to 7 fractional digits and offsets, and prints Graph’s short forms', () => {
    expect(t('2026-02-25T16:29:33.1Z')).to.equal(t('2026-02-25T16:29:33.1000000Z'));
    expect(t('2026-02-25T16:29:33Z')).to.equal(t('2026-02-25T16:29:33.0000000Z'));
    expect(t('2026-02-25T18:29:33.12+02:00')).to.equal(t('2026-02-25T16:29:33.1200000Z'));
    expect(formatTicks(t('2026-02-25T16:29:33.1Z'), 7, true)).to.equal('2026-02-25T16:29:33.1Z');
    expect(formatTicks(t('2026-02-25T16:29:33.12Z'), 7, true)).to.equal('2026-02-25T16:29:33.12Z');
    expect(formatTicks(t('2021-04-26T07:45:50.1164444Z'), 3)).to.equal('2021-04-26T07:45:50.116Z');
  });

  it('prints the same calendar date as Date does, across centuries and leap days', () => {
    for (const ms of [Date.UTC(1999, 11, 31, 23, 59, 59), Date.UTC(2000, 1, 29, 12), Date.UTC(2024, 1, 29), Date.UTC(2026, 10, 22, 2, 3, 4), Date.UTC(2100, 2, 1)]) {
      expect(formatTicks(ticksFromMs(ms), 0)).to.equal(new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z'));
    }
    for (let k = 0; k < 2000; k++) {
      const ms = Date.UTC(1995, 0, 1) + Math.floor(k * 997_001.3) * 1000;
      expect(formatTicks(ticksFromMs(ms), 3)).to.equal(new Date(ms).toISOString());
    }
  });

  it('rejects what is not a timestamp', () => {
    for (const s of ['2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-02-25T16:29:33.12345678Z', '2026-02-25 16:29:33Z', '2026-02-25T16:29:33']) {
      expect(parseTimestamp(s), s).to.equal(undefined);
    }
  });
});

describe('simulator $filter', () => {
  const rec = (over: Record<string, unknown> = {}) => ({
    lastUpdateDateTime: t('2026-01-01T00:00:00.1234567Z'), createdDateTime: t('2025-12-31T00:00:00Z'),
    status: 'active', severity: 'high', classification: 'unknown', determination: 'unknown', assignedTo: null, ...over,
  });

  it('compares timestamps at 100 ns precision', () => {
    expect(compile('lastUpdateDateTime ge 2026-01-01T00:00:00.1234567Z').matches(rec())).to.equal(true);
    expect(compile('lastUpdateDateTime gt 2026-01-01T00:00:00.1234567Z').matches(rec())).to.equal(false);
    expect(compile('lastUpdateDateTime gt 2026-01-01T00:00:00.1234566Z').matches(rec())).to.equal(true);
    expect(compile('lastUpdateDateTime lt 2026-01-01T00:00:00.123Z').matches(rec())).to.equal(false);
    expect(compile('lastUpdateDateTime eq 2026-01-01T00:00:00.1234567Z').matches(rec())).to.equal(true);
    expect(compile('lastUpdateDateTime ne 2026-01-01T00:00:00.1234567Z').matches(rec())).to.equal(false);
    expect(compile('lastUpdateDateTime le 2026-01-01T00:00:00Z').matches(rec())).to.equal(false);
  });

  it('combines with and, or and parentheses, with and binding tighter', () => {
    const f = compile("status eq 'resolved' or severity eq 'high' and assignedTo eq null");
    expect(f.matches(rec())).to.equal(true);
    expect(f.matches(rec({ assignedTo: 'x@contoso.com' }))).to.equal(false);
    expect(f.matches(rec({ status: 'resolved', assignedTo: 'x' }))).to.equal(true);
    const g = compile("(status eq 'resolved' or severity eq 'high') and assignedTo ne null");
    expect(g.matches(rec())).to.equal(false);
    expect(g.matches(rec({ assignedTo: 'x' }))).to.equal(true);
  });

  it('extracts top-level time ranges for the store and keeps the rest as residual', () => {
    const f = compile("lastUpdateDateTime ge 2026-01-01T00:00:00Z and lastUpdateDateTime lt 2026-02-01T00:00:00Z and status eq 'active'");
    const range = f.ranges.get('lastUpdateDateTime')!;
    expect([range.lo, range.loInclusive, range.hi, range.hiInclusive]).to.deep.equal([t('2026-01-01T00:00:00Z'), true, t('2026-02-01T00:00:00Z'), false]);
    expect(f.residual).to.be.a('function');
    expect(compile('lastUpdateDateTime gt 2026-01-01T00:00:00Z').residual).to.equal(null);
    expect(compile("lastUpdateDateTime gt 2026-01-01T00:00:00Z or status eq 'active'").ranges.size).to.equal(0);
  });

  it('hides evolvable members without the Prefer header, in values and in literals', () => {
    const hidden = compile("status eq 'unknownFutureValue'", false);
    expect(hidden.matches(rec({ status: 'awaitingAction' }))).to.equal(true);
    expect(compile("status eq 'unknownFutureValue'", true).matches(rec({ status: 'awaitingAction' }))).to.equal(false);
    expect(compile("status eq 'awaitingAction'", true).matches(rec({ status: 'awaitingAction' }))).to.equal(true);
    expect(() => compile("status eq 'awaitingAction'", false)).to.throw(FilterError, /Prefer: include-unknown-enum-members/);
  });

  it('explains what is wrong with a bad clause', () => {
    const cases: [string, RegExp][] = [
      ['lastUpdateDateTime ge', /Syntax error at position 21/],
      ["lastUpdateDateTime ge '2026-01-01T00:00:00Z'", /incompatible types.*'Edm.DateTimeOffset' and 'Edm.String'.*'GreaterThanOrEqual'/],
      ['lastUpdateDateTime ge 2026-13-01T00:00:00Z', /Unrecognized 'Edm.DateTimeOffset' literal '2026-13-01T00:00:00Z'/],
      ["displayName eq 'x'", /The property 'displayName' cannot be used in the \$filter query option/],
      ["colour eq 'red'", /Could not find a property named 'colour' on type 'microsoft.graph.security.incident'/],
      ["status eq 'sleeping'", /'sleeping' is not a valid enumeration type constant/],
      ["status has 'active'", /operator 'has' is not supported/],
      ["startswith(assignedTo,'a')", /not supported/],
      ["status eq 'active' (", /Syntax error/],
      ["assignedTo eq 'unterminated", /unterminated string literal/],
      ["not status eq 'active'", /'not' operator is not supported/],
    ];
    for (const [text, message] of cases) expect(() => compile(text), text).to.throw(FilterError, message);
  });

  it('knows alerts_v2 filters serviceSource but incidents do not', () => {
    const f = compileFilter(parseFilter("serviceSource eq 'microsoftDefenderForCloud'"), ALERT_FILTER, true);
    expect(f.matches({ serviceSource: 'microsoftDefenderForCloud' })).to.equal(true);
    expect(() => compile("serviceSource eq 'microsoftDefenderForEndpoint'")).to.throw(FilterError, /Could not find a property named 'serviceSource'/);
  });
});

describe('simulator query options', () => {
  const rules = { typeName: 'T', properties: ['a', 'lastUpdateDateTime'], allowed: ['$top', '$skip', '$orderby', '$count'], maxTop: 50, orderable: ['lastUpdateDateTime'] };
  const q = (s: string) => parseListQuery(new URLSearchParams(s), rules);

  it('answers $top above the limit with Graph’s exact message', () => {
    expect(() => q('$top=1000')).to.throw(QueryError, "The limit of '50' for Top query has been exceeded. The value from the incoming request is '1000'.");
    expect(q('$top=50').top).to.equal(50);
  });

  it('rejects bad values, repeats and unsupported options', () => {
    expect(() => q('$top=-1')).to.throw(/Invalid value '-1' for \$top query option found/);
    expect(() => q('$skip=x')).to.throw(/Invalid value 'x' for \$skip/);
    expect(() => q('$top=1&$top=2')).to.throw(/specified more than once/);
    expect(() => q('$search=x')).to.throw(/'\$search' is not supported/);
    expect(() => q('$orderby=a desc')).to.throw(/'a desc' is not supported/);
    expect(q('$orderby=lastUpdateDateTime desc&$count=true&custom=1')).to.deep.include({ orderby: { field: 'lastUpdateDateTime', desc: true }, count: true });
  });

  it('builds nextLinks that keep the other options and replace $skip', () => {
    const link = nextLinkFor('https://h/graph/v1.0/security/incidents', new URLSearchParams('$filter=lastUpdateDateTime%20ge%202026-01-01T00:00:00%2B02:00&$skip=50&$top=50'), 100);
    expect(link).to.equal('https://h/graph/v1.0/security/incidents?$filter=lastUpdateDateTime%20ge%202026-01-01T00%3A00%3A00%2B02%3A00&$top=50&$skip=100');
    const back = new URL(link).searchParams;
    expect(back.get('$filter')).to.equal('lastUpdateDateTime ge 2026-01-01T00:00:00+02:00');
    expect(back.get('$skip')).to.equal('100');
  });
});
