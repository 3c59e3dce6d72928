// The store's fast paths (binary search, skip arithmetic, overlay merge) against a brute-force
// model that materialises every record, filters and sorts it.
import { expect } from 'chai';
import { manualClock } from '../../sandbox/simulator/clock';
import type { SortField } from '../../sandbox/simulator/data/collection';
import { alertSeverity, alertStatus, alertClassification, alertDetermination, incidentStatus } from '../../sandbox/simulator/data/enums';
import { graphAdapter, INCIDENT_FILTERABLE, type GraphRecord } from '../../sandbox/simulator/data/graph-records';
import { TenantData } from '../../sandbox/simulator/data/tenant-data';
import { parseFilter } from '../../sandbox/simulator/odata/filter';
import { compileFilter, type FilterSchema } from '../../sandbox/simulator/odata/filter-compile';
import { formatTicks, ticksFromMs } from '../../sandbox/simulator/time';

const DAY = 864_000_000_000;
const schema: FilterSchema = {
  typeName: 'microsoft.graph.security.incident',
  filterable: {
    lastUpdateDateTime: { kind: 'datetime' }, createdDateTime: { kind: 'datetime' },
    status: { kind: 'enum', members: incidentStatus.members, graphEnum: incidentStatus },
    severity: { kind: 'enum', members: alertSeverity.members, graphEnum: alertSeverity },
    classification: { kind: 'enum', members: alertClassification.members },
    determination: { kind: 'enum', members: alertDetermination.members },
    assignedTo: { kind: 'string' },
  },
  properties: [],
};
void alertStatus;

function makeTenant(): TenantData {
  const clock = manualClock(Date.UTC(2026, 5, 1));
  return new TenantData({
    seed: 7, tenantId: 't', incidents: 300, alertsPerIncident: { min: 1, max: 6 }, mdeAlerts: 10,
    start: ticksFromMs(Date.UTC(2026, 4, 20)), span: 6 * DAY, clock,
  });
}

function bruteForce(t: TenantData, filterText: string | undefined, field: SortField, desc: boolean): string[] {
  const adapter = graphAdapter(INCIDENT_FILTERABLE);
  const f = filterText ? compileFilter(parseFilter(filterText), schema, true) : undefined;
  const rows: { r: GraphRecord; k: number; overlay: number; index: number }[] = [];
  for (let k = 0; k < t.incidents.size(); k++) {
    const id = t.incidents.idAt(k);
    const r = t.incidents.get(id) as GraphRecord;
    if (f && !f.matches(adapter.fields(r))) continue;
    const baseRecord = k < t.incidents.source.count ? t.incidents.source.record(k) : undefined;
    const overlay = !baseRecord || baseRecord.lastUpdateDateTime !== r.lastUpdateDateTime ? 1 : 0;
    rows.push({ r, k: adapter.sortKey(field, r), overlay: field === 'updated' ? overlay : 0, index: k });
  }
  rows.sort((a, b) => a.k - b.k || a.overlay - b.overlay || a.index - b.index);
  const ids = rows.map((x) => x.r.id as string);
  return desc ? ids.reverse() : ids;
}

describe('simulator store (collection)', () => {
  const t = makeTenant();
  // A tie value inside the big tie group and a mid-range created time.
  const tieTicks = t.graph.incidentTimeline.updated(125);
  const midCreated = t.graph.incidentTimeline.created(150);
  t.mutate('incident', { count: 40 });
  t.create('incident', { count: 6 });
  t.mutate('incident', { ids: [t.incidents.idAt(3), t.incidents.idAt(3)] });

  const filters = [
    undefined,
    `lastUpdateDateTime ge ${formatTicks(tieTicks)}`,
    `lastUpdateDateTime gt ${formatTicks(tieTicks)}`,
    `lastUpdateDateTime le ${formatTicks(tieTicks)}`,
    `createdDateTime lt ${formatTicks(midCreated)}`,
    `lastUpdateDateTime ge ${formatTicks(tieTicks)} and createdDateTime lt ${formatTicks(midCreated + DAY)}`,
    `status eq 'active'`,
    `lastUpdateDateTime ge ${formatTicks(tieTicks)} and severity eq 'high'`,
    `status eq 'active' or severity eq 'low'`,
    `lastUpdateDateTime eq ${formatTicks(tieTicks)}`,
  ];

  it('has the tie group and the overlay the cases rely on', () => {
    const tied = Array.from({ length: 300 }, (_, i) => t.graph.incidentTimeline.updated(i)).filter((x) => x === tieTicks);
    expect(tied.length).to.be.greaterThan(50);
    expect(t.incidents.size()).to.equal(306);
  });

  for (const filter of filters) {
    for (const field of ['updated', 'created'] as const) {
      for (const desc of [false, true]) {
        it(`pages like brute force: ${filter ?? '(no filter)'} by ${field} ${desc ? 'desc' : 'asc'}`, () => {
          const expected = bruteForce(t, filter, field, desc);
          const compiled = filter ? compileFilter(parseFilter(filter), schema, true) : undefined;
          for (const [skip, top] of [[0, 50], [0, 1000], [37, 50], [expected.length - 3, 50], [expected.length + 5, 10], [10, 0]] as const) {
            const res = t.incidents.query({ filter: compiled, order: { field, desc }, skip: Math.max(0, skip), top, count: true });
            const want = expected.slice(Math.max(0, skip), Math.max(0, skip) + top);
            expect(res.items.map((r) => r.id), `skip=${skip} top=${top}`).to.deep.equal(want);
            expect(res.total).to.equal(expected.length);
            expect(res.more).to.equal(Math.max(0, skip) + want.length < expected.length);
          }
        });
      }
    }
  }
});
