// Graph security/incidents?$expand=alerts, ordered by lastUpdateDateTime, 50 per page (Graph's maximum).
import { PAGE_LIMIT } from '../../defender/odata';
import type { DefenderSession } from '../../defender/session';
import type { EventTarget } from '../common/events';
import { fetchGraphPage, timeFilterClause } from '../common/graph-list';
import type { IngestPlan } from '../common/ingest';
import { keysetPages } from '../common/keyset';
import { keyOf } from '../common/records';
import { incidentEvents } from './map';
import { EmittedIncidents } from './versions';

export const INCIDENTS_ROLE = 'SecurityIncident.Read.All';
export const INCIDENTS_PATH = '/security/incidents';

export function incidentsPlan(session: DefenderSession, target: EventTarget): IngestPlan {
  const top = PAGE_LIMIT.incidents;
  const emitted = new EmittedIncidents();
  return {
    pages: (cursor) =>
      keysetPages(
        {
          key: (r) => keyOf(r, 'lastUpdateDateTime', 'incident'),
          fetch: (filter, skip) =>
            fetchGraphPage(
              session,
              INCIDENTS_PATH,
              { filter: timeFilterClause('lastUpdateDateTime', filter), orderby: 'lastUpdateDateTime asc', top, skip, expand: 'alerts' },
              INCIDENTS_ROLE,
            ),
        },
        cursor,
      ),
    events: (record, state) => {
      const { id, time } = keyOf(record, 'lastUpdateDateTime', 'incident');
      const events = incidentEvents(record, target, state.alertsSince ?? null, emitted.get(id));
      emitted.remember(id, time);
      return events;
    },
    // The next run re-sends only alerts that changed after this run's cursor (ids included: an alert at
    // exactly that instant came with the incidents emitted then).
    caughtUp: (state) => ({ ...state, alertsSince: state.cursor }),
  };
}
