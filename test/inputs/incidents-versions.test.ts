import { expect } from 'chai';
import { incidentEvents } from '../../src/inputs/incidents/map';
import { EmittedIncidents } from '../../src/inputs/incidents/versions';

const target = { source: 'defender_sync_incidents:t' };
const incident = (time: string, alerts: Array<[string, string]>) => ({
  id: '7',
  lastUpdateDateTime: time,
  alerts: alerts.map(([id, t]) => ({ id, lastUpdateDateTime: t })),
});

describe('incidents read twice in one run', () => {
  it('re-send only the alerts updated after the version already emitted', () => {
    const again = incident('2026-01-01T00:00:09.0000001Z', [['a', '2026-01-01T00:00:05Z'], ['b', '2026-01-01T00:00:08.1234567Z']]);
    const ids = (emittedAt?: string) => incidentEvents(again, target, null, emittedAt).slice(1).map((e) => JSON.parse(e.data).id);
    expect(ids()).to.deep.equal(['a', 'b']);
    expect(ids('2026-01-01T00:00:05Z')).to.deep.equal(['b']);
    expect(ids('2026-01-01T00:00:08.1234567Z')).to.deep.equal([]);
  });

  it('remember the newest version per incident and forget the oldest read first', () => {
    const seen = new EmittedIncidents(2);
    seen.remember('1', '2026-01-01T00:00:02Z');
    seen.remember('1', '2026-01-01T00:00:01Z');
    expect(seen.get('1')).to.equal('2026-01-01T00:00:02Z');
    seen.remember('2', '2026-01-01T00:00:03Z');
    seen.remember('1', '2026-01-01T00:00:04Z');
    seen.remember('3', '2026-01-01T00:00:05Z');
    expect([seen.get('1'), seen.get('2'), seen.get('3')]).to.deep.equal(['2026-01-01T00:00:04Z', undefined, '2026-01-01T00:00:05Z']);
  });
});
