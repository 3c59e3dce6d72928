// The four health states at every boundary of their rules (docs/soc.md, "Input health").
import { expect } from 'chai';
import { inputHealth, worstHealth, type HealthInput, type StatusSummary } from '../../src/health/states';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const S = 1000;
const INTERVAL = 300; // seconds
const I = INTERVAL * S;
const DAY = 86_400 * S;

/** An input that has run for a day, every interval, successfully, with events arriving. */
/** lastEvent null: no event ever. */
const running = (over: Partial<StatusSummary> = {}, lastEvent: number | null = NOW - 60 * S): HealthInput => ({
  intervalSeconds: INTERVAL,
  now: NOW,
  status: { firstSeen: NOW - DAY, lastSeen: NOW - 30 * S, lastSuccess: NOW - 30 * S, lastStatusFailed: false, ...over },
  ...(lastEvent === null ? {} : { lastEvent }),
});
const state = (input: HealthInput) => inputHealth(input).state;

describe('input health states', () => {
  it('Not reported: created, never ran (no status line at all)', () => {
    const h = inputHealth({ intervalSeconds: INTERVAL, now: NOW, status: {} });
    expect(h.state).to.equal('not_reported');
    expect(h.reason).to.match(/never ran/);
  });

  it('Healthy: the last run succeeded within 2 intervals (exactly 2 included) and events arrive', () => {
    expect(state(running())).to.equal('healthy');
    expect(state(running({ lastSeen: NOW - 2 * I, lastSuccess: NOW - 2 * I }))).to.equal('healthy');
    expect(inputHealth(running()).reason).to.match(/Last successful run 30 s ago/);
  });

  it('Unhealthy: no successful run for more than 2 intervals, though lines still come within 3', () => {
    const h = inputHealth(running({ lastSeen: NOW - 2 * I - S, lastSuccess: NOW - 2 * I - S }));
    expect(h.state).to.equal('unhealthy');
    expect(h.reason).to.match(/No successful run in the last 2 intervals \(10 min\)/);
    expect(state(running({ lastSeen: NOW - 3 * I, lastSuccess: NOW - 3 * I }))).to.equal('unhealthy');
  });

  it('Stopped reporting: no run or status line for more than 3 intervals (exactly 3 is not yet)', () => {
    const h = inputHealth(running({ lastSeen: NOW - 3 * I - S, lastSuccess: NOW - 3 * I - S }));
    expect(h.state).to.equal('stopped_reporting');
    expect(h.reason).to.match(/more than 3 intervals of 5 min/);
    expect(state(running({ lastSeen: NOW - 3 * I, lastSuccess: NOW - 3 * I }))).not.to.equal('stopped_reporting');
  });

  it('Stopped reporting wins over a failure that is older than 3 intervals (the input no longer runs)', () => {
    const old = NOW - 4 * I;
    expect(state(running({ lastSeen: old, lastSuccess: NOW - DAY, lastStatusFailed: true, lastError: { time: old, code: 'auth_failed' } }))).to.equal('stopped_reporting');
  });

  it('Unhealthy: the last run failed; the reason carries the logged message (with its fix) and the code', () => {
    const error = { time: NOW - 20 * S, code: 'forbidden', message: "account 'prod': Graph returned 403: missing application role SecurityIncident.Read.All; grant it and admin-consent" };
    const h = inputHealth(running({ lastSeen: NOW - 20 * S, lastSuccess: NOW - 6 * I, lastStatusFailed: true, lastError: error }));
    expect(h.state).to.equal('unhealthy');
    expect(h.reason).to.equal(`The last run failed: ${error.message} (forbidden)`);
    expect(h.lastError).to.deep.equal(error);
  });

  it('Unhealthy: errors in the last 2 intervals even when the last run succeeded (exactly 2 included); older errors do not count', () => {
    const at = (t: number) => running({ lastError: { time: t, code: 'throttled', message: 'Graph answered 429 for 60 s' } });
    expect(state(at(NOW - 2 * I))).to.equal('unhealthy');
    expect(inputHealth(at(NOW - 2 * I)).reason).to.match(/^Errors in the last 2 intervals: Graph answered 429 for 60 s \(throttled\)/);
    expect(state(at(NOW - 2 * I - S))).to.equal('healthy');
  });

  it('Stopped reporting: runs succeed but no event for more than 14 days (exactly 14 days is not yet)', () => {
    expect(state(running({}, NOW - 14 * DAY))).to.equal('healthy');
    const h = inputHealth(running({}, NOW - 14 * DAY - S));
    expect(h.state).to.equal('stopped_reporting');
    expect(h.reason).to.match(/Runs succeed but no event arrived for 14 days/);
  });

  it('no event ever: Healthy while the input is younger than 14 days, then Stopped reporting', () => {
    expect(state(running({ firstSeen: NOW - 14 * DAY }, null))).to.equal('healthy');
    expect(state(running({ firstSeen: NOW - 14 * DAY - S }, null))).to.equal('stopped_reporting');
  });

  it('intervals scale the rules: a stream partition reporting every 60 s is Stopped after 3 min', () => {
    const stream = (ago: number): HealthInput => ({ intervalSeconds: 60, now: NOW, status: { firstSeen: NOW - DAY, lastSeen: NOW - ago, lastSuccess: NOW - ago }, lastEvent: NOW - ago });
    expect(state(stream(120 * S))).to.equal('healthy');
    expect(state(stream(121 * S))).to.equal('unhealthy');
    expect(state(stream(181 * S))).to.equal('stopped_reporting');
  });

  it("a stream input shows its worst partition's state", () => {
    const healthy = inputHealth(running());
    const unhealthy = inputHealth(running({ lastStatusFailed: true, lastError: { time: NOW - S, code: 'partition_lost' } }));
    const stopped = inputHealth(running({ lastSeen: NOW - DAY, lastSuccess: NOW - DAY }));
    expect(worstHealth([healthy, stopped, unhealthy])?.state).to.equal('unhealthy');
    expect(worstHealth([healthy, stopped])?.state).to.equal('stopped_reporting');
    expect(worstHealth([healthy])?.state).to.equal('healthy');
    expect(worstHealth([])).to.equal(undefined);
  });
});
