// Defender for Endpoint machine actions as a state machine on the simulator's clock: Pending, then
// InProgress once the device picks the action up, then Succeeded (or Failed: an inactive device never
// answers). The status is computed from the clock when read, so tests move time instead of waiting.
// One active (Pending or InProgress) action of a type per device: another gets 400 ActiveRequestAlreadyExists.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { Machine } from './machines';

export type MachineActionType =
  | 'Isolate'
  | 'Unisolate'
  | 'RunAntiVirusScan'
  | 'RestrictCodeExecution'
  | 'UnrestrictCodeExecution'
  | 'CollectInvestigationPackage'
  | 'StopAndQuarantineFile';

export type MachineActionStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'Failed';

export interface MachineActionTiming {
  /** How long an action stays Pending (the device has not picked it up yet). */
  pendingMs: number;
  /** How long it then runs (InProgress) before its final state. */
  runningMs: number;
}

export const DEFAULT_ACTION_TIMING: MachineActionTiming = { pendingMs: 2_000, runningMs: 3_000 };

interface StoredAction {
  id: string;
  type: MachineActionType;
  scope: string | null;
  requestor: string;
  requestorComment: string;
  machineId: string;
  computerDnsName: string;
  createdMs: number;
  fails: boolean;
  relatedFileInfo: { fileIdentifier: string; fileIdentifierType: 'Sha1' } | null;
  timing: MachineActionTiming;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export class MachineActions {
  private readonly actions = new Map<string, StoredAction>();

  constructor(
    private readonly clock: Clock,
    private readonly timing: () => MachineActionTiming,
  ) {}

  statusOf(a: StoredAction, now = this.clock.now()): { status: MachineActionStatus; sinceMs: number } {
    const started = a.createdMs + a.timing.pendingMs;
    const ended = started + a.timing.runningMs;
    if (now < started) return { status: 'Pending', sinceMs: a.createdMs };
    if (now < ended) return { status: 'InProgress', sinceMs: started };
    return { status: a.fails ? 'Failed' : 'Succeeded', sinceMs: ended };
  }

  /** The MachineAction entity as the API returns it. */
  view(a: StoredAction): Record<string, unknown> {
    const { status, sinceMs } = this.statusOf(a);
    return {
      id: a.id,
      type: a.type,
      title: null,
      requestor: a.requestor,
      requestorComment: a.requestorComment,
      status,
      machineId: a.machineId,
      computerDnsName: a.computerDnsName,
      creationDateTimeUtc: iso(a.createdMs),
      lastUpdateDateTimeUtc: iso(sinceMs),
      cancellationRequestor: null,
      cancellationComment: null,
      cancellationDateTimeUtc: null,
      errorHResult: status === 'Failed' ? -2147024809 : 0,
      scope: a.scope,
      externalId: null,
      requestSource: 'PublicApi',
      relatedFileInfo: a.relatedFileInfo,
      commands: [],
      troubleshootInfo: status === 'Failed' ? 'The device did not respond: it has not reported to the service recently.' : null,
    };
  }

  /** An action of this type on this device that has not finished. */
  active(machineId: string, type: MachineActionType): StoredAction | undefined {
    for (const a of this.actions.values()) {
      if (a.machineId !== machineId || a.type !== type) continue;
      const s = this.statusOf(a).status;
      if (s === 'Pending' || s === 'InProgress') return a;
    }
    return undefined;
  }

  create(machine: Machine, type: MachineActionType, o: { requestor: string; comment: string; scope?: string; sha1?: string }): StoredAction {
    const a: StoredAction = {
      id: randomUUID(),
      type,
      scope: o.scope ?? null,
      requestor: o.requestor,
      requestorComment: o.comment,
      machineId: machine.id,
      computerDnsName: machine.computerDnsName,
      createdMs: this.clock.now(),
      fails: machine.healthStatus !== 'Active',
      relatedFileInfo: o.sha1 ? { fileIdentifier: o.sha1, fileIdentifierType: 'Sha1' } : null,
      timing: this.timing(),
    };
    this.actions.set(a.id, a);
    return a;
  }

  get(id: string): StoredAction | undefined {
    return this.actions.get(id.toLowerCase()) ?? this.actions.get(id);
  }

  /** Newest first, as the API lists them. */
  all(): StoredAction[] {
    return [...this.actions.values()].sort((x, y) => y.createdMs - x.createdMs);
  }

  /** Whether the device is isolated / restricted now: the last succeeded action of the pair decides. */
  stateOf(machineId: string): { isolated: boolean; isolationScope: string | null; restricted: boolean } {
    let isolated = false;
    let isolationScope: string | null = null;
    let restricted = false;
    const done = [...this.actions.values()]
      .filter((a) => a.machineId === machineId && this.statusOf(a).status === 'Succeeded')
      .sort((x, y) => x.createdMs - y.createdMs);
    for (const a of done) {
      if (a.type === 'Isolate') [isolated, isolationScope] = [true, a.scope];
      if (a.type === 'Unisolate') [isolated, isolationScope] = [false, null];
      if (a.type === 'RestrictCodeExecution') restricted = true;
      if (a.type === 'UnrestrictCodeExecution') restricted = false;
    }
    return { isolated, isolationScope, restricted };
  }
}
