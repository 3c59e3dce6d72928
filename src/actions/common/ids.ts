// Hostile-id rules shared by every action: a value from a search result reaches a URL path only after it
// matched the strict pattern of its kind (Defender ids are letters, digits and a few separators), and is
// then percent-encoded anyway. Anything else — `../`, `%2F`, query strings, unicode digits, control
// characters — is refused before any call, and shown escaped and shortened in the row's error.
import type { ResultValue } from '../../splunk/alert/payload';

/** A value safe to show in a message: hostile ids are shown escaped and shortened. */
export function shown(value: string): string {
  const s = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  return s.slice(1, -1);
}

/** A string that matched its kind's id pattern; only these go into URL paths (through `pathSegment`). */
export type SafeId = string & { readonly __safeId: unique symbol };

export interface IdRule {
  pattern: RegExp;
  /** What a valid value looks like, for the error: "an identity account id (letters, digits, '-' and '_')". */
  expected: string;
}

/** One value of a result field: multi-value fields with more than one value are refused. */
export function singleValue(value: ResultValue | undefined, field: string): { value: string } | { problem: string } {
  if (Array.isArray(value) && value.length > 1) return { problem: `field '${field}' has ${value.length} values; one per row is needed` };
  const v = (Array.isArray(value) ? value[0] : value) ?? '';
  return { value: v.trim() };
}

export function checkId(value: string, rule: IdRule, what: string): { id: SafeId } | { problem: string } {
  if (value === '') return { problem: `${what} is missing` };
  if (!rule.pattern.test(value)) return { problem: `'${shown(value)}' is not ${rule.expected}` };
  return { id: value as SafeId };
}

/** The id as one URL path segment. */
export const pathSegment = (id: SafeId): string => encodeURIComponent(id);
