// Small statistics for benchmark samples.

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const MB = 1024 * 1024;

/**
 * A data size scaled by BENCH_SCALE (default 1), for quick runs while developing a benchmark
 * (`BENCH_SCALE=0.05 npm run bench -- ingest`). Printed metrics always name the sizes used.
 */
export function scaled(n: number): number {
  const factor = Number(process.env.BENCH_SCALE ?? '1');
  if (!Number.isFinite(factor) || factor <= 0) throw new Error(`BENCH_SCALE must be a positive number; got '${process.env.BENCH_SCALE}'`);
  return Math.max(1, Math.round(n * factor));
}
