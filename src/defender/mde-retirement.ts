// The Defender for Endpoint API retires on 2027-02-01 (MC1220762) and Graph has no replacement for device
// actions or custom indicators (defender-response.md §0–§2). Once it is gone, its endpoints answer 410 or a
// bare 404; a missing device or indicator is a 404 too, but with MDE's `ResourceNotFound` body. This tells
// the two apart so a row says "the API is retired" instead of "not found".
import { DefenderError } from './errors';

export const MDE_RETIREMENT_DATE = '2027-02-01';
export const MDE_LEGACY_LABEL = `legacy Defender for Endpoint API, retires ${MDE_RETIREMENT_DATE}`;

/** 410, or a 404 that is not MDE's answer about a missing record. */
export function isRetiredAnswer(err: unknown): err is DefenderError {
  if (!(err instanceof DefenderError) || err.context.api !== 'mde') return false;
  if (err.status === 410) return true;
  return err.status === 404 && err.apiCode !== 'ResourceNotFound';
}

export function retiredMessage(err: DefenderError): string {
  const where = `${err.context.method ?? 'GET'} ${err.context.path ?? ''}`.trim();
  return (
    `account '${err.context.account}' (tenant ${err.context.tenant}): the Defender for Endpoint API answered ${err.status} to ${where}: ` +
    `the endpoint is gone. Microsoft retired the MDE API on ${MDE_RETIREMENT_DATE} (MC1220762) and Microsoft Graph has no replacement ` +
    `for this action; nothing was changed. If the date has not passed, check the account's cloud (custom cloud: mde_url).`
  );
}

/** One row's failure: HTTP status and the message to report (retirement recognised). */
export function mdeRowFailure(err: unknown): { httpStatus: number; error: string; retired: boolean } {
  if (isRetiredAnswer(err)) return { httpStatus: err.status ?? 0, error: retiredMessage(err), retired: true };
  if (err instanceof DefenderError) return { httpStatus: err.status ?? 0, error: err.message, retired: false };
  return { httpStatus: 0, error: err instanceof Error ? err.message : String(err), retired: false };
}
