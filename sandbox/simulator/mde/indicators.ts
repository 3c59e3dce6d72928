// Defender for Endpoint custom indicators (defender-response.md §2): submit-or-update keyed by type and
// value, import of up to 500 per call with a result per item, delete, and the tenant's cap of 15,000
// active indicators. Checks follow the documented fields; messages say what is wrong with which field.
import { isIP } from 'node:net';
import type { Clock } from '../clock';

export const INDICATOR_TYPES = ['FileSha1', 'FileMd5', 'CertificateThumbprint', 'FileSha256', 'IpAddress', 'DomainName', 'Url'] as const;
export const INDICATOR_ACTIONS = ['Alert', 'Warn', 'Block', 'Audit', 'BlockAndRemediate', 'AlertAndBlock', 'Allowed'] as const;
export const INDICATOR_SEVERITIES = ['Informational', 'Low', 'Medium', 'High'] as const;
export const TENANT_INDICATOR_CAP = 15_000;
export const IMPORT_MAX = 500;

const FIELDS = [
  'indicatorValue', 'indicatorType', 'action', 'application', 'title', 'description', 'expirationTime', 'severity',
  'recommendedActions', 'rbacGroupNames', 'educateUrl', 'generateAlert',
] as const;

export type Indicator = Record<string, unknown> & { id: string; indicatorValue: string; indicatorType: string };

const HEX = (n: number) => new RegExp(`^[0-9a-fA-F]{${n}}$`);
const VALUE_RULES: Record<string, { test: (v: string) => boolean; what: string }> = {
  FileSha1: { test: (v) => HEX(40).test(v), what: 'a SHA-1 hash (40 hex digits)' },
  FileMd5: { test: (v) => HEX(32).test(v), what: 'an MD5 hash (32 hex digits)' },
  FileSha256: { test: (v) => HEX(64).test(v), what: 'a SHA-256 hash (64 hex digits)' },
  CertificateThumbprint: { test: (v) => HEX(40).test(v), what: 'a certificate thumbprint (40 hex digits)' },
  IpAddress: { test: (v) => isIP(v) !== 0, what: 'an IPv4 or IPv6 address (CIDR ranges are not supported)' },
  DomainName: { test: (v) => /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/.test(v), what: 'a domain name' },
  Url: {
    test: (v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
      } catch {
        return false;
      }
    },
    what: 'an http or https URL',
  },
};

export class IndicatorStore {
  private readonly byId = new Map<string, Indicator>();
  private readonly byKey = new Map<string, string>();
  private nextId = 1001;

  constructor(
    private readonly clock: Clock,
    private readonly groups: readonly string[],
    private readonly cap: () => number,
  ) {}

  private key(type: string, value: string): string {
    return `${type}|${type === 'Url' || type === 'IpAddress' ? value : value.toLowerCase()}`;
  }

  /** Active = not expired. Expired indicators stay listed but no longer count against the cap. */
  activeCount(): number {
    const now = this.clock.now();
    let n = 0;
    for (const i of this.byId.values()) if (!i.expirationTime || Date.parse(String(i.expirationTime)) > now) n++;
    return n;
  }

  all(): Indicator[] {
    return [...this.byId.values()];
  }

  get(id: string): Indicator | undefined {
    return this.byId.get(id);
  }

  /** The first problem with an item, as MDE's failureReason / error message would say it. */
  check(item: unknown): string | undefined {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return 'The indicator must be a JSON object.';
    const b = item as Record<string, unknown>;
    for (const k of Object.keys(b)) if (!(FIELDS as readonly string[]).includes(k)) return `Unknown property '${k}' (names are case-sensitive: ${FIELDS.join(', ')}).`;
    for (const k of ['indicatorValue', 'indicatorType', 'action', 'title', 'description'] as const) {
      if (typeof b[k] !== 'string' || (b[k] as string).trim() === '') return `The field ${k} is required.`;
    }
    const type = b.indicatorType as string;
    const rule = VALUE_RULES[type];
    if (!rule) return `indicatorType '${type}' is not one of ${INDICATOR_TYPES.join(', ')}.`;
    if (!rule.test(b.indicatorValue as string)) return `indicatorValue '${String(b.indicatorValue).slice(0, 100)}' is not ${rule.what}.`;
    if (!(INDICATOR_ACTIONS as readonly string[]).includes(b.action as string)) return `action '${String(b.action)}' is not one of ${INDICATOR_ACTIONS.join(', ')}.`;
    if (b.severity !== undefined && b.severity !== null && !(INDICATOR_SEVERITIES as readonly string[]).includes(b.severity as string)) {
      return `severity '${String(b.severity)}' is not one of ${INDICATOR_SEVERITIES.join(', ')}.`;
    }
    if (b.action === 'Audit' && b.generateAlert !== true) return 'generateAlert must be true when action is Audit.';
    if (b.generateAlert !== undefined && typeof b.generateAlert !== 'boolean') return 'generateAlert must be a boolean.';
    if (b.expirationTime !== undefined && b.expirationTime !== null) {
      const t = typeof b.expirationTime === 'string' ? Date.parse(b.expirationTime) : NaN;
      if (Number.isNaN(t)) return `expirationTime '${String(b.expirationTime)}' is not a date-time.`;
      if (t <= this.clock.now()) return `expirationTime ${String(b.expirationTime)} is in the past.`;
    }
    if (b.rbacGroupNames !== undefined) {
      if (!Array.isArray(b.rbacGroupNames) || b.rbacGroupNames.some((g) => typeof g !== 'string')) return 'rbacGroupNames must be an array of device group names.';
      const unknown = (b.rbacGroupNames as string[]).filter((g) => !this.groups.includes(g));
      if (unknown.length > 0) return `Device group(s) not found: ${unknown.join(', ')}.`;
    }
    if (b.educateUrl !== undefined && (b.action !== 'Warn' && b.action !== 'Block')) return 'educateUrl applies to Warn and Block indicators only.';
    return undefined;
  }

  /** Submit or update (same type and value → same indicator); a new one over the cap is refused. */
  upsert(item: Record<string, unknown>, by: { appId: string; appName: string }): { indicator: Indicator } | { error: string; cap?: true } {
    const problem = this.check(item);
    if (problem) return { error: problem };
    const type = item.indicatorType as string;
    const value = item.indicatorValue as string;
    const key = this.key(type, value);
    const now = new Date(this.clock.now()).toISOString();
    const existing = this.byKey.get(key);
    if (existing) {
      const old = this.byId.get(existing) as Indicator;
      const updated: Indicator = { ...old, ...item, id: old.id, indicatorValue: old.indicatorValue, indicatorType: old.indicatorType, lastUpdateTime: now, lastUpdatedBy: by.appId };
      this.byId.set(existing, updated);
      return { indicator: updated };
    }
    if (this.activeCount() >= this.cap()) {
      return { error: `The tenant has reached the maximum of ${this.cap()} active indicators. Delete indicators or let them expire before adding more.`, cap: true };
    }
    const id = String(this.nextId++);
    const indicator: Indicator = {
      id,
      indicatorValue: value,
      indicatorType: type,
      action: item.action,
      application: item.application ?? null,
      source: by.appName,
      sourceType: 'AadApp',
      createdBy: by.appId,
      createdBySource: 'PublicApi',
      createdByDisplayName: by.appName,
      creationTimeDateTimeUtc: now,
      expirationTime: item.expirationTime ?? null,
      lastUpdateTime: now,
      lastUpdatedBy: by.appId,
      severity: item.severity ?? 'Informational',
      title: item.title,
      description: item.description,
      recommendedActions: item.recommendedActions ?? null,
      rbacGroupNames: item.rbacGroupNames ?? [],
      rbacGroupIds: [],
      generateAlert: item.generateAlert ?? false,
      ...(item.educateUrl !== undefined ? { educateUrl: item.educateUrl } : {}),
    };
    this.byId.set(id, indicator);
    this.byKey.set(key, id);
    return { indicator };
  }

  delete(id: string): boolean {
    const i = this.byId.get(id);
    if (!i) return false;
    this.byId.delete(id);
    this.byKey.delete(this.key(i.indicatorType, i.indicatorValue));
    return true;
  }
}
