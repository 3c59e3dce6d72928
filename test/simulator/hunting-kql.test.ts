// The simulator's KQL subset (DESIGN §7) over in-test rows: what each operator keeps, and the errors
// (with their position) that runHuntingQuery answers with 400.
import { expect } from 'chai';
import { KqlError } from '../../sandbox/simulator/hunting/kql/errors';
import { runQuery, type Row } from '../../sandbox/simulator/hunting/kql/evaluate';
import { parseQuery } from '../../sandbox/simulator/hunting/kql/parser';
import { resolveTimespan } from '../../sandbox/simulator/hunting/timespan';
import { ticksFromMs } from '../../sandbox/simulator/time';
import { iso7, processSource, T0 } from './hunting-rows';

const NOW = T0 + 100 * 60_000; // rows 0..99 lie in the past
const source = processSource(100);

function run(kql: string, timespan = 'P30D'): { columns: string[]; rows: Row[] } {
  const out = runQuery(parseQuery(kql), source, { nowMs: NOW, ...resolveTimespan(timespan, NOW) });
  return { columns: out.columns.map((c) => `${c.name}:${c.type}`), rows: [...out.rows] };
}

const ids = (rows: Row[]): number[] => rows.map((r) => (r.ProcessId as number) - 1000);

function kqlError(kql: string): KqlError {
  try {
    run(kql);
  } catch (e) {
    if (e instanceof KqlError) return e;
    throw e;
  }
  throw new Error(`no error for ${kql}`);
}

describe('simulator KQL subset', () => {
  it('returns the whole table inside the timespan, in Timestamp order, with its schema', () => {
    const { columns, rows } = run('DeviceProcessEvents');
    expect(rows).to.have.length(100);
    expect(columns).to.deep.equal([
      'Timestamp:datetime', 'DeviceId:string', 'DeviceName:string', 'FileName:string',
      'ProcessCommandLine:string', 'ProcessId:long', 'IsElevated:bool', 'AdditionalFields:dynamic',
    ]);
    expect(rows[3]).to.deep.include({ Timestamp: iso7(T0 + 3 * 60_000, 3), ProcessId: 1003 });
  });

  it('compares Timestamp with datetime() to the 100 ns tick: >, >=, <, <=, between', () => {
    const t5 = iso7(T0 + 5 * 60_000, 5); // …:05:00.0000005Z
    expect(ids(run(`DeviceProcessEvents | where Timestamp > datetime(${t5}) and Timestamp <= datetime(${iso7(T0 + 8 * 60_000, 8)})`).rows)).to.deep.equal([6, 7, 8]);
    expect(ids(run(`DeviceProcessEvents | where Timestamp >= datetime(${t5}) | where Timestamp < datetime(2026-11-01T00:07:00Z)`).rows)).to.deep.equal([5, 6]);
    expect(ids(run('DeviceProcessEvents | where Timestamp between (datetime(2026-11-01 00:10:00) .. datetime("2026-11-01T00:12:00.0000002Z"))').rows)).to.deep.equal([10, 11, 12]);
    expect(ids(run('DeviceProcessEvents | where Timestamp !between (datetime(2026-11-01T00:01:00Z) .. datetime(2026-11-01T01:39:00Z))').rows)).to.deep.equal([0, 99]);
  });

  it('resolves ago() and now() against the request time', () => {
    expect(ids(run('DeviceProcessEvents | where Timestamp > ago(3m)').rows)).to.deep.equal([97, 98, 99]);
    expect(ids(run('DeviceProcessEvents | where Timestamp < now(-98m)').rows)).to.deep.equal([0, 1]);
  });

  it('applies the request timespan: duration, start/end, duration/end, start/duration, start only', () => {
    expect(run('DeviceProcessEvents', 'PT2M').rows).to.have.length(2);
    expect(ids(run('DeviceProcessEvents', '2026-11-01T00:10:00Z/2026-11-01T00:12:00Z').rows)).to.deep.equal([10, 11]); // inclusive
    expect(ids(run('DeviceProcessEvents', 'PT2M/2026-11-01T00:12:00Z').rows)).to.deep.equal([10, 11]);
    expect(ids(run('DeviceProcessEvents', '2026-11-01T01:37:00Z/PT5M').rows)).to.deep.equal([97, 98, 99]);
    expect(run('DeviceProcessEvents', '2026-11-01T01:38:00Z').rows).to.have.length(2);
    expect(() => resolveTimespan('last week', NOW)).to.throw(/Invalid timespan 'last week'/);
    expect(resolveTimespan(undefined, NOW)).to.deep.equal({ from: ticksFromMs(NOW - 30 * 86_400_000), to: ticksFromMs(NOW) });
  });

  it('matches strings with ==, !=, =~, !~, in, !in, in~, has, contains, startswith, endswith', () => {
    const count = (where: string) => run(`DeviceProcessEvents | where ${where}`).rows.length;
    expect(count("FileName == 'powershell.exe'")).to.equal(25);
    expect(count("FileName == 'POWERSHELL.EXE'")).to.equal(0);
    expect(count("FileName =~ 'POWERSHELL.EXE'")).to.equal(25);
    expect(count("FileName != 'powershell.exe'")).to.equal(75);
    expect(count("FileName !~ 'POWERSHELL.exe'")).to.equal(75);
    expect(count("FileName in ('cmd.exe', 'notepad.exe')")).to.equal(50);
    expect(count("FileName !in ('cmd.exe', 'notepad.exe')")).to.equal(50);
    expect(count("FileName in~ ('CMD.EXE')")).to.equal(25);
    expect(count("ProcessCommandLine has 'noprofile'")).to.equal(100);
    expect(count("ProcessCommandLine has 'noprof'")).to.equal(0);
    expect(count("FileName contains 'shell'")).to.equal(50);
    expect(count("FileName !contains 'shell'")).to.equal(50);
    expect(count("FileName startswith 'power'")).to.equal(50);
    expect(count("FileName endswith '_ISE.exe'")).to.equal(25);
    expect(count('ProcessId == 1042')).to.equal(1);
    expect(count('IsElevated == true')).to.equal(50);
    expect(count('isnotempty(AdditionalFields)')).to.equal(80);
  });

  it('combines with and/or/not() and parentheses', () => {
    const rows = run("DeviceProcessEvents | where (FileName == 'cmd.exe' or FileName == 'notepad.exe') and not(DeviceName has 'srv-db') and ProcessId < 1012").rows;
    expect(ids(rows)).to.deep.equal([1, 3, 7, 9]);
  });

  it('projects, takes/limits, orders and sorts', () => {
    const p = run('DeviceProcessEvents | project DeviceName, ProcessId | take 2');
    expect(p.columns).to.deep.equal(['DeviceName:string', 'ProcessId:long']);
    expect(p.rows).to.deep.equal([{ DeviceName: 'ws-01.contoso.com', ProcessId: 1000 }, { DeviceName: 'ws-02.contoso.com', ProcessId: 1001 }]);
    expect(run('DeviceProcessEvents | limit 7').rows).to.have.length(7);
    expect(ids(run('DeviceProcessEvents | order by Timestamp | take 2').rows)).to.deep.equal([99, 98]);
    expect(ids(run('DeviceProcessEvents | sort by FileName asc, ProcessId desc | take 2').rows)).to.deep.equal([98, 94]); // ordinal: 'PowerShell_ISE.exe' < 'cmd.exe'
  });

  it('summarizes count() by columns, named or as count_', () => {
    const s = run('DeviceProcessEvents | summarize count() by DeviceName');
    expect(s.columns).to.deep.equal(['DeviceName:string', 'count_:long']);
    expect(s.rows).to.deep.equal([
      { DeviceName: 'ws-01.contoso.com', count_: 34 },
      { DeviceName: 'ws-02.contoso.com', count_: 33 },
      { DeviceName: 'srv-db.contoso.com', count_: 33 },
    ]);
    expect(run("DeviceProcessEvents | where FileName == 'none' | summarize Total = count()").rows).to.deep.equal([{ Total: 0 }]);
  });

  it('stops reading rows once take has enough (a large table is not scanned)', () => {
    let read = 0;
    const counting = { ...source, rows: (t: string, a: number, b: number) => (function* () { for (const r of source.rows(t, a, b)) { read++; yield r; } })() };
    const out = runQuery(parseQuery('DeviceProcessEvents | take 3'), counting, { nowMs: NOW, ...resolveTimespan('P1D', NOW) });
    expect([...out.rows]).to.have.length(3);
    expect(read).to.equal(3);
  });

  it('says where a syntax error is, Kusto-style', () => {
    expect(kqlError('DeviceProcessEvents | where FileName = = "x"').message).to.equal(
      "Syntax error: A recognition error occurred. Query could not be parsed at '=' on line [1,38]",
    );
    expect(kqlError('DeviceProcessEvents\n| take').position).to.deep.include({ line: 2, column: 7 });
    expect(kqlError("DeviceProcessEvents | where FileName == 'unterminated").message).to.match(/could not be parsed at ''unterminated' on line \[1,41\]/);
    expect(kqlError('DeviceProcessEvents | join kind=inner (DeviceInfo) on DeviceId').message).to.match(/at 'join' on line \[1,23\]/);
  });

  it('names an unknown table or column and where it is', () => {
    expect(kqlError('DeviceProcesEvents | take 1').message).to.equal(
      "Semantic error: Failed to resolve table or column expression named 'DeviceProcesEvents' [line:position=1:1]",
    );
    expect(kqlError('DeviceProcessEvents | where Filename == "x"').message).to.equal(
      "Semantic error: 'where' operator: Failed to resolve scalar expression named 'Filename' [line:position=1:29]",
    );
    expect(kqlError('DeviceProcessEvents | project DeviceName | where FileName == "x"').message).to.match(/'where' operator: Failed to resolve scalar expression named 'FileName'/);
    expect(kqlError('DeviceProcessEvents | summarize count() by Device').message).to.match(/'summarize' operator: .*'Device' \[line:position=1:44\]/);
  });
});
