// How long one run may take: most of its interval, so runs never pile up and a backlog is worked off over
// several intervals from the checkpoint (splunk-platform.md §1.7).
export const MIN_BUDGET_MS = 30_000;
export const MAX_BUDGET_MS = 3_600_000;
/** For cron-scheduled inputs, whose spacing we don't compute. */
export const CRON_BUDGET_MS = 240_000;

export function runBudgetMs(interval: string | undefined, defaultSeconds: number): number {
  const text = (interval ?? '').trim();
  const seconds = text === '' ? defaultSeconds : /^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
  if (seconds === undefined) return CRON_BUDGET_MS;
  if (seconds <= 0) return MAX_BUDGET_MS; // 0 / -1: run continuously or once
  return Math.min(MAX_BUDGET_MS, Math.max(MIN_BUDGET_MS, Math.floor(seconds * 900)));
}
