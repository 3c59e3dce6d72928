// Runs one device action on the planned devices through the Defender for Endpoint API: resolve names
// (one $filter call per 10 names; a name two devices share is refused), start the machine action on each
// device, follow them all until they finish or time runs out, then fetch the investigation package's link.
// A device with the same action already active (ActiveRequestAlreadyExists) is reported, never retried.
import { DefenderError } from '../../defender/errors';
import { mdeRowFailure } from '../../defender/mde-retirement';
import { asPage, odataString, odataUrl } from '../../defender/odata';
import type { DefenderSession } from '../../defender/session';
import { ACTION_SPECS, actionBody, MACHINE_READ_ROLE, requestedLabel } from './catalog';
import { followActions, type FollowClock, type MachineActionView } from './follow';
import { nameFilter, type DeviceInput } from './targets';

export type DeviceResult = 'succeeded' | 'failed' | 'refused' | 'pending_duplicate' | 'in_progress';

export interface DeviceOutcome {
  result: DeviceResult;
  httpStatus: number;
  error?: string;
  deviceId?: string;
  deviceName?: string;
  defenderActionId?: string;
  /** MachineAction status as last read (Pending, InProgress, Succeeded, Failed, …). */
  defenderStatus?: string;
  packageUri?: string;
  machineTags?: string[];
  /** The request this one turned out to repeat (a name and an id of the same device). */
  sameAs?: string;
}

const NAMES_PER_LOOKUP = 10;
const ACTION_ID = /^[0-9A-Za-z-]{1,64}$/;

interface Machine {
  id: string;
  computerDnsName?: string;
  machineTags?: string[];
}

const failed = (err: unknown): DeviceOutcome => {
  const f = mdeRowFailure(err);
  return { result: 'failed', httpStatus: f.httpStatus, error: f.error };
};

/** Name → devices of that name, for every distinct name the rows use. A failed lookup fails its rows. */
async function resolveNames(session: DefenderSession, names: readonly string[]): Promise<Map<string, Machine[] | { error: unknown }>> {
  const out = new Map<string, Machine[] | { error: unknown }>();
  for (let i = 0; i < names.length; i += NAMES_PER_LOOKUP) {
    const chunk = names.slice(i, i + NAMES_PER_LOOKUP);
    try {
      const { data } = await session.mde.call<unknown>({
        method: 'GET',
        url: odataUrl(session.endpoints.mdeUrl, '/api/machines', { filter: nameFilter(chunk) }),
        requiredRole: MACHINE_READ_ROLE,
      });
      const machines = asPage<Machine>(data)?.value ?? [];
      for (const n of chunk) out.set(n.toLowerCase(), machines.filter((m) => (m.computerDnsName ?? '').toLowerCase() === n.toLowerCase()));
    } catch (error) {
      for (const n of chunk) out.set(n.toLowerCase(), { error });
    }
  }
  return out;
}

/** The active machine action that made Defender answer ActiveRequestAlreadyExists (best effort). */
async function activeActionId(session: DefenderSession, deviceId: string, type: string): Promise<string | undefined> {
  try {
    const { data } = await session.mde.call<unknown>({
      method: 'GET',
      url: odataUrl(session.endpoints.mdeUrl, '/api/machineactions', { filter: `machineId eq ${odataString(deviceId)} and type eq ${odataString(type)}` }),
      requiredRole: MACHINE_READ_ROLE,
    });
    return asPage<MachineActionView>(data)?.value.find((a) => a.status === 'Pending' || a.status === 'InProgress')?.id;
  } catch {
    return undefined;
  }
}

/** One distinct request: `key` is the caller's handle for its outcome. */
export interface DeviceTarget {
  key: string;
  input: DeviceInput;
}

/** One action by id, or several with one `$filter=id eq … or …` list call. */
async function readActions(session: DefenderSession, ids: readonly string[]): Promise<MachineActionView[]> {
  if (ids.length === 1) {
    const { data } = await session.mde.call<MachineActionView>({ method: 'GET', url: `${session.endpoints.mdeUrl}/api/machineactions/${ids[0]}`, requiredRole: MACHINE_READ_ROLE });
    return data ? [data] : [];
  }
  const filter = ids.map((id) => `id eq ${odataString(id)}`).join(' or ');
  const { data } = await session.mde.call<unknown>({ method: 'GET', url: odataUrl(session.endpoints.mdeUrl, '/api/machineactions', { filter }), requiredRole: MACHINE_READ_ROLE });
  return asPage<MachineActionView>(data)?.value ?? [];
}

export async function applyDeviceAction(
  session: DefenderSession,
  todo: readonly DeviceTarget[],
  o: { clock: FollowClock; deadline: number },
): Promise<Map<string, DeviceOutcome>> {
  const outcomes = new Map<string, DeviceOutcome>();

  // 1. Names → device ids.
  const names = [...new Set(todo.flatMap((t) => (t.input.ref.kind === 'name' ? [t.input.ref.name] : [])))];
  const resolved = names.length > 0 ? await resolveNames(session, names) : new Map<string, Machine[] | { error: unknown }>();
  const targets: Array<DeviceTarget & { deviceId: string; deviceName?: string }> = [];
  const firstOf = new Map<string, string>();
  for (const t of todo) {
    const ref = t.input.ref;
    let deviceId: string;
    let deviceName: string | undefined;
    if (ref.kind === 'id') deviceId = ref.id;
    else {
      const found = resolved.get(ref.name.toLowerCase());
      if (!found || 'error' in found) {
        outcomes.set(t.key, { ...failed(found && 'error' in found ? found.error : 'not resolved'), deviceName: ref.name });
        continue;
      }
      if (found.length === 0) {
        outcomes.set(t.key, { result: 'failed', httpStatus: 200, deviceName: ref.name, error: `no device named '${ref.name}' in Defender for Endpoint (names are matched exactly against computerDnsName, e.g. ws-0042.contoso.com); use the MDE device id` });
        continue;
      }
      const ids = found.map((m) => m.id);
      if (found.length > 1 || !/^[0-9a-f]{40}$/.test(ids[0] ?? '')) {
        outcomes.set(t.key, {
          result: 'refused',
          httpStatus: 200,
          deviceName: ref.name,
          error: `device name '${ref.name}' is ambiguous: ${found.length} devices have it (ids ${ids.join(', ')}); nothing was done: run the action with the MDE device id`,
        });
        continue;
      }
      deviceId = ids[0] as string;
      deviceName = found[0]?.computerDnsName;
    }
    // A name and an id can name the same device: act once.
    const same = `${deviceId}|${requestedLabel(t.input.request)}|${t.input.sha1 ?? ''}`;
    const first = firstOf.get(same);
    if (first !== undefined) {
      outcomes.set(t.key, { result: 'succeeded', httpStatus: 0, deviceId, sameAs: first });
      continue;
    }
    firstOf.set(same, t.key);
    targets.push({ ...t, deviceId, ...(deviceName ? { deviceName } : {}) });
  }

  // 2. Start the action on every device (paced by the session's MDE limiter).
  const started = new Map<string, { key: string; type: string }>();
  for (const t of targets) {
    const { request, sha1 } = t.input;
    const spec = ACTION_SPECS[request.action];
    const base = { deviceId: t.deviceId, ...(t.deviceName ? { deviceName: t.deviceName } : {}) };
    try {
      const { status, data } = await session.mde.call<MachineActionView & Machine>({
        method: 'POST',
        url: `${session.endpoints.mdeUrl}/api/machines/${t.deviceId}/${spec.path}`,
        body: actionBody(request, sha1),
        requiredRole: spec.role,
      });
      if (!spec.type) {
        // Tags apply at once: Defender answers with the device.
        outcomes.set(t.key, { ...base, result: 'succeeded', httpStatus: status, deviceName: data?.computerDnsName ?? t.deviceName, machineTags: data?.machineTags ?? [] });
        continue;
      }
      const id = String(data?.id ?? '');
      outcomes.set(t.key, { ...base, result: 'in_progress', httpStatus: status, defenderActionId: id, defenderStatus: String(data?.status ?? 'Pending'), deviceName: (data?.computerDnsName as string | undefined) ?? t.deviceName });
      if (ACTION_ID.test(id)) started.set(id, { key: t.key, type: spec.type });
    } catch (err) {
      if (err instanceof DefenderError && err.apiCode === 'ActiveRequestAlreadyExists') {
        const existing = spec.type ? await activeActionId(session, t.deviceId, spec.type) : undefined;
        outcomes.set(t.key, {
          ...base,
          result: 'pending_duplicate',
          httpStatus: err.status ?? 400,
          ...(existing ? { defenderActionId: existing } : {}),
          error: `the device already has a ${spec.type} action pending${existing ? ` (${existing})` : ''}; not sent again: follow it in the Defender portal`,
        });
      } else outcomes.set(t.key, { ...base, ...failed(err) });
    }
  }

  // 3. Follow until final or out of time.
  const followed = await followActions(
    [...started.entries()].map(([id, s]) => ({ id, status: outcomes.get(s.key)?.defenderStatus ?? 'Pending' })),
    (ids) => readActions(session, ids),
    o,
  );
  for (const [id, f] of followed) {
    const { key, type } = started.get(id) as { key: string; type: string };
    const out = outcomes.get(key) as DeviceOutcome;
    const status = String(f.action.status);
    out.defenderStatus = status;
    if (status === 'Succeeded') {
      out.result = 'succeeded';
      if (type === 'CollectInvestigationPackage') {
        try {
          const { data } = await session.mde.call<{ value?: string }>({ method: 'GET', url: `${session.endpoints.mdeUrl}/api/machineactions/${id}/GetPackageUri`, requiredRole: ACTION_SPECS.collect_investigation_package.role });
          if (data?.value) out.packageUri = data.value;
        } catch (err) {
          out.error = `collected, but the download link could not be read: ${mdeRowFailure(err).error}`;
        }
      }
    } else if (['Failed', 'TimeOut', 'Cancelled'].includes(status)) {
      out.result = 'failed';
      const why = typeof f.action.troubleshootInfo === 'string' && f.action.troubleshootInfo ? `: ${f.action.troubleshootInfo}` : '';
      out.error = `Defender reports the ${type} action ${id} as ${status}${why}`;
    } else {
      out.result = 'in_progress';
      out.error = f.readError
        ? `started (action ${id}), but its status could not be read: ${mdeRowFailure(f.readError).error}`
        : `still ${status} when the action's time ran out; Defender carries on: follow action ${id} in the Defender portal`;
    }
  }
  // Requests that named a device already acted on share its outcome.
  for (const [key, out] of outcomes) if (out.sameAs) outcomes.set(key, { ...(outcomes.get(out.sameAs) as DeviceOutcome), sameAs: out.sameAs });
  return outcomes;
}
