// Graph endpoints that live in their own folders (identity actions, beta createAlert, …) plug into the Graph
// router through this: after the rate limit and the token's tenant are checked, each extension may answer.
import type { TenantData } from '../data/tenant-data';
import type { SimResponse } from '../http/response';
import type { GraphCall } from './routes';

export type GraphVersion = 'v1.0' | 'beta';

/** What the router lends an extension for one call: Graph's error and success shapes. */
export interface GraphTools {
  json(status: number, body: unknown): SimResponse;
  /** Graph's error body; never returns. */
  fail(status: number, code: string, message: string): never;
  /** 403 "Missing application roles" unless the token has one of them. */
  requireRoles(required: readonly string[]): void;
  /** The JSON body, or Graph's 400 for a missing or malformed one. */
  body(): unknown;
  /** `@odata.context` for a fragment. */
  context(version: GraphVersion, fragment: string): string;
  newRequestId(): string;
}

export interface GraphExtension {
  /** Answers when the path (segments after the version, e.g. ['security','identities',…]) is its own. */
  route(call: GraphCall, version: GraphVersion, segs: readonly string[], t: TenantData, tools: GraphTools): SimResponse | undefined;
}
