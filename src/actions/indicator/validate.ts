// Pure validators for Defender for Endpoint custom indicators (defender-response.md §2): each returns the
// value Defender expects or one message saying what is wrong and how to write it. Nothing is sent for a
// row that fails any of them.
import { isIP } from 'node:net';

export const INDICATOR_TYPES = ['FileSha1', 'FileSha256', 'FileMd5', 'CertificateThumbprint', 'IpAddress', 'DomainName', 'Url'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

/** The actions to offer (Alert and AlertAndBlock were "supported until January 2022"). */
export const INDICATOR_ACTIONS = ['Block', 'Warn', 'Audit', 'Allowed', 'BlockAndRemediate'] as const;
export type IndicatorAction = (typeof INDICATOR_ACTIONS)[number];

export const INDICATOR_SEVERITIES = ['Informational', 'Low', 'Medium', 'High'] as const;
export type IndicatorSeverity = (typeof INDICATOR_SEVERITIES)[number];

/** Which actions each type takes: file actions (BlockAndRemediate) only for file hashes. */
const FILE_TYPES: readonly IndicatorType[] = ['FileSha1', 'FileSha256', 'FileMd5'];

export type Checked<T> = { value: T } | { error: string };

const shown = (v: string): string => JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);

/** Case-insensitive match against a closed list, answering with the canonical spelling. */
export function oneOf<T extends string>(what: string, list: readonly T[], raw: string): Checked<T> {
  const hit = list.find((x) => x.toLowerCase() === raw.trim().toLowerCase());
  return hit ? { value: hit } : { error: `${what} ${shown(raw)} is not one of ${list.join(', ')}` };
}

const HEX = /^[0-9a-fA-F]+$/;
const HASH_LENGTH: Partial<Record<IndicatorType, number>> = { FileSha1: 40, FileSha256: 64, FileMd5: 32, CertificateThumbprint: 40 };
const LABEL: Record<IndicatorType, string> = {
  FileSha1: 'a SHA-1 has 40 hex digits',
  FileSha256: 'a SHA-256 has 64 hex digits',
  FileMd5: 'an MD5 has 32 hex digits',
  CertificateThumbprint: 'a certificate thumbprint (SHA-1) has 40 hex digits',
  IpAddress: 'an IP is one IPv4 or IPv6 address (Defender takes no CIDR ranges)',
  DomainName: 'a domain is a host name such as evil.example.com (no scheme, path or port)',
  Url: 'a URL starts with http:// or https://',
};

const DOMAIN = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,62}$/;

/** The indicator value, normalised (hashes lower-case), or why it is not of that type. */
export function checkValue(type: IndicatorType, raw: string): Checked<string> {
  const v = raw.trim();
  if (!v) return { error: 'the indicator value is empty' };
  const bad = (): Checked<string> => ({ error: `${shown(v)} is not a valid ${type}: ${LABEL[type]}` });
  const length = HASH_LENGTH[type];
  if (length !== undefined) return v.length === length && HEX.test(v) ? { value: v.toLowerCase() } : bad();
  switch (type) {
    case 'IpAddress':
      return isIP(v) !== 0 ? { value: v } : bad();
    case 'DomainName': {
      const lower = v.toLowerCase().replace(/\.$/, '');
      return DOMAIN.test(lower) ? { value: lower } : bad();
    }
    default: {
      // Url: parsed by WHATWG rules; only http(s), with a host, and no credentials in it.
      let u: URL;
      try {
        u = new URL(v);
      } catch {
        return bad();
      }
      if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname || /\s/.test(v)) return bad();
      if (u.username || u.password) return { error: `${shown(v)} carries credentials (user:password@); remove them before submitting` };
      return { value: v };
    }
  }
}

/** The type a value most likely is, for rows without an explicit type. A 40-digit hex is taken as SHA-1. */
export function inferType(raw: string): IndicatorType | undefined {
  const v = raw.trim();
  if (HEX.test(v)) return v.length === 64 ? 'FileSha256' : v.length === 40 ? 'FileSha1' : v.length === 32 ? 'FileMd5' : undefined;
  if (isIP(v) !== 0) return 'IpAddress';
  if (/^https?:\/\//i.test(v)) return 'Url';
  if (DOMAIN.test(v.toLowerCase().replace(/\.$/, ''))) return 'DomainName';
  return undefined;
}

/** Also accepts the short names analysts type: sha1, sha256, md5, cert, ip, domain, url. */
export function checkType(raw: string): Checked<IndicatorType> {
  const alias: Record<string, IndicatorType> = {
    sha1: 'FileSha1', sha256: 'FileSha256', md5: 'FileMd5', cert: 'CertificateThumbprint', certificate: 'CertificateThumbprint',
    ip: 'IpAddress', ipv4: 'IpAddress', ipv6: 'IpAddress', domain: 'DomainName', url: 'Url',
  };
  const hit = alias[raw.trim().toLowerCase()];
  return hit ? { value: hit } : oneOf('indicator type', INDICATOR_TYPES, raw);
}

export function checkActionFor(type: IndicatorType, raw: string): Checked<IndicatorAction> {
  const a = oneOf('indicator action', INDICATOR_ACTIONS, raw);
  if ('error' in a) return a;
  if (a.value === 'BlockAndRemediate' && !FILE_TYPES.includes(type)) return { error: `BlockAndRemediate applies to file hashes only, not to ${type}: use Block` };
  return a;
}

const DAY = 86_400_000;
/** Relative expiries: 30d, 12h, 2w (from now). */
const RELATIVE = /^\+?(\d{1,4})\s*([hdw])$/i;

/** An ISO 8601 date-time or date, or a relative 30d / 12h / 2w; must be in the future. Empty → none. */
export function checkExpiration(raw: string, nowMs: number): Checked<string | undefined> {
  const v = raw.trim();
  if (!v) return { value: undefined };
  const rel = RELATIVE.exec(v);
  let ms: number;
  if (rel) ms = nowMs + Number(rel[1]) * { h: 3_600_000, d: DAY, w: 7 * DAY }[(rel[2] as string).toLowerCase() as 'h' | 'd' | 'w'];
  else if (/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) {
    // A date alone means the end of that day in UTC; a time without a zone is UTC.
    const withZone = /T|\s/.test(v) ? (/(Z|[+-]\d{2}:?\d{2})$/.test(v) ? v.replace(' ', 'T') : `${v.replace(' ', 'T')}Z`) : `${v}T23:59:59Z`;
    ms = Date.parse(withZone);
  } else ms = NaN;
  if (Number.isNaN(ms)) return { error: `expiration ${shown(v)} is not a date: use ISO 8601 (2027-01-31 or 2027-01-31T12:00:00Z) or a relative 30d, 12h, 2w` };
  if (ms <= nowMs) return { error: `expiration ${new Date(ms).toISOString()} is in the past` };
  return { value: new Date(ms).toISOString().replace('.000Z', 'Z') };
}

/** yes/no in the ways Splunk users write it (checkbox 1/0, true/false, yes/no). Empty → undefined. */
export function checkBoolean(what: string, raw: string): Checked<boolean | undefined> {
  const v = raw.trim().toLowerCase();
  if (!v) return { value: undefined };
  if (['1', 'true', 'yes', 'y', 't', 'on'].includes(v)) return { value: true };
  if (['0', 'false', 'no', 'n', 'f', 'off'].includes(v)) return { value: false };
  return { error: `${what} ${shown(raw)} is not true or false` };
}

/** Comma-separated device group names (Defender's rbacGroupNames); empty → all devices. */
export function checkDeviceGroups(raw: string): Checked<string[]> {
  const groups = [...new Set(raw.split(',').map((g) => g.trim()).filter(Boolean))];
  const bad = groups.find((g) => g.length > 128 || /[\u0000-\u001f]/.test(g));
  return bad ? { error: `device group ${shown(bad)} is not a device group name` } : { value: groups };
}

/** Free text Defender requires or bounds (title, description). */
export function checkText(what: string, raw: string, max: number, required: boolean): Checked<string | undefined> {
  const v = raw.trim();
  if (!v) return required ? { error: `${what} is required` } : { value: undefined };
  if (v.length > max) return { error: `${what} is ${v.length} characters; Defender takes at most ${max}` };
  return { value: v };
}
