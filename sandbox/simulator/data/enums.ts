// Enum members as Graph (CSDL v1.0) and MDE spell them. Graph members listed after
// `unknownFutureValue` are "evolvable": only sent as themselves with
// `Prefer: include-unknown-enum-members` (defender-api.md §2, §4).

export interface GraphEnum {
  name: string;
  members: readonly string[];
}

function graphEnum(name: string, members: readonly string[]): GraphEnum {
  return { name, members };
}

export const incidentStatus = graphEnum('incidentStatus', [
  'active', 'resolved', 'inProgress', 'redirected', 'unknownFutureValue', 'awaitingAction',
]);
export const alertStatus = graphEnum('alertStatus', ['unknown', 'new', 'inProgress', 'resolved', 'unknownFutureValue']);
export const alertSeverity = graphEnum('alertSeverity', [
  'unknown', 'informational', 'low', 'medium', 'high', 'unknownFutureValue',
]);
export const alertClassification = graphEnum('alertClassification', [
  'unknown', 'falsePositive', 'truePositive', 'informationalExpectedActivity', 'unknownFutureValue',
]);
export const alertDetermination = graphEnum('alertDetermination', [
  'unknown', 'apt', 'malware', 'securityPersonnel', 'securityTesting', 'unwantedSoftware', 'other',
  'multiStagedAttack', 'compromisedAccount', 'phishing', 'maliciousUserActivity', 'notMalicious',
  'notEnoughDataToValidate', 'confirmedActivity', 'lineOfBusinessApplication', 'unknownFutureValue',
]);
export const serviceSource = graphEnum('serviceSource', [
  'unknown', 'microsoftDefenderForEndpoint', 'microsoftDefenderForIdentity', 'microsoftDefenderForCloudApps',
  'microsoftDefenderForOffice365', 'microsoft365Defender', 'azureAdIdentityProtection', 'microsoftAppGovernance',
  'dataLossPrevention', 'unknownFutureValue', 'microsoftDefenderForCloud', 'microsoftSentinel',
  'microsoftInsiderRiskManagement', 'microsoftThreatIntelligence', 'microsoftSecurityForAI',
]);
export const detectionSource = graphEnum('detectionSource', [
  'unknown', 'microsoftDefenderForEndpoint', 'antivirus', 'smartScreen', 'customTi',
  'microsoftDefenderForOffice365', 'automatedInvestigation', 'microsoftThreatExperts', 'customDetection',
  'microsoftDefenderForIdentity', 'cloudAppSecurity', 'microsoft365Defender', 'azureAdIdentityProtection',
  'manual', 'microsoftDataLossPrevention', 'appGovernancePolicy', 'appGovernanceDetection', 'unknownFutureValue',
  'microsoftDefenderForCloud', 'microsoftDefenderForIoT', 'microsoftDefenderForServers',
  'microsoftDefenderForStorage', 'microsoftDefenderForDNS', 'microsoftDefenderForDatabases',
  'microsoftDefenderForContainers', 'microsoftDefenderForNetwork', 'microsoftDefenderForAppService',
  'microsoftDefenderForKeyVault', 'microsoftDefenderForResourceManager', 'microsoftDefenderForApiManagement',
  'nrtAlerts', 'scheduledAlerts', 'microsoftDefenderThreatIntelligenceAnalytics', 'builtInMl',
  'microsoftInsiderRiskManagement', 'microsoftThreatIntelligence', 'microsoftDefenderForAIServices',
  'securityCopilot', 'microsoftSentinel',
]);
export const investigationState = graphEnum('investigationState', [
  'unknown', 'terminated', 'successfullyRemediated', 'benign', 'failed', 'partiallyRemediated', 'running',
  'pendingApproval', 'pendingResource', 'queued', 'innerFailure', 'preexistingAlert', 'unsupportedOs',
  'unsupportedAlertType', 'suppressedAlert', 'partiallyInvestigated', 'terminatedByUser', 'terminatedBySystem',
  'unknownFutureValue',
]);
export const evidenceVerdict = graphEnum('evidenceVerdict', ['unknown', 'suspicious', 'malicious', 'noThreatsFound', 'unknownFutureValue']);
export const evidenceRemediationStatus = graphEnum('evidenceRemediationStatus', [
  'none', 'remediated', 'prevented', 'blocked', 'notFound', 'unknownFutureValue', 'active', 'pendingApproval',
  'declined', 'unremediated', 'running', 'partiallyRemediated',
]);
export const evidenceRole = graphEnum('evidenceRole', [
  'unknown', 'contextual', 'scanned', 'source', 'destination', 'created', 'added', 'compromised', 'edited',
  'attacked', 'attacker', 'commandAndControl', 'loaded', 'suspicious', 'policyViolator', 'unknownFutureValue',
]);

/** Members after the sentinel, i.e. the ones hidden without the Prefer header. */
export function evolvableMembers(e: GraphEnum): readonly string[] {
  const i = e.members.indexOf('unknownFutureValue');
  return i < 0 ? [] : e.members.slice(i + 1);
}

export function isEvolvable(e: GraphEnum, value: unknown): boolean {
  return typeof value === 'string' && evolvableMembers(e).includes(value);
}

/** The value as a client without `Prefer: include-unknown-enum-members` sees it. */
export function presentEnum(e: GraphEnum, value: string | null, includeUnknown: boolean): string | null {
  if (includeUnknown || value === null) return value;
  return isEvolvable(e, value) ? 'unknownFutureValue' : value;
}

/**
 * Determination → classification pairs as the docs map them. Graph's own behaviour on a
 * mismatched pair is undocumented; the simulator rejects mismatches (its strict choice).
 */
export const determinationsByClassification: Readonly<Record<string, readonly string[]>> = {
  truePositive: ['multiStagedAttack', 'maliciousUserActivity', 'compromisedAccount', 'malware', 'phishing', 'unwantedSoftware', 'other'],
  informationalExpectedActivity: ['securityTesting', 'lineOfBusinessApplication', 'confirmedActivity', 'other'],
  falsePositive: ['notMalicious', 'notEnoughDataToValidate', 'other'],
  unknown: [],
};

/** True when `determination` may stand with `classification` (unknown fits anything). */
export function pairFits(classification: string | null, determination: string | null): boolean {
  if (determination === null || determination === 'unknown') return true;
  const allowed = determinationsByClassification[classification ?? 'unknown'];
  return allowed !== undefined && allowed.includes(determination);
}

// ---- MDE (PascalCase) ----
export const mdeStatus = ['Unknown', 'New', 'InProgress', 'Resolved'] as const;
export const mdeSeverity = ['UnSpecified', 'Informational', 'Low', 'Medium', 'High'] as const;
export const mdeClassification = ['TruePositive', 'InformationalExpectedActivity', 'FalsePositive'] as const;
/** Union of the spellings the MDE update and batch-update pages use (defender-api.md §5.3). */
export const mdeDeterminationInput = [
  'MultiStagedAttack', 'MaliciousUserActivity', 'CompromisedUser', 'Malware', 'Phishing', 'UnwantedSoftware',
  'SecurityTesting', 'LineOfBusinessApplication', 'ConfirmedActivity', 'ConfirmedUserActivity', 'NotMalicious',
  'Clean', 'InsufficientData', 'Other',
] as const;
export const mdeDeterminationsByClassification: Readonly<Record<string, readonly string[]>> = {
  TruePositive: ['MultiStagedAttack', 'MaliciousUserActivity', 'CompromisedUser', 'Malware', 'Phishing', 'UnwantedSoftware', 'Other'],
  InformationalExpectedActivity: ['SecurityTesting', 'LineOfBusinessApplication', 'ConfirmedActivity', 'ConfirmedUserActivity', 'Other'],
  FalsePositive: ['NotMalicious', 'Clean', 'InsufficientData', 'Other'],
};
export const mdeInvestigationState = [
  'Unknown', 'Terminated', 'SuccessfullyRemediated', 'Benign', 'Failed', 'PartiallyRemediated', 'Running',
  'PendingApproval', 'PendingResource', 'Queued', 'InnerFailure', 'PartiallyInvestigated', 'TerminatedByUser',
  'TerminatedBySystem', 'UnsupportedOs', 'UnsupportedAlertType', 'SuppressedAlert',
] as const;
export const mdeDetectionSource = [
  'WindowsDefenderAtp', 'WindowsDefenderAv', 'WindowsDefenderSmartScreen', 'CustomerTI', 'AutomatedInvestigation',
  'MTP', 'CustomDetection', 'MicrosoftDefenderForIdentity',
] as const;
