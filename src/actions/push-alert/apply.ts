// Creates one Defender alert per planned input through Graph beta (defender-response.md §3): POST
// /beta/security/alerts_v2/createAlert {createAlertInput} → 201 with the alert. The outcome carries the new
// alert's id and portal link, and the alert is ingested at once as the alerts input would (ms365:defender:alert),
// so searches see it before the next poll. A beta endpoint Microsoft withdrew (404/410) is a clear row error.
import { eventSource, SCHEME_ALERTS, SOURCETYPE } from '../../config/names';
import { DefenderError } from '../../defender/errors';
import type { DefenderSession } from '../../defender/session';
import { goneError, isGone, rowError } from '../common/errors';
import type { TargetOutcome } from '../common/outcome';
import type { ActionTarget } from '../common/run';
import { CREATE_ROLE } from './definition';
import type { CreateAlertInput } from './plan';

const PATH = '/beta/security/alerts_v2/createAlert';

interface CreatedAlert {
  id?: unknown;
  alertWebUrl?: unknown;
  incidentId?: unknown;
  incidentWebUrl?: unknown;
  [k: string]: unknown;
}

async function create(session: DefenderSession, input: CreateAlertInput, tenant: string): Promise<TargetOutcome> {
  try {
    const { status, data } = await session.graph.call<CreatedAlert>({
      method: 'POST',
      url: `${session.endpoints.graphUrl}${PATH}`,
      body: { createAlertInput: input },
      requiredRole: CREATE_ROLE,
      // Each POST creates an alert: a 5xx or a reset may come after Defender created it, so only a 429 is retried.
      idempotent: false,
    });
    if (!data || typeof data.id !== 'string')
      return { ok: false, httpStatus: status, error: `Graph POST ${PATH} answered ${status} without the new alert's id: the alert may exist; check Defender before running again` };
    const { ['@odata.context']: _context, ...record } = data;
    return {
      ok: true,
      httpStatus: status,
      defenderActionId: data.id,
      details: {
        alert_id: data.id,
        ...(typeof data.alertWebUrl === 'string' ? { alert_web_url: data.alertWebUrl } : {}),
        ...(typeof data.incidentId === 'string' ? { incident_id: data.incidentId } : {}),
        ...(typeof data.incidentWebUrl === 'string' ? { incident_web_url: data.incidentWebUrl } : {}),
      },
      events: [{ sourcetype: SOURCETYPE.alert, source: eventSource(SCHEME_ALERTS, tenant), record }],
    };
  } catch (err) {
    if (isGone(err))
      return { ok: false, ...goneError(err as DefenderError, `Graph beta POST ${PATH}`, 'createAlert is a Graph beta (preview) API that Microsoft may change or withdraw; it has no v1.0 equivalent yet') };
    return { ok: false, ...rowError(err) };
  }
}

export async function pushAlerts(session: DefenderSession, targets: ReadonlyArray<ActionTarget<CreateAlertInput>>, tenant: string): Promise<Map<string, TargetOutcome>> {
  const out = new Map<string, TargetOutcome>();
  // One at a time: each creates something, so a retry must never race a slow first attempt.
  for (const t of targets) out.set(t.planned.requestKey, await create(session, t.planned.input, tenant));
  return out;
}
