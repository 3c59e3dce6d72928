// A row's error from a failed call. Every Defender answer becomes a per-row message, never a crash; 404 and
// 410 from an action endpoint mean the endpoint is gone (retired, beta withdrawn, not in this cloud) and say so.
import { DefenderError } from '../../defender/errors';
import { describeFailure } from '../../inputs/common/run';

export interface RowError {
  httpStatus: number | null;
  error: string;
}

export function rowError(err: unknown): RowError {
  return { httpStatus: err instanceof DefenderError ? err.status ?? null : null, error: err instanceof DefenderError ? err.message : describeFailure(err).message };
}

export const isGone = (err: unknown): boolean => err instanceof DefenderError && (err.status === 410 || err.status === 404);

/**
 * For a call whose endpoint (not its target) answered 404/410: which endpoint, that nothing changed, and what
 * to do. `status` says why it may be gone (e.g. "Graph beta: preview APIs can change or be withdrawn").
 */
export function goneError(err: DefenderError, endpoint: string, status: string): RowError {
  return {
    httpStatus: err.status ?? null,
    error: `${endpoint} answered ${err.status}: the endpoint is not available to this tenant (${status}); nothing was changed. Check Microsoft's Graph changelog and the add-on's release notes for a replacement. Microsoft said: ${err.detail}`,
  };
}
