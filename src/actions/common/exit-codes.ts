// Exit codes of every Defender Sync alert action (docs/alert-action.md, docs/response.md). splunkd logs the
// code under component=sendmodalert; the outcome events say which rows caused it.
export const EXIT = {
  /** Every row succeeded (or, in a dry run, was planned). */
  ok: 0,
  /** The invocation could not be read: not --execute, malformed payload, unreadable results_file. */
  badInvocation: 1,
  /** Configuration problem (bad parameter values, unknown account, missing secret): nothing sent. */
  config: 2,
  /** Some rows were invalid and not sent; every other row succeeded. */
  invalidRows: 3,
  /** Some rows failed at Defender (refused, unreachable, retired endpoint, out of time). */
  failedRows: 4,
  /** Defender was changed but the outcome events could not be written to Splunk. */
  notRecorded: 5,
  /** Unexpected internal error (reported on the rows it affected). */
  internal: 6,
  /** The user who ran the action lacks the capability it needs (defender_sync_respond): nothing sent. */
  capabilityRefused: 7,
  /** More distinct targets than the run's cap (max_targets): nothing sent. */
  overCap: 8,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * The run's exit code once every row was attempted: a code already decided before any call (configuration,
 * capability, cap) wins; then an internal error, failed rows, invalid rows, unrecorded outcomes, in that order.
 */
export function finalExitCode(run: { decided?: ExitCode | undefined; internal: boolean; failed: boolean; invalid: boolean; recorded: boolean }): ExitCode {
  if (run.decided !== undefined) return run.decided;
  if (run.internal) return EXIT.internal;
  if (run.failed) return EXIT.failedRows;
  if (run.invalid) return EXIT.invalidRows;
  return run.recorded ? EXIT.ok : EXIT.notRecorded;
}
