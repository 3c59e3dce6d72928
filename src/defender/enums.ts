// Values analysts may set on incidents and alerts (defender-api.md §2.2, §3.3, §4, §5.3), in Graph's
// camelCase names, with the pairing rules and the Defender for Endpoint (PascalCase) spellings.

export const INCIDENT_STATUSES = ['active', 'resolved', 'redirected'] as const;
export const ALERT_STATUSES = ['new', 'inProgress', 'resolved'] as const;
export const CLASSIFICATIONS = ['unknown', 'falsePositive', 'truePositive', 'informationalExpectedActivity'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** Determinations that fit each classification, as Microsoft documents them. */
export const DETERMINATIONS_BY_CLASSIFICATION: Record<Classification, readonly string[]> = {
  truePositive: ['multiStagedAttack', 'maliciousUserActivity', 'compromisedAccount', 'malware', 'phishing', 'unwantedSoftware', 'other'],
  informationalExpectedActivity: ['securityTesting', 'lineOfBusinessApplication', 'confirmedActivity', 'other'],
  falsePositive: ['notMalicious', 'notEnoughDataToValidate', 'other'],
  unknown: ['unknown'],
};

// Graph's enum still lists apt and securityPersonnel, but no classification takes them any more (and MDE
// removed them in 2022), so they cannot be set.
export const DETERMINATIONS: readonly string[] = [...new Set(Object.values(DETERMINATIONS_BY_CLASSIFICATION).flat())];

/** Older names Graph docs and peers used, mapped to the current ones. */
const DETERMINATION_ALIASES: Record<string, string> = {
  compromiseduser: 'compromisedAccount',
  clean: 'notMalicious',
  insufficientdata: 'notEnoughDataToValidate',
  confirmeduseractivity: 'confirmedActivity',
};

const byLower = (values: readonly string[]): Map<string, string> => new Map(values.map((v) => [v.toLowerCase(), v]));
const INCIDENT_STATUS = byLower(INCIDENT_STATUSES);
const ALERT_STATUS = byLower(ALERT_STATUSES);
const CLASSIFICATION = byLower(CLASSIFICATIONS);
const DETERMINATION = byLower(DETERMINATIONS);

export type Normalised = { value: string } | { error: string };

function normalise(raw: string, table: Map<string, string>, what: string, allowed: readonly string[]): Normalised {
  const key = raw.trim().toLowerCase().replace(/[\s_-]/g, '');
  const value = table.get(key) ?? [...table.values()].find((v) => v.toLowerCase() === key);
  return value ? { value } : { error: `${what} '${raw}' is not one of ${allowed.join(', ')}` };
}

export const incidentStatus = (raw: string): Normalised =>
  normalise(raw, INCIDENT_STATUS, 'incident status', INCIDENT_STATUSES);
export const alertStatus = (raw: string): Normalised => normalise(raw, ALERT_STATUS, 'alert status', ALERT_STATUSES);
export const classification = (raw: string): Normalised =>
  normalise(raw, CLASSIFICATION, 'classification', CLASSIFICATIONS);
export function determination(raw: string): Normalised {
  const alias = DETERMINATION_ALIASES[raw.trim().toLowerCase()];
  return normalise(alias ?? raw, DETERMINATION, 'determination', DETERMINATIONS);
}

/** An error when the pair is one Defender would refuse; undefined when it fits (or either is unset). */
export function pairingProblem(cls: string | undefined, det: string | undefined): string | undefined {
  if (!det) return undefined;
  if (!cls)
    return `determination '${det}' needs a classification: set classification too (e.g. truePositive)`;
  const allowed = DETERMINATIONS_BY_CLASSIFICATION[cls as Classification];
  if (!allowed || allowed.includes(det)) return undefined;
  return `determination '${det}' does not fit classification '${cls}': use one of ${allowed.join(', ')}`;
}

// Defender for Endpoint spells values in PascalCase and names some determinations differently
// (its update-alert page's spellings).
const pascal = (v: string): string => v.charAt(0).toUpperCase() + v.slice(1);
const MDE_DETERMINATION: Record<string, string> = {
  compromisedAccount: 'CompromisedUser',
  notEnoughDataToValidate: 'InsufficientData',
};

export const mdeStatus = (graphStatus: string): string => pascal(graphStatus);
export const mdeClassification = (graphClassification: string): string => pascal(graphClassification);
export const mdeDetermination = (graphDetermination: string): string =>
  MDE_DETERMINATION[graphDetermination] ?? pascal(graphDetermination);
