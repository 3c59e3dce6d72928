// OData query strings for Graph and Defender for Endpoint list calls, and page limits (defender-api.md §2, §3, §5).

export const PAGE_LIMIT = {
  /** Graph security/incidents: `$top` above 50 is answered with 400. */
  incidents: 50,
  /** Graph security/alerts_v2. */
  alertsV2: 2000,
  /** Defender for Endpoint /api/alerts. */
  mdeAlerts: 10000,
} as const;

export interface ODataQuery {
  filter?: string;
  orderby?: string;
  top?: number;
  skip?: number;
  expand?: string;
}

export interface ODataPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

/** `root/path?$filter=…` with the values percent-encoded (spaces as %20, which every OData server reads). */
export function odataUrl(root: string, path: string, q: ODataQuery): string {
  const parts: string[] = [];
  if (q.filter) parts.push(`$filter=${encodeURIComponent(q.filter)}`);
  if (q.orderby) parts.push(`$orderby=${encodeURIComponent(q.orderby)}`);
  if (q.top !== undefined) parts.push(`$top=${q.top}`);
  if (q.skip) parts.push(`$skip=${q.skip}`);
  if (q.expand) parts.push(`$expand=${encodeURIComponent(q.expand)}`);
  return `${root}${path}${parts.length ? `?${parts.join('&')}` : ''}`;
}

/** A page body as the API documents it; anything else is a protocol error for the caller to report. */
export function asPage<T>(data: unknown): ODataPage<T> | undefined {
  if (data && typeof data === 'object' && Array.isArray((data as { value?: unknown }).value)) return data as ODataPage<T>;
  return undefined;
}

/** An OData string literal: single quotes doubled. */
export const odataString = (value: string): string => `'${value.replace(/'/g, "''")}'`;
