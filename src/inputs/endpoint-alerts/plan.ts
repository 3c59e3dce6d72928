// Legacy Defender for Endpoint /api/alerts?$expand=evidence, read in time slices of at most 10,000 alerts
// (the API's maximum page; it documents no ordering).
import { SOURCETYPE } from '../../config/names';
import { asPage, odataUrl, PAGE_LIMIT } from '../../defender/odata';
import type { DefenderSession } from '../../defender/session';
import { recordEvent, type EventTarget } from '../common/events';
import type { IngestPlan } from '../common/ingest';
import { keyOf, RecordError, type DefenderRecord } from '../common/records';
import { timeSlicePages, type SliceQuery } from '../common/time-slices';

export const ENDPOINT_ALERTS_ROLE = 'Alert.Read.All';
export const ENDPOINT_ALERTS_PATH = '/api/alerts';

export function sliceFilter(q: SliceQuery): string {
  if (q.exactly) return `lastUpdateTime eq ${q.from}`;
  const from = `lastUpdateTime ${q.after ? 'gt' : 'ge'} ${q.from}`;
  return q.before ? `${from} and lastUpdateTime lt ${q.before}` : from;
}

export function endpointAlertsPlan(session: DefenderSession, target: EventTarget): IngestPlan {
  const top = PAGE_LIMIT.mdeAlerts;
  return {
    pages: (cursor) =>
      timeSlicePages(
        {
          key: (r) => keyOf(r, 'lastUpdateTime', 'Defender for Endpoint alert'),
          fetch: async (q) => {
            const url = odataUrl(session.endpoints.mdeUrl, ENDPOINT_ALERTS_PATH, {
              filter: sliceFilter(q),
              top,
              ...(q.skip ? { skip: q.skip } : {}),
              expand: 'evidence',
            });
            const { data } = await session.mde.call<unknown>({ method: 'GET', url, requiredRole: ENDPOINT_ALERTS_ROLE });
            const page = asPage<DefenderRecord>(data);
            if (!page) throw new RecordError(`Defender for Endpoint GET ${ENDPOINT_ALERTS_PATH} answered without a 'value' array`);
            return { rows: page.value, more: Boolean(page['@odata.nextLink']) || page.value.length >= top };
          },
        },
        cursor,
      ),
    events: (record) => {
      const { time } = keyOf(record, 'lastUpdateTime', 'Defender for Endpoint alert');
      return [recordEvent(record, time, SOURCETYPE.endpointAlert, target)];
    },
  };
}
