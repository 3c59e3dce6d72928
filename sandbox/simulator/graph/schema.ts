// Graph security types as far as the simulator needs them: property names (for $select and
// error messages), filterable fields and the enums they use.
import type { FilterSchema } from '../odata/filter-compile';
import {
  alertClassification, alertDetermination, alertSeverity, alertStatus, incidentStatus, serviceSource,
} from '../data/enums';

export const INCIDENT_TYPE = 'microsoft.graph.security.incident';
export const ALERT_TYPE = 'microsoft.graph.security.alert';

export const INCIDENT_PROPERTIES = [
  'id', 'incidentWebUrl', 'redirectIncidentId', 'tenantId', 'displayName', 'createdDateTime', 'lastUpdateDateTime',
  'assignedTo', 'classification', 'determination', 'status', 'severity', 'customTags', 'comments', 'systemTags',
  'description', 'lastModifiedBy', 'resolvingComment', 'summary', 'priorityScore', 'alerts',
] as const;

export const ALERT_PROPERTIES = [
  'id', 'providerAlertId', 'incidentId', 'status', 'severity', 'classification', 'determination', 'serviceSource',
  'detectionSource', 'detectorId', 'tenantId', 'title', 'description', 'recommendedActions', 'category', 'assignedTo',
  'alertWebUrl', 'incidentWebUrl', 'actorDisplayName', 'threatDisplayName', 'threatFamilyName', 'mitreTechniques',
  'createdDateTime', 'lastUpdateDateTime', 'resolvedDateTime', 'firstActivityDateTime', 'lastActivityDateTime',
  'comments', 'evidence', 'systemTags', 'productName', 'alertPolicyId', 'investigationState', 'additionalData',
  'customDetails', 'categories',
] as const;

const common = {
  lastUpdateDateTime: { kind: 'datetime' },
  createdDateTime: { kind: 'datetime' },
  severity: { kind: 'enum', members: alertSeverity.members, graphEnum: alertSeverity },
  classification: { kind: 'enum', members: alertClassification.members, graphEnum: alertClassification },
  determination: { kind: 'enum', members: alertDetermination.members, graphEnum: alertDetermination },
  assignedTo: { kind: 'string' },
} as const;

export const INCIDENT_FILTER: FilterSchema = {
  typeName: INCIDENT_TYPE,
  filterable: { ...common, status: { kind: 'enum', members: incidentStatus.members, graphEnum: incidentStatus } },
  properties: INCIDENT_PROPERTIES,
};

export const ALERT_FILTER: FilterSchema = {
  typeName: ALERT_TYPE,
  filterable: {
    ...common,
    status: { kind: 'enum', members: alertStatus.members, graphEnum: alertStatus },
    serviceSource: { kind: 'enum', members: serviceSource.members, graphEnum: serviceSource },
  },
  properties: ALERT_PROPERTIES,
};

export const ROLES = {
  incidentRead: ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'],
  incidentWrite: ['SecurityIncident.ReadWrite.All'],
  // A live 403 for alerts_v2 lists the incident roles too: they are accepted for reading alerts.
  alertRead: ['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All', 'SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'],
  alertWrite: ['SecurityAlert.ReadWrite.All'],
} as const;
