// One page of a Graph security list call, as records.
import { asPage, odataUrl, type ODataQuery } from '../../defender/odata';
import type { DefenderSession } from '../../defender/session';
import type { FetchedPage, TimeFilter } from './keyset';
import { RecordError, type DefenderRecord } from './records';

export function timeFilterClause(field: string, f: TimeFilter): string {
  return `${field} ${f.op} ${f.time}`;
}

export async function fetchGraphPage(
  session: DefenderSession,
  path: string,
  query: ODataQuery,
  requiredRole: string,
): Promise<FetchedPage<DefenderRecord>> {
  const url = odataUrl(`${session.endpoints.graphUrl}/v1.0`, path, query);
  const { data } = await session.graph.call<unknown>({ method: 'GET', url, requiredRole });
  const page = asPage<DefenderRecord>(data);
  if (!page) throw new RecordError(`Graph GET /v1.0${path} answered without a 'value' array`);
  // More when the page is full or the server says so (it may page below the $top we asked for).
  return { rows: page.value, more: Boolean(page['@odata.nextLink']) || (query.top !== undefined && page.value.length >= query.top) };
}
