// In-test advanced-hunting rows for the runHuntingQuery tests: one DeviceProcessEvents row per minute from
// `start`, every column type, and a few distinct device and file names.
import type { HuntingRow, HuntingSource } from '../../sandbox/simulator';

export const T0 = Date.UTC(2026, 10, 1, 0, 0, 0);
const DEVICES = ['ws-01.contoso.com', 'ws-02.contoso.com', 'srv-db.contoso.com'];
const FILES = ['powershell.exe', 'cmd.exe', 'PowerShell_ISE.exe', 'notepad.exe'];

/** 7 fractional digits, as the service prints them. */
export const iso7 = (ms: number, extraTicks = 0): string =>
  new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, f: string) => `.${f}${String(extraTicks).padStart(4, '0')}Z`);

export function processRow(i: number, start = T0): HuntingRow {
  return {
    Timestamp: iso7(start + i * 60_000, i % 10),
    DeviceId: `dev-${i % DEVICES.length}`,
    DeviceName: DEVICES[i % DEVICES.length],
    FileName: FILES[i % FILES.length],
    ProcessCommandLine: `${FILES[i % FILES.length]} -NoProfile -Command Get-Item C:\\Temp\\${i}`,
    ProcessId: 1000 + i,
    IsElevated: i % 2 === 0,
    AdditionalFields: i % 5 === 0 ? null : { Sequence: i, Tags: ['a', 'b'] },
  };
}

/** A source with DeviceProcessEvents holding `count` rows from `start`, one a minute. */
export function processSource(count: number, start = T0): HuntingSource {
  const rows = Array.from({ length: count }, (_, i) => processRow(i, start));
  return {
    table: (name) =>
      name === 'DeviceProcessEvents'
        ? {
            name,
            columns: [
              { name: 'Timestamp', type: 'datetime' },
              { name: 'DeviceId', type: 'string' },
              { name: 'DeviceName', type: 'string' },
              { name: 'FileName', type: 'string' },
              { name: 'ProcessCommandLine', type: 'string' },
              { name: 'ProcessId', type: 'long' },
              { name: 'IsElevated', type: 'bool' },
              { name: 'AdditionalFields', type: 'dynamic' },
            ],
          }
        : undefined,
    rows: (_table, fromMs, toMs) => rows.filter((r) => Date.parse(r.Timestamp as string) >= fromMs && Date.parse(r.Timestamp as string) < toMs),
  };
}
