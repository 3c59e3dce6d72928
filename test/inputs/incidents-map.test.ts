import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { incidentEvents, incidentWithAlertIds } from '../../src/inputs/incidents/map';
import { sharedPath } from '../helpers/shared';

const page = JSON.parse(readFileSync(sharedPath('fixtures', 'defender', 'graph-incident.json'), 'utf8'));
const incident = page.value[0];
const target = { source: 'defender_sync_incidents:b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c', index: 'defender' };

describe('incident → events', () => {
  it('replaces alerts with alertIds in place and keeps every other property as Graph sent it', () => {
    const { incident: out } = incidentWithAlertIds(incident);
    const keys = Object.keys(incident).map((k) => (k === 'alerts' ? 'alertIds' : k));
    expect(Object.keys(out)).to.deep.equal(keys);
    expect(out.alertIds).to.deep.equal(incident.alerts.map((a: { id: string }) => a.id));
    for (const k of Object.keys(incident)) if (k !== 'alerts') expect(out[k]).to.deep.equal(incident[k]);
  });

  it('emits the incident and, on the first run, every alert, timed by their last update with 7 digits', () => {
    const events = incidentEvents(incident, target, null);
    expect(events.map((e) => e.sourcetype)).to.deep.equal(['ms365:defender:incident', ...incident.alerts.map(() => 'ms365:defender:incident:alerts')]);
    expect(events[0]?.time).to.equal('1632994545.1133333');
    expect(events[0]?.source).to.equal(target.source);
    expect(events[0]?.index).to.equal('defender');
    expect(JSON.parse(events[1]?.data ?? '')).to.deep.equal(incident.alerts[0]);
    expect(events[0]?.data).not.to.contain('\n');
  });

  it('re-sends only alerts updated at or after the previous cursor', () => {
    const alertTime = incident.alerts[0].lastUpdateDateTime;
    expect(incidentEvents(incident, target, '2099-01-01T00:00:00Z')).to.have.length(1);
    expect(incidentEvents(incident, target, alertTime)).to.have.length(1 + incident.alerts.length);
  });

  it('says which incident is broken when Graph omits lastUpdateDateTime', () => {
    expect(() => incidentEvents({ id: '7' }, target, null)).to.throw('incident 7 has no valid lastUpdateDateTime (got undefined)');
  });
});
