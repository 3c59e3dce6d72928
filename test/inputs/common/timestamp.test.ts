import { expect } from 'chai';
import { compareTimestamps, epochSeconds, isoFromMs, normaliseStartDate, toTicks } from '../../../src/inputs/common/timestamp';

describe('Defender timestamps', () => {
  it('orders 7-digit timestamps that milliseconds cannot tell apart', () => {
    expect(compareTimestamps('2021-09-30T09:35:45.1133333Z', '2021-09-30T09:35:45.1133334Z')).to.equal(-1);
    expect(compareTimestamps('2026-02-25T16:29:33.1Z', '2026-02-25T16:29:33.1000000Z')).to.equal(0);
    expect(compareTimestamps('2026-02-25T16:29:33Z', '2026-02-25T16:29:32.9999999Z')).to.equal(1);
    expect(compareTimestamps('2026-02-25T17:29:33+01:00', '2026-02-25T16:29:33Z')).to.equal(0);
  });
  it('gives event times with every digit the API sent', () => {
    expect(epochSeconds('2021-09-30T09:35:45.1133333Z')).to.equal('1632994545.1133333');
    expect(epochSeconds('2026-02-25T16:29:33.1Z')).to.equal('1772036973.1');
    expect(epochSeconds('2026-02-25T16:29:33Z')).to.equal('1772036973');
  });
  it('rejects what is not a timestamp', () => {
    expect(toTicks('2021-09-30')).to.equal(undefined);
    expect(toTicks('yesterday')).to.equal(undefined);
    expect(() => compareTimestamps('x', '2021-09-30T09:35:45Z')).to.throw("timestamp: 'x' is not an ISO 8601 timestamp");
  });
  it('formats start times', () => {
    expect(isoFromMs(Date.parse('2026-11-15T10:00:00.123Z'))).to.equal('2026-11-15T10:00:00.1230000Z');
    expect(normaliseStartDate('2026-01-31')).to.equal('2026-01-31T00:00:00Z');
    expect(normaliseStartDate('2026-01-31T08:00:00Z')).to.equal('2026-01-31T08:00:00Z');
  });
});
