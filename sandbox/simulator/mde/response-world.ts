// The response side of each simulated tenant's Defender for Endpoint: its devices, their machine actions
// and its custom indicators, built lazily from the seed; plus the switches tests and the demo turn: the
// machine-action timing, the indicator cap, and whether the MDE API has been retired (404/410).
import type { Clock } from '../clock';
import { hashString } from '../prng';
import { IndicatorStore, TENANT_INDICATOR_CAP } from './indicators';
import { DEFAULT_ACTION_TIMING, MachineActions, type MachineActionTiming } from './machine-actions';
import { DEVICE_GROUP_NAMES, generateMachines, type Machine } from './machines';

export interface TenantResponse {
  machines: Machine[];
  actions: MachineActions;
  indicators: IndicatorStore;
}

/** What answers once Microsoft has switched the MDE API off: 410 Gone, or a bare 404. */
export type Retirement = false | 404 | 410;

export interface MdeResponseOptions {
  /** Devices per tenant (at least the fixed six). Default 12. */
  machines?: number;
  timing?: Partial<MachineActionTiming>;
  indicatorCap?: number;
}

/** The in-process handle (Simulator.mdeResponse) and what the control API exposes. */
export interface MdeResponseControl {
  machines(tenantId?: string): Machine[];
  machineByName(name: string, tenantId?: string): Machine[];
  /** MachineAction entities, newest first. */
  machineActions(tenantId?: string): Array<Record<string, unknown>>;
  /** Isolation / restriction as the device's succeeded actions leave it. */
  deviceState(machineId: string, tenantId?: string): { isolated: boolean; isolationScope: string | null; restricted: boolean };
  indicators(tenantId?: string): Array<Record<string, unknown>>;
  setTiming(timing: Partial<MachineActionTiming>): void;
  setIndicatorCap(cap: number): void;
  /** false: the API works; 404 or 410: every /api/* call answers that (the 2027-02-01 retirement). */
  retire(status: Retirement): void;
  retired(): Retirement;
}

export class MdeResponseState implements MdeResponseControl {
  private readonly tenants = new Map<string, TenantResponse>();
  private timing: MachineActionTiming;
  private cap: number;
  private retirement: Retirement = false;

  constructor(
    private readonly clock: Clock,
    private readonly seed: number,
    private readonly defaultTenant: string,
    private readonly o: MdeResponseOptions = {},
  ) {
    this.timing = { ...DEFAULT_ACTION_TIMING, ...o.timing };
    this.cap = o.indicatorCap ?? TENANT_INDICATOR_CAP;
  }

  tenant(tenantId: string = this.defaultTenant): TenantResponse {
    const key = tenantId.toLowerCase();
    let t = this.tenants.get(key);
    if (!t) {
      t = {
        machines: generateMachines(this.seed ^ hashString(key), Math.max(6, this.o.machines ?? 12), this.clock.now()),
        actions: new MachineActions(this.clock, () => ({ ...this.timing })),
        indicators: new IndicatorStore(this.clock, DEVICE_GROUP_NAMES, () => this.cap),
      };
      this.tenants.set(key, t);
    }
    return t;
  }

  machines(tenantId?: string): Machine[] {
    return this.tenant(tenantId).machines;
  }

  machineByName(name: string, tenantId?: string): Machine[] {
    return this.machines(tenantId).filter((m) => m.computerDnsName.toLowerCase() === name.toLowerCase());
  }

  machineActions(tenantId?: string): Array<Record<string, unknown>> {
    const t = this.tenant(tenantId);
    return t.actions.all().map((a) => t.actions.view(a));
  }

  deviceState(machineId: string, tenantId?: string) {
    return this.tenant(tenantId).actions.stateOf(machineId);
  }

  indicators(tenantId?: string): Array<Record<string, unknown>> {
    return this.tenant(tenantId).indicators.all();
  }

  setTiming(timing: Partial<MachineActionTiming>): void {
    this.timing = { ...this.timing, ...timing };
  }

  setIndicatorCap(cap: number): void {
    this.cap = cap;
  }

  retire(status: Retirement): void {
    this.retirement = status;
  }

  retired(): Retirement {
    return this.retirement;
  }

  reset(): void {
    this.tenants.clear();
    this.retirement = false;
    this.timing = { ...DEFAULT_ACTION_TIMING, ...this.o.timing };
    this.cap = this.o.indicatorCap ?? TENANT_INDICATOR_CAP;
  }
}
