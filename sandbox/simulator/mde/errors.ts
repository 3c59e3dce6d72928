// MDE error bodies: {"error":{"code","message","target":<correlation id>}} (common-errors.md).
import { MDE_JSON, jsonResponse, type SimResponse } from '../http/response';
import { timeSpan, type WindowLimit } from '../rate-limits';

export function mdeError(status: number, code: string, message: string, target: string, headers: Record<string, string> = {}): SimResponse {
  return jsonResponse(status, { error: { code, message, target } }, MDE_JSON, headers);
}

/** The quota body MDE sends on 429 (note the code is the string "429"). */
export function mdeThrottled(window: WindowLimit, target: string, retryAfter: string | undefined): SimResponse {
  return mdeError(429, '429', `API calls quota exceeded! maximum allowed ${window.limit} per ${timeSpan(window.windowMs)}`, target,
    retryAfter === undefined ? {} : { 'Retry-After': retryAfter });
}

export function mdeStatusError(status: number, target: string, retryAfter?: string): SimResponse {
  const headers: Record<string, string> = retryAfter === undefined ? {} : { 'Retry-After': retryAfter };
  switch (status) {
    case 429: return mdeThrottled({ limit: 100, windowMs: 60_000 }, target, retryAfter);
    case 401: return mdeError(401, 'Unauthorized', 'Unauthorized', target, headers);
    case 403: return mdeError(403, 'Forbidden', 'Forbidden', target, headers);
    case 404: return mdeError(404, 'NotFound', 'Resource not found', target, headers);
    case 500: return mdeError(500, 'InternalServerError', 'Internal server error', target, headers);
    default: return mdeError(status, status >= 500 ? 'ServiceUnavailable' : 'BadRequest', `Simulated HTTP ${status}`, target, headers);
  }
}

/** 403 when the token holds none of the application roles the call accepts (the message names them). */
export function mdeMissingRoles(granted: readonly string[], required: readonly string[], target: string): SimResponse | undefined {
  if (granted.some((r) => required.includes(r))) return undefined;
  return mdeError(403, 'Forbidden', `The application does not have any of the required application permissions (${required.join(', ')}) to access the resource. Granted: ${granted.join(', ') || '(none)'}.`, target);
}
