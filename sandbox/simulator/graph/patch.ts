// PATCH bodies for incidents and alerts_v2: which properties may change, to which values
// (defender-api.md §2.2, §3.3). Pure: returns the changes or the 400 message.
import {
  alertClassification, alertDetermination, alertSeverity, determinationsByClassification, pairFits, type GraphEnum,
} from '../data/enums';
import type { GraphRecord } from '../data/graph-records';
import { ALERT_PROPERTIES, ALERT_TYPE, INCIDENT_PROPERTIES, INCIDENT_TYPE } from './schema';

export type PatchResult = { ok: true; changes: GraphRecord } | { ok: false; message: string };

type Rule =
  | { kind: 'string'; nullable: boolean }
  | { kind: 'strings' }
  | { kind: 'enum'; e: GraphEnum; allowed?: readonly string[] };

const usable = (e: GraphEnum): string[] => e.members.filter((m) => m !== 'unknownFutureValue');

const INCIDENT_RULES: Record<string, Rule> = {
  assignedTo: { kind: 'string', nullable: true },
  classification: { kind: 'enum', e: alertClassification, allowed: usable(alertClassification) },
  customTags: { kind: 'strings' },
  description: { kind: 'string', nullable: true },
  determination: { kind: 'enum', e: alertDetermination, allowed: usable(alertDetermination) },
  displayName: { kind: 'string', nullable: false },
  severity: { kind: 'enum', e: alertSeverity, allowed: usable(alertSeverity) },
  resolvingComment: { kind: 'string', nullable: true },
  // The 2026 update page: only these statuses can be set (not inProgress, not awaitingAction).
  status: { kind: 'enum', e: { name: 'incidentStatus', members: ['active', 'resolved', 'inProgress', 'redirected', 'unknownFutureValue', 'awaitingAction'] }, allowed: ['active', 'resolved', 'redirected'] },
  summary: { kind: 'string', nullable: true },
};

const ALERT_RULES: Record<string, Rule> = {
  assignedTo: { kind: 'string', nullable: true },
  classification: { kind: 'enum', e: alertClassification, allowed: usable(alertClassification) },
  determination: { kind: 'enum', e: alertDetermination, allowed: usable(alertDetermination) },
  status: { kind: 'enum', e: { name: 'alertStatus', members: ['unknown', 'new', 'inProgress', 'resolved', 'unknownFutureValue'] }, allowed: ['new', 'inProgress', 'resolved'] },
};

function check(body: unknown, rules: Record<string, Rule>, typeName: string, properties: readonly string[], current: GraphRecord): PatchResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.' };
  }
  const changes: GraphRecord = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '@odata.type') {
      if (typeof value !== 'string' || value.replace(/^#/, '') !== typeName) {
        return { ok: false, message: `A type named '${String(value)}' could not be resolved by the model; expected '#${typeName}'.` };
      }
      continue;
    }
    if (key.startsWith('@')) continue; // other instance annotations are ignored
    const rule = rules[key];
    if (!rule) {
      if (properties.includes(key)) return { ok: false, message: `The property '${key}' is read-only and cannot be updated. Updatable properties: ${Object.keys(rules).join(', ')}.` };
      return { ok: false, message: `The property '${key}' does not exist on type '${typeName}'. Make sure to only use property names that are defined by the type or mark the type as open type.` };
    }
    if (rule.kind === 'string') {
      if (!(typeof value === 'string' || (value === null && rule.nullable))) {
        return { ok: false, message: `Invalid value for property '${key}': expected a string${rule.nullable ? ' or null' : ''}, got ${JSON.stringify(value)}.` };
      }
    } else if (rule.kind === 'strings') {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
        return { ok: false, message: `Invalid value for property '${key}': expected an array of strings (the full list replaces the current one).` };
      }
    } else {
      if (typeof value !== 'string' || !rule.e.members.includes(value)) return { ok: false, message: `Requested value '${String(value)}' was not found.` };
      if (rule.allowed && !rule.allowed.includes(value)) {
        return { ok: false, message: `Invalid value '${value}' for property '${key}'. Allowed values: ${rule.allowed.join(', ')}.` };
      }
    }
    changes[key] = value;
  }
  const classification = (changes.classification ?? current.classification) as string | null;
  const determination = (changes.determination ?? current.determination) as string | null;
  if (('classification' in changes || 'determination' in changes) && !pairFits(classification, determination)) {
    const fits = determinationsByClassification[classification ?? 'unknown'] ?? [];
    return {
      ok: false,
      message: `Determination '${determination}' does not fit classification '${classification}'. `
        + `Valid determinations for ${classification}: ${['unknown', ...fits].join(', ')}. Send classification and determination together.`,
    };
  }
  return { ok: true, changes };
}

export function checkIncidentPatch(body: unknown, current: GraphRecord): PatchResult {
  return check(body, INCIDENT_RULES, INCIDENT_TYPE, INCIDENT_PROPERTIES, current);
}

export function checkAlertPatch(body: unknown, current: GraphRecord): PatchResult {
  return check(body, ALERT_RULES, ALERT_TYPE, ALERT_PROPERTIES, current);
}

/** POST …/comments body: {"@odata.type":"microsoft.graph.security.alertComment","comment":"…"}. */
export function checkCommentBody(body: unknown): { ok: true; comment: string } | { ok: false; message: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.' };
  }
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (key === '@odata.type') {
      if (typeof b[key] !== 'string' || (b[key] as string).replace(/^#/, '') !== 'microsoft.graph.security.alertComment') {
        return { ok: false, message: `A type named '${String(b[key])}' could not be resolved by the model; expected 'microsoft.graph.security.alertComment'.` };
      }
    } else if (key !== 'comment') {
      return { ok: false, message: `The property '${key}' does not exist on type 'microsoft.graph.security.alertComment'. Make sure to only use property names that are defined by the type or mark the type as open type.` };
    }
  }
  if (typeof b.comment !== 'string' || b.comment.trim() === '') {
    return { ok: false, message: `The property 'comment' is required and must be a non-empty string.` };
  }
  return { ok: true, comment: b.comment };
}
