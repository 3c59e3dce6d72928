// Scheduled hunting query composition and validation: the window filter goes right after the first stage,
// let statements stay in front, strings and comments are never cut; time filters and row limits are refused.
import { expect } from 'chai';
import { validateHuntingDuration } from '../../../src/inputs/definitions';
import { durationMs, validateHuntingQuery, windowQuery } from '../../../src/inputs/hunting-params';

const F = '2026-11-01T00:00:00.0000000Z';
const T = '2026-11-01T01:00:00.0000000Z';
const W = `| where Timestamp > datetime(${F}) and Timestamp <= datetime(${T})`;

describe('hunting query composition', () => {
  it('adds the window after a bare table', () => {
    expect(windowQuery('DeviceProcessEvents', F, T)).to.equal(`DeviceProcessEvents\n${W}`);
  });

  it('adds it after the first stage, before project/summarize that could drop Timestamp', () => {
    expect(windowQuery('DeviceProcessEvents | where FileName =~ "a|b.exe" | summarize count() by DeviceName', F, T)).to.equal(
      `DeviceProcessEvents\n${W}\n| where FileName =~ "a|b.exe" | summarize count() by DeviceName`,
    );
  });

  it('keeps let statements in front and skips pipes inside strings, brackets and comments', () => {
    const q = "let names = dynamic(['x|y', \"a;b\"]);\nlet t = (DeviceInfo | project DeviceId);\nDeviceLogonEvents // logons | all\n| where AccountName in (names)\n;";
    expect(windowQuery(q, F, T)).to.equal(
      "let names = dynamic(['x|y', \"a;b\"]);\nlet t = (DeviceInfo | project DeviceId);\nDeviceLogonEvents // logons | all\n" + W + '\n| where AccountName in (names)',
    );
    expect(windowQuery('union (DeviceEvents | where A == 1), DeviceFileEvents | project Timestamp', F, T)).to.equal(
      `union (DeviceEvents | where A == 1), DeviceFileEvents\n${W}\n| project Timestamp`,
    );
  });

  it('refuses what would break windows, saying why', () => {
    expect(validateHuntingQuery('  ')).to.match(/^query is required/);
    expect(validateHuntingQuery('DeviceProcessEvents | where Timestamp > ago(1h)')).to.match(/^query filters on time itself .*the input adds 'where Timestamp > <from> and Timestamp <= <to>'/);
    expect(validateHuntingQuery('DeviceProcessEvents | where Timestamp between (datetime(2026-01-01) .. datetime(2026-01-02))')).to.match(/filters on time itself/);
    expect(validateHuntingQuery('DeviceProcessEvents | take 10')).to.match(/^query limits its rows \(take\/limit\): remove it/);
    expect(validateHuntingQuery('| where x')).to.match(/must end with a tabular expression/);
    expect(validateHuntingQuery('DeviceProcessEvents | summarize count() by bin(Timestamp, 1h), DeviceName')).to.equal(undefined);
    expect(validateHuntingQuery('let x = 1;\nDeviceNetworkEvents\n| where RemotePort == 3389\n| project Timestamp, DeviceName')).to.equal(undefined);
  });

  it('reads ISO 8601 durations and bounds lookback and delay', () => {
    expect(durationMs('PT1H')).to.equal(3_600_000);
    expect(durationMs('P1DT12H30M')).to.equal(131_400_000);
    expect(durationMs('PT0.5S')).to.equal(500);
    expect(durationMs('P2W')).to.equal(14 * 86_400_000);
    for (const bad of ['1h', 'P', 'PT', 'P1M', 'P1Y', '-PT1H']) expect(durationMs(bad), bad).to.equal(undefined);
    expect(validateHuntingDuration('lookback', 'P31D', 30 * 86_400_000, 'P30D', false)).to.equal("lookback 'P31D' is longer than P30D.");
    expect(validateHuntingDuration('lookback', '1 hour', 30 * 86_400_000, 'P30D', false)).to.equal("lookback '1 hour' is not an ISO 8601 duration: use e.g. PT5M, PT1H or P1D.");
    expect(validateHuntingDuration('lookback', 'PT0S', 30 * 86_400_000, 'P30D', false)).to.equal('lookback must be longer than zero.');
    expect(validateHuntingDuration('delay', 'PT0S', 86_400_000, 'P1D', true)).to.equal(undefined);
  });
});
