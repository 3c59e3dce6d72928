// `npm run bench [-- <name filter>…]`: runs every bench/*.bench.ts and prints one table of results, ratios
// against their goals included. A bench module exports `name` and `run()`. Exit 1 when a goal is missed.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchResult {
  metric: string;
  value: number;
  unit?: string;
  /** Pass when value <= max and value >= min. */
  goal?: { max?: number; min?: number };
}

export interface BenchModule {
  name: string;
  run(): Promise<BenchResult[]>;
}

export function meetsGoal(r: BenchResult): boolean | undefined {
  if (!r.goal) return undefined;
  return (r.goal.max === undefined || r.value <= r.goal.max) && (r.goal.min === undefined || r.value >= r.goal.min);
}

const formatGoal = (g: BenchResult['goal']) =>
  !g ? '' : [g.min !== undefined ? `>= ${g.min}` : '', g.max !== undefined ? `<= ${g.max}` : ''].filter(Boolean).join(' and ');

const formatValue = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

export function renderTable(rows: Array<{ bench: string } & BenchResult>): string {
  const table = [
    ['bench', 'metric', 'value', 'unit', 'goal', 'ok'],
    ...rows.map((r) => {
      const ok = meetsGoal(r);
      return [r.bench, r.metric, formatValue(r.value), r.unit ?? '', formatGoal(r.goal), ok === undefined ? '' : ok ? 'yes' : 'MISSED'];
    }),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return table.map((row) => row.map((cell, i) => (i === 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

async function main(filters: string[]): Promise<number> {
  const dir = dirname(fileURLToPath(import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  const rows: Array<{ bench: string } & BenchResult> = [];
  const failures: string[] = [];
  const started = Date.now();
  const took = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
  for (const file of files) {
    const bench = (await import(pathToFileURL(join(dir, file)).href)) as BenchModule;
    process.stderr.write(`running ${bench.name} (${file})…\n`);
    const benchStarted = Date.now();
    try {
      for (const r of await bench.run()) rows.push({ bench: bench.name, ...r });
      process.stderr.write(`${bench.name} done in ${took(benchStarted)}\n`);
    } catch (err) {
      failures.push(bench.name);
      process.stderr.write(`${bench.name} failed after ${took(benchStarted)}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
  }
  const missed = rows.filter((r) => meetsGoal(r) === false).length;
  console.log(renderTable(rows));
  console.log(
    `\n${rows.filter((r) => r.goal).length} goals, ${missed} missed` +
      (failures.length ? `; failed to run: ${failures.join(', ')}` : '') +
      `; total time ${took(started)}`,
  );
  return failures.length > 0 || missed > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
