// Entra ID (v2 token endpoint) error bodies: {error, error_description, error_codes, timestamp,
// trace_id, correlation_id}, as in errors.json `401_invalid_client_secret`.
import { randomUUID } from 'node:crypto';
import { entraTimestamp } from '../time';
import type { SimResponse } from '../http/response';

export interface EntraErrorSpec {
  status: number;
  error: string;
  code: number;
  message: string;
}

const REVIEW = 'Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .';

export const entraErrors = {
  invalidSecret: (clientId: string): EntraErrorSpec => ({
    status: 401, error: 'invalid_client', code: 7000215,
    message: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  }),
  unknownClient: (clientId: string, tenant: string): EntraErrorSpec => ({
    status: 400, error: 'unauthorized_client', code: 700016,
    message: `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  }),
  unknownTenant: (tenant: string): EntraErrorSpec => ({
    status: 400, error: 'invalid_request', code: 90002,
    message: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  }),
  expiredAssertion: (now: string, nbf: string, exp: string): EntraErrorSpec => ({
    status: 401, error: 'invalid_client', code: 700024,
    message: `Client assertion is not within its valid time range. Current time: ${now}, assertion valid from ${nbf}, expiry time of assertion ${exp}. ${REVIEW}`,
  }),
  unregisteredKey: (clientId: string, thumbprint: string): EntraErrorSpec => ({
    status: 401, error: 'invalid_client', code: 700027,
    message: `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`,
  }),
  badSignature: (): EntraErrorSpec => ({
    status: 401, error: 'invalid_client', code: 700027, message: `Client assertion failed signature validation. ${REVIEW}`,
  }),
  assertionAudience: (): EntraErrorSpec => ({
    status: 401, error: 'invalid_client', code: 700023, message: `Client assertion audience claim does not match Realm issuer. ${REVIEW}`,
  }),
  assertionSubject: (): EntraErrorSpec => ({
    status: 401, error: 'invalid_client', code: 700021, message: `Client assertion application identifier doesn't match 'client_id' parameter. ${REVIEW}`,
  }),
  malformedAssertion: (detail: string): EntraErrorSpec => ({
    status: 401, error: 'invalid_client', code: 50027, message: `JWT token is invalid or is malformed. ${detail}`,
  }),
  missingScope: (): EntraErrorSpec => ({
    status: 400, error: 'invalid_scope', code: 70011, message: `The provided request must include a 'scope' input parameter.`,
  }),
  invalidScope: (scope: string): EntraErrorSpec => ({
    status: 400, error: 'invalid_scope', code: 70011,
    message: `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid. The resource principal named ${scope.replace(/\/\.default$/, '')} was not found in the tenant.`,
  }),
  scopeNotDefault: (scope: string): EntraErrorSpec => ({
    status: 400, error: 'invalid_scope', code: 1002012,
    message: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  }),
  missingParameter: (name: string): EntraErrorSpec => ({
    status: 400, error: 'invalid_request', code: 900144, message: `The request body must contain the following parameter: '${name}'.`,
  }),
  missingCredential: (): EntraErrorSpec => ({
    status: 401, error: 'invalid_client', code: 7000218, message: `The request body must contain the following parameter: 'client_assertion' or 'client_secret'.`,
  }),
  unsupportedGrant: (grant: string): EntraErrorSpec => ({
    status: 400, error: 'unsupported_grant_type', code: 70003, message: `The app requested an unsupported grant type '${grant}'.`,
  }),
  transient: (status: number): EntraErrorSpec => ({
    status, error: 'temporarily_unavailable', code: 90033, message: 'A transient error has occurred. Please try again.',
  }),
};

/** The response for one Entra error; correlation_id echoes the client's `client-request-id`. */
export function entraErrorResponse(spec: EntraErrorSpec, nowMs: number, correlationId?: string): SimResponse {
  const timestamp = entraTimestamp(nowMs);
  const traceId = randomUUID();
  const correlation = correlationId ?? randomUUID();
  return {
    status: spec.status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store, no-cache' },
    body: {
      error: spec.error,
      error_description: `AADSTS${spec.code}: ${spec.message} Trace ID: ${traceId} Correlation ID: ${correlation} Timestamp: ${timestamp}`,
      error_codes: [spec.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlation,
    },
  };
}
