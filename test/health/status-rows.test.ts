// The setup page's reading of the `defender_sync_input_status` rows: polled inputs, stream partitions,
// input-level stream errors, splunkd's string values.
import { expect } from 'chai';
import { healthOfInput, rowsByInput, statusOf, type StatusRow } from '../../src/health/status-rows';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const sec = (msAgo: number) => String((NOW - msAgo) / 1000);

describe('input status rows → health', () => {
  it('reads splunkd strings (epoch seconds with decimals) into the summary', () => {
    const row: StatusRow = { component: 'defender_sync_incidents', input: 'prod', partition: '-', first_seen: '1796300000.123', last_seen: '1796300300.5', last_success: '1796300300.5', last_error: '1796300000.123', last_error_code: 'forbidden', last_error_message: 'Graph returned 403: grant SecurityIncident.Read.All', last_status_failed: '0', last_event: '1796300290' };
    expect(statusOf(row)).to.deep.equal({
      status: { firstSeen: 1796300000123, lastSeen: 1796300300500, lastSuccess: 1796300300500, lastError: { time: 1796300000123, code: 'forbidden', message: 'Graph returned 403: grant SecurityIncident.Read.All' }, lastStatusFailed: false },
      lastEvent: 1796300290000,
    });
  });

  it('groups rows per input (scheme://name)', () => {
    const rows: StatusRow[] = [
      { component: 'defender_sync_incidents', input: 'prod', partition: '-' },
      { component: 'defender_sync_stream', input: 'hub', partition: '0' },
      { component: 'defender_sync_stream', input: 'hub', partition: '1' },
    ];
    expect([...rowsByInput(rows).entries()].map(([k, v]) => [k, v.length])).to.deep.equal([['defender_sync_incidents://prod', 1], ['defender_sync_stream://hub', 2]]);
  });

  it('no rows: Not reported', () => {
    expect(healthOfInput([], 300, NOW).state).to.equal('not_reported');
  });

  it('a polled input: its one row', () => {
    const h = healthOfInput([{ component: 'defender_sync_alerts', input: 'a', partition: '-', first_seen: sec(86_400_000), last_seen: sec(60_000), last_success: sec(60_000), last_status_failed: '0', last_event: sec(60_000) }], 300, NOW);
    expect(h.state).to.equal('healthy');
    expect(h.partitions).to.deep.equal([]);
  });

  it('a stream input: per partition, the worst shown; an error naming no partition counts against all', () => {
    const ok = (p: string): StatusRow => ({ component: 'defender_sync_stream', input: 'hub', partition: p, first_seen: sec(86_400_000), last_seen: sec(10_000), last_success: sec(10_000), last_status_failed: '0', last_event: sec(10_000) });
    expect(healthOfInput([ok('10'), ok('2')], 60, NOW).state).to.equal('healthy');
    expect(healthOfInput([ok('10'), ok('2')], 60, NOW).partitions.map((p) => p.partition)).to.deep.equal(['2', '10']);
    const stale = { ...ok('3'), last_seen: sec(200_000), last_success: sec(200_000) };
    expect(healthOfInput([ok('1'), stale], 60, NOW).state).to.equal('stopped_reporting');
    const inputError: StatusRow = { component: 'defender_sync_stream', input: 'hub', partition: '-', first_seen: sec(5_000), last_seen: sec(5_000), last_error: sec(5_000), last_error_code: 'unauthorized', last_error_message: 'assign Azure Event Hubs Data Receiver', last_status_failed: '' };
    const h = healthOfInput([ok('1'), ok('2'), inputError], 60, NOW);
    expect(h.state).to.equal('unhealthy');
    expect(h.partitions.map((p) => p.state)).to.deep.equal(['unhealthy', 'unhealthy']);
    expect(h.reason).to.match(/assign Azure Event Hubs Data Receiver \(unauthorized\)/);
  });
});
