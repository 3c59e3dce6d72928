// Generated Graph incidents and alerts_v2 records for one tenant. Record i is a pure function of
// (seed, i): nothing is stored per record, so a million alerts cost a few typed arrays.
import { hash32, Prng } from '../prng';
import { formatTicks, parseTimestamp, type Ticks } from '../time';
import type { BaseSource, RecordAdapter, SortField } from './collection';
import { determinationsByClassification, detectionSource as detectionSourceEnum } from './enums';
import { evidenceFor } from './evidence';
import { alertId, alertIndexOf, incidentId, incidentIndexOf } from './ids';
import { longTextIndices, Timeline } from './timeline';
import {
  ALERT_TITLES, AWKWARD, CATEGORIES, DESCRIPTIONS, INCIDENT_NAMES, longText, MITRE, RECOMMENDED_ACTIONS,
  TAGS, THREAT_FAMILIES, USERS,
} from './vocabulary';

export type GraphRecord = Record<string, unknown>;

const SALT_INCIDENT = 101;
const SALT_ALERT = 202;
const DAY = 864_000_000_000;

export interface GraphDataOptions {
  seed: number;
  tenantId: string;
  incidents: number;
  alertsPerIncident: { min: number; max: number };
  /** Time of the first record and the span all records are spread over (ticks). */
  start: Ticks;
  span: Ticks;
}

/** Service source → detection sources that go with it, and the alert id prefix. */
const SOURCES: Record<string, { detection: string[]; prefix: string; product: string }> = {
  microsoftDefenderForEndpoint: { detection: ['microsoftDefenderForEndpoint', 'antivirus', 'smartScreen', 'customTi', 'automatedInvestigation', 'customDetection'], prefix: 'da', product: 'Microsoft Defender for Endpoint' },
  microsoftDefenderForIdentity: { detection: ['microsoftDefenderForIdentity'], prefix: 'aa', product: 'Microsoft Defender for Identity' },
  microsoftDefenderForCloudApps: { detection: ['cloudAppSecurity'], prefix: 'ca', product: 'Microsoft Defender for Cloud Apps' },
  microsoftDefenderForOffice365: { detection: ['microsoftDefenderForOffice365'], prefix: 'fa', product: 'Microsoft Defender for Office 365' },
  microsoft365Defender: { detection: ['microsoft365Defender', 'customDetection'], prefix: 'ra', product: 'Microsoft Defender XDR' },
  azureAdIdentityProtection: { detection: ['azureAdIdentityProtection'], prefix: 'ad', product: 'Microsoft Entra ID Protection' },
  microsoftAppGovernance: { detection: ['appGovernancePolicy', 'appGovernanceDetection'], prefix: 'ag', product: 'App governance' },
  dataLossPrevention: { detection: ['microsoftDataLossPrevention'], prefix: 'dl', product: 'Microsoft Data Loss Prevention' },
  microsoftDefenderForCloud: { detection: ['microsoftDefenderForCloud', 'microsoftDefenderForServers', 'microsoftDefenderForStorage', 'microsoftDefenderForContainers', 'microsoftDefenderForKeyVault'], prefix: 'dc', product: 'Microsoft Defender for Cloud' },
  microsoftSentinel: { detection: ['scheduledAlerts', 'nrtAlerts', 'microsoftSentinel', 'builtInMl'], prefix: 'sn', product: 'Microsoft Sentinel' },
  microsoftInsiderRiskManagement: { detection: ['microsoftInsiderRiskManagement'], prefix: 'ir', product: 'Microsoft Purview Insider Risk Management' },
  microsoftThreatIntelligence: { detection: ['microsoftThreatIntelligence', 'microsoftDefenderThreatIntelligenceAnalytics'], prefix: 'ti', product: 'Microsoft Defender Threat Intelligence' },
  microsoftSecurityForAI: { detection: ['microsoftDefenderForAIServices', 'securityCopilot'], prefix: 'ai', product: 'Microsoft Security for AI' },
};
const COMMON_SOURCES = ['microsoftDefenderForEndpoint', 'microsoftDefenderForEndpoint', 'microsoftDefenderForOffice365', 'microsoftDefenderForIdentity', 'microsoftDefenderForCloudApps', 'microsoft365Defender', 'azureAdIdentityProtection', 'microsoftAppGovernance', 'dataLossPrevention'];
const EVOLVABLE_SOURCES = ['microsoftDefenderForCloud', 'microsoftSentinel', 'microsoftInsiderRiskManagement', 'microsoftThreatIntelligence', 'microsoftSecurityForAI'];
const SEVERITIES = ['informational', 'low', 'medium', 'high'];
const EVOLVABLE_DETECTION = detectionSourceEnum.members.slice(detectionSourceEnum.members.indexOf('unknownFutureValue') + 1);
export const INCIDENT_ODATA_TYPE = '#microsoft.graph.security.incident';
export const ALERT_ODATA_TYPE = '#microsoft.graph.security.alert';

/** Classification with a determination that fits it (docs mapping). */
function verdictPair(r: Prng, resolved: boolean): [string, string] {
  if (!resolved && r.chance(0.8)) return ['unknown', 'unknown'];
  const classification = r.pick(['truePositive', 'truePositive', 'falsePositive', 'informationalExpectedActivity']);
  return [classification, r.pick(determinationsByClassification[classification] as readonly string[])];
}

function pickUser(r: Prng, pNull: number): string | null {
  return r.chance(pNull) ? null : r.pick(USERS);
}

/** Adapter for stored Graph records (incidents and alerts share the time property names). */
export const graphAdapter = (filterable: readonly string[]): RecordAdapter<GraphRecord> => ({
  id: (r) => r.id as string,
  sortKey: (field: SortField, r) => parseTimestamp((field === 'updated' ? r.lastUpdateDateTime : r.createdDateTime) as string) as Ticks,
  fields: (r) => {
    const f: Record<string, unknown> = {};
    for (const k of filterable) f[k] = r[k];
    f.lastUpdateDateTime = parseTimestamp(r.lastUpdateDateTime as string);
    f.createdDateTime = parseTimestamp(r.createdDateTime as string);
    return f;
  },
});

export const INCIDENT_FILTERABLE = ['status', 'severity', 'classification', 'determination', 'assignedTo'] as const;
export const ALERT_FILTERABLE = ['status', 'severity', 'classification', 'determination', 'assignedTo', 'serviceSource'] as const;

export class GraphDataset {
  readonly incidentTimeline: Timeline;
  /** offsets[i]..offsets[i+1] are the base alert indices of incident i. */
  readonly offsets: Uint32Array;
  readonly alertCount: number;
  private readonly longIncidents: Set<number>;
  private readonly longAlerts: Set<number>;
  private readonly alertLead: Ticks;
  private readonly alertDstep: number;

  constructor(readonly o: GraphDataOptions) {
    const n = o.incidents;
    this.incidentTimeline = new Timeline({ seed: o.seed, salt: SALT_INCIDENT, count: n, start: o.start, span: o.span, createdLead: 2 * DAY });
    this.offsets = new Uint32Array(n + 1);
    const { min, max } = o.alertsPerIncident;
    for (let i = 0; i < n; i++) {
      this.offsets[i + 1] = (this.offsets[i] as number) + min + (hash32(o.seed, SALT_ALERT, 1, i) % (max - min + 1));
    }
    this.alertCount = this.offsets[n] as number;
    this.longIncidents = longTextIndices(n);
    this.longAlerts = longTextIndices(this.alertCount);
    this.alertLead = DAY;
    this.alertDstep = Math.max(1, Math.floor(this.alertLead / (2 * Math.max(1, this.alertCount))));
  }

  // ---- incidents ----

  private incidentCore(i: number) {
    const r = Prng.for(this.o.seed, SALT_INCIDENT, i, 1);
    const roll = r.float();
    const status = roll < 0.45 ? 'active' : roll < 0.65 ? 'inProgress' : roll < 0.9 ? 'resolved' : roll < 0.97 ? 'redirected' : 'awaitingAction';
    const severity = r.chance(0.02) ? 'unknown' : r.pick(SEVERITIES);
    const [classification, determination] = verdictPair(r, status === 'resolved');
    const assignedTo = pickUser(r, 0.4);
    return { status, severity, classification, determination, assignedTo };
  }

  incidentFields(i: number): Record<string, unknown> {
    return {
      ...this.incidentCore(i),
      lastUpdateDateTime: this.incidentTimeline.updated(i),
      createdDateTime: this.incidentTimeline.created(i),
    };
  }

  incident(i: number): GraphRecord {
    const core = this.incidentCore(i);
    const r = Prng.for(this.o.seed, SALT_INCIDENT, i, 2);
    const tl = this.incidentTimeline;
    const updated = tl.updated(i);
    const created = tl.created(i);
    const id = incidentId(i);
    const awkward = r.chance(0.08);
    const comments = [];
    for (let k = r.int(0, 2); k > 0; k--) {
      comments.push({
        comment: r.chance(0.2) ? r.pick(AWKWARD) : r.pick(['Demo incident', 'Investigating with the endpoint team', 'Escalated to tier 2']),
        createdByDisplayName: r.pick(USERS),
        createdDateTime: formatTicks(created + r.int(1, 1000) * 10_000_000 + r.int(0, 9_999_999)),
      });
    }
    const resolved = core.status === 'resolved';
    return {
      '@odata.type': INCIDENT_ODATA_TYPE,
      id,
      incidentWebUrl: r.chance(0.5)
        ? `https://security.microsoft.com/incidents/${id}?tid=${this.o.tenantId}`
        : `https://security.microsoft.com/incident2/${id}/overview?tid=${this.o.tenantId}`,
      redirectIncidentId: core.status === 'redirected' ? incidentId(i + 1 < this.o.incidents ? i + 1 : Math.max(0, i - 1)) : null,
      tenantId: this.o.tenantId,
      displayName: awkward ? `${r.pick(INCIDENT_NAMES)} ${r.pick(AWKWARD)}` : r.pick(INCIDENT_NAMES),
      createdDateTime: formatTicks(created),
      lastUpdateDateTime: formatTicks(updated, 7, tl.shortForm(i) > 0),
      assignedTo: core.assignedTo,
      classification: core.classification,
      determination: core.determination,
      status: core.status,
      severity: core.severity,
      customTags: r.chance(0.6) ? [] : [r.pick(TAGS)],
      comments,
      systemTags: r.chance(0.85) ? [] : ['Defender Experts'],
      description: this.longIncidents.has(i) ? longText(`incident ${id}`) : r.chance(0.05) ? null : r.pick(DESCRIPTIONS) + (awkward ? ` ${r.pick(AWKWARD)}` : ''),
      lastModifiedBy: r.chance(0.5) ? null : `API-App:${r.pick(USERS)}`,
      resolvingComment: resolved && r.chance(0.6) ? r.pick(['Resolved: confirmed benign', 'Contained and remediated', r.pick(AWKWARD)]) : null,
      summary: r.chance(0.5) ? null : 'Defender Experts has identified malicious activity. This incident has been raised for your awareness and should be investigated as usual.',
      priorityScore: r.int(0, 100),
    };
  }

  // ---- alerts ----

  /** Incident index of base alert j (binary search over offsets). */
  incidentOf(j: number): number {
    let lo = 0, hi = this.o.incidents - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.offsets[mid] as number) <= j) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  alertRange(i: number): [number, number] {
    return [this.offsets[i] as number, this.offsets[i + 1] as number];
  }

  alertUpdated(j: number): Ticks {
    const i = this.incidentOf(j);
    const tl = this.incidentTimeline;
    const end = tl.updated(i);
    const prev = i > 0 ? tl.updated(i - 1) : end - tl.step;
    const [a, b] = this.alertRange(i);
    return prev + Math.floor(((end - prev) * (j - a + 1)) / (b - a));
  }

  alertCreated(j: number): Ticks {
    const jitter = hash32(this.o.seed, SALT_ALERT, 5, j) % this.alertDstep;
    return this.alertUpdated(j) - (this.alertLead - j * this.alertDstep) - jitter;
  }

  private alertCore(j: number) {
    const r = Prng.for(this.o.seed, SALT_ALERT, j, 1);
    const roll = r.float();
    const status = roll < 0.02 ? 'unknown' : roll < 0.5 ? 'new' : roll < 0.7 ? 'inProgress' : 'resolved';
    const severity = r.chance(0.02) ? 'unknown' : r.pick(SEVERITIES);
    const [classification, determination] = verdictPair(r, status === 'resolved');
    const serviceSource = r.chance(0.15) ? r.pick(EVOLVABLE_SOURCES) : r.pick(COMMON_SOURCES);
    const assignedTo = pickUser(r, 0.6);
    return { status, severity, classification, determination, serviceSource, assignedTo };
  }

  alertFields(j: number): Record<string, unknown> {
    return { ...this.alertCore(j), lastUpdateDateTime: this.alertUpdated(j), createdDateTime: this.alertCreated(j) };
  }

  alertIdOf(j: number): string {
    const source = SOURCES[this.alertCore(j).serviceSource] as { prefix: string };
    return alertId(source.prefix, j, this.o.seed);
  }

  alert(j: number): GraphRecord {
    const core = this.alertCore(j);
    const r = Prng.for(this.o.seed, SALT_ALERT, j, 2);
    const i = this.incidentOf(j);
    const source = SOURCES[core.serviceSource] as (typeof SOURCES)[string];
    const id = alertId(source.prefix, j, this.o.seed);
    const updated = this.alertUpdated(j);
    const created = this.alertCreated(j);
    const [, last] = this.alertRange(i);
    const shortForm = j === last - 1 && this.incidentTimeline.shortForm(i) > 0;
    const incId = incidentId(i);
    const awkward = r.chance(0.08);
    const detection = r.chance(0.03) ? r.pick(EVOLVABLE_DETECTION) : r.pick(source.detection);
    const category = r.pick(CATEGORIES);
    const threatFamily = r.pick(THREAT_FAMILIES);
    const firstActivity = created - r.int(1, 3600) * 10_000_000;
    return {
      '@odata.type': ALERT_ODATA_TYPE,
      id,
      providerAlertId: id,
      incidentId: incId,
      status: core.status,
      severity: core.severity,
      classification: core.classification,
      determination: core.determination,
      serviceSource: core.serviceSource,
      detectionSource: detection,
      detectorId: r.guid(),
      tenantId: this.o.tenantId,
      title: awkward ? `${r.pick(ALERT_TITLES)} ${r.pick(AWKWARD)}` : r.pick(ALERT_TITLES),
      description: this.longAlerts.has(j) ? longText(`alert ${id}`) : r.pick(DESCRIPTIONS),
      recommendedActions: r.chance(0.3) ? '' : RECOMMENDED_ACTIONS,
      category,
      assignedTo: core.assignedTo,
      alertWebUrl: `https://security.microsoft.com/alerts/${id}?tid=${this.o.tenantId}`,
      incidentWebUrl: `https://security.microsoft.com/incidents/${incId}?tid=${this.o.tenantId}`,
      actorDisplayName: r.chance(0.8) ? null : r.pick(['Storm-0501', 'Midnight Blizzard']),
      threatDisplayName: threatFamily ? `Trojan:Win32/${threatFamily.replace(/\s/g, '')}` : null,
      threatFamilyName: threatFamily,
      mitreTechniques: r.chance(0.2) ? [] : [r.pick(MITRE)],
      createdDateTime: formatTicks(created),
      lastUpdateDateTime: formatTicks(updated, 7, shortForm),
      resolvedDateTime: core.status === 'resolved' ? formatTicks(updated) : null,
      firstActivityDateTime: formatTicks(firstActivity, 3),
      lastActivityDateTime: formatTicks(created - r.int(1, 600) * 10_000_000, 3),
      comments: [],
      evidence: evidenceFor(r, j, created),
      systemTags: r.chance(0.9) ? [] : ['Defender Experts'],
      productName: source.product,
      alertPolicyId: r.chance(0.7) ? null : r.guid(),
      investigationState: r.pick(['unknown', 'running', 'successfullyRemediated', 'benign', 'queued', 'pendingApproval']),
      additionalData: {},
      customDetails: r.chance(0.9) ? {} : { AffectedUser: r.pick(USERS) },
      categories: [category],
    };
  }

  incidentSource(): BaseSource<GraphRecord> {
    return {
      count: this.o.incidents,
      sortKey: (f, i) => (f === 'updated' ? this.incidentTimeline.updated(i) : this.incidentTimeline.created(i)),
      fields: (i) => this.incidentFields(i),
      record: (i) => this.incident(i),
      idOf: (i) => incidentId(i),
      indexOf: (id) => {
        const i = incidentIndexOf(id);
        return i >= 0 && i < this.o.incidents && incidentId(i) === id ? i : -1;
      },
    };
  }

  alertSource(): BaseSource<GraphRecord> {
    return {
      count: this.alertCount,
      sortKey: (f, j) => (f === 'updated' ? this.alertUpdated(j) : this.alertCreated(j)),
      fields: (j) => this.alertFields(j),
      record: (j) => this.alert(j),
      idOf: (j) => this.alertIdOf(j),
      indexOf: (id) => {
        const j = alertIndexOf(id);
        return j >= 0 && j < this.alertCount && this.alertIdOf(j) === id ? j : -1;
      },
    };
  }

  /** Prefix for a new alert of this service source. */
  static prefixFor(serviceSource: string): string {
    return SOURCES[serviceSource]?.prefix ?? 'da';
  }
}
