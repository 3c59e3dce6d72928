// Graph security/alerts_v2, ordered by lastUpdateDateTime, 2000 per page, optionally only some service sources.
import { SOURCETYPE } from '../../config/names';
import { odataString, PAGE_LIMIT } from '../../defender/odata';
import type { DefenderSession } from '../../defender/session';
import { recordEvent, type EventTarget } from '../common/events';
import { fetchGraphPage, timeFilterClause } from '../common/graph-list';
import type { IngestPlan } from '../common/ingest';
import { keysetPages } from '../common/keyset';
import { keyOf } from '../common/records';

export const ALERTS_ROLE = 'SecurityAlert.Read.All';
export const ALERTS_PATH = '/security/alerts_v2';

/** `(serviceSource eq 'a' or serviceSource eq 'b')`, or undefined for all sources. */
export function serviceSourceClause(sources: readonly string[]): string | undefined {
  if (sources.length === 0) return undefined;
  return `(${sources.map((s) => `serviceSource eq ${odataString(s)}`).join(' or ')})`;
}

export function alertsPlan(session: DefenderSession, target: EventTarget, serviceSources: readonly string[]): IngestPlan {
  const top = PAGE_LIMIT.alertsV2;
  const sources = serviceSourceClause(serviceSources);
  return {
    pages: (cursor) =>
      keysetPages(
        {
          key: (r) => keyOf(r, 'lastUpdateDateTime', 'alert'),
          fetch: (filter, skip) => {
            const time = timeFilterClause('lastUpdateDateTime', filter);
            return fetchGraphPage(
              session,
              ALERTS_PATH,
              { filter: sources ? `${time} and ${sources}` : time, orderby: 'lastUpdateDateTime asc', top, skip },
              ALERTS_ROLE,
            );
          },
        },
        cursor,
      ),
    events: (record) => {
      const { time } = keyOf(record, 'lastUpdateDateTime', 'alert');
      return [recordEvent(record, time, SOURCETYPE.alert, target)];
    },
  };
}
