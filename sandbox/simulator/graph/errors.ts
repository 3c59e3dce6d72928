// Graph error bodies: {"error":{"code","message","innerError":{date, request-id, client-request-id}}}
// as in errors.json; 429 uses the throttling guidance sample's exact shape.
import { graphErrorDate } from '../time';
import { GRAPH_JSON, jsonResponse, type SimResponse } from '../http/response';

export interface GraphRequestIds {
  requestId: string;
  clientRequestId: string;
  nowMs: number;
}

export function graphError(status: number, code: string, message: string, ids: GraphRequestIds, headers: Record<string, string> = {}): SimResponse {
  return jsonResponse(status, {
    error: {
      code,
      message,
      innerError: { date: graphErrorDate(ids.nowMs), 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId },
    },
  }, GRAPH_JSON, headers);
}

export function graphThrottled(ids: GraphRequestIds, retryAfter: string | undefined): SimResponse {
  return jsonResponse(429, {
    error: {
      code: 'TooManyRequests',
      innerError: { code: '429', date: graphErrorDate(ids.nowMs), message: 'Please retry after', 'request-id': ids.requestId, status: '429' },
      message: 'Please retry again later.',
    },
  }, GRAPH_JSON, retryAfter === undefined ? {} : { 'Retry-After': retryAfter });
}

/** 401 messages per token problem (code is always InvalidAuthenticationToken). */
export const GRAPH_401: Record<string, string> = {
  missing: 'Access token is empty.',
  malformed: 'IDX14100: JWT is not well formed, there are no dots (.). The token needs to be in JWS or JWE Compact Serialization Format.',
  signature: 'Access token validation failure. Invalid signature.',
  expired: 'Access token has expired or is not yet valid.',
  revoked: 'Access token has expired or is not yet valid.',
  audience: 'Access token validation failure. Invalid audience.',
};

/** `Missing application roles. API required roles: A,B, application roles: C,D.` */
export function missingRoles(required: readonly string[], granted: readonly string[], ids: GraphRequestIds): SimResponse {
  return graphError(403, 'Forbidden', `Missing application roles. API required roles: ${required.join(',')}, application roles: ${granted.join(',')}.`, ids);
}

export function graphStatusError(status: number, ids: GraphRequestIds, retryAfter?: string): SimResponse {
  const headers: Record<string, string> = retryAfter === undefined ? {} : { 'Retry-After': retryAfter };
  switch (status) {
    case 429: return graphThrottled(ids, retryAfter);
    case 401: return graphError(401, 'InvalidAuthenticationToken', GRAPH_401.expired as string, ids, headers);
    case 403: return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.', ids, headers);
    case 404: return graphError(404, 'NotFound', 'Resource not found.', ids, headers);
    case 500: return graphError(500, 'InternalServerError', 'An internal server error occurred.', ids, headers);
    case 502: return graphError(502, 'BadGateway', 'The server received an invalid response from an upstream server.', ids, headers);
    case 503: return graphError(503, 'serviceNotAvailable', 'Service is unavailable. Please retry later.', ids, headers);
    case 504: return graphError(504, 'GatewayTimeout', 'The gateway timed out waiting for an upstream server.', ids, headers);
    default: return graphError(status, status >= 500 ? 'UnknownError' : 'BadRequest', `Simulated HTTP ${status}.`, ids, headers);
  }
}
