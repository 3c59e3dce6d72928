// Redaction of secrets from text and structured values, shared by every logger of a family.
// Two defences: the exact secrets the process has been told about (client secrets, private keys, session
// keys), and shapes that are secret whatever their value (JWTs, bearer tokens, `password=…`, PEM keys).

export const MASK = '********';

/** Secrets shorter than this are ignored: masking every "abc" in every line would destroy the logs. */
const MIN_SECRET_LENGTH = 4;
/** Lines of a multi-line secret (a PEM body) are masked on their own when at least this long. */
const MIN_LINE_LENGTH = 16;

const SENSITIVE_NAMES =
  'client_secret|clientSecret|password|passwd|clear_password|proxy_password|session_key|sessionKey|' +
  'access_token|refresh_token|id_token|client_assertion|private_key';

const PATTERNS: Array<[RegExp, string]> = [
  // PEM private keys, also after newlines were folded into "\n".
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g, MASK],
  // JWTs (header starts with base64url('{"')): access tokens, client assertions.
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, MASK],
  // `Authorization: Splunk <key>` / `"Authorization":"Bearer …"`: the whole credential, scheme included.
  [/(\bAuthorization\\?["']?\s*[:=]\s*\\?["']?)(?:(?:Bearer|Splunk|Basic|Negotiate)\s+)?[^\s"'\\,;&}]+/gi, `$1${MASK}`],
  [/(\bBearer\s+)[A-Za-z0-9._~+/=-]+/g, `$1${MASK}`],
  // `<session_key>…</session_key>` from modular-input XML.
  [/(<session_key>)[^<]*(<\/session_key>)/g, `$1${MASK}$2`],
  // key="quoted value" / "key":"value" (JSON).
  [new RegExp(`\\b(${SENSITIVE_NAMES})("?\\s*[=:]\\s*)"(?:\\\\.|[^"\\\\])*"`, 'gi'), `$1$2"${MASK}"`],
  // \"key\":\"value\" (JSON escaped inside a quoted key=value).
  [new RegExp(`\\b(${SENSITIVE_NAMES})(\\\\"\\s*:\\s*)\\\\"(?:(?!\\\\")[\\s\\S])*\\\\"`, 'gi'), `$1$2\\"${MASK}\\"`],
  // key='value'
  [new RegExp(`\\b(${SENSITIVE_NAMES})(\\s*[=:]\\s*)'[^']*'`, 'gi'), `$1$2'${MASK}'`],
  // key=value (form bodies, query strings, log fields).
  [new RegExp(`\\b(${SENSITIVE_NAMES})(\\s*[=:]\\s*)(?!\\\\?["'])[^\\s"'&,;}\\\\]+`, 'gi'), `$1$2${MASK}`],
];

/** Field and object keys whose values are secrets whatever they look like. */
const SENSITIVE_KEY = new RegExp(`^(${SENSITIVE_NAMES}|secret|authorization|token|apikey|api_key)$`, 'i');

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

/** A set of known secrets, shared by a logger and its children. */
export class SecretSet {
  private readonly variants = new Set<string>();
  private ordered: string[] = [];

  add(secret: string): void {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return;
    const forms = new Set<string>([secret]);
    // The forms a secret takes once it has been escaped into JSON, a quoted key=value or a form body.
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(secret.replace(/\\/g, '\\\\').replace(/"/g, '\\"'));
    forms.add(encodeURIComponent(secret));
    for (const line of secret.split(/\r?\n/)) if (line.trim().length >= MIN_LINE_LENGTH) forms.add(line.trim());
    let changed = false;
    for (const f of forms) {
      if (f.length >= MIN_SECRET_LENGTH && !this.variants.has(f)) {
        this.variants.add(f);
        changed = true;
      }
    }
    // Longest first, so a secret that contains another is masked whole.
    if (changed) this.ordered = [...this.variants].sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.ordered.length;
  }

  /** Masks known secrets, then secret-shaped text. */
  redact(text: string): string {
    let out = text;
    for (const s of this.ordered) if (out.includes(s)) out = out.split(s).join(MASK);
    return redactPatterns(out);
  }
}

export function redactPatterns(text: string): string {
  let out = text;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

/**
 * Deep copy of a value with every string redacted and sensitive keys masked; Errors become plain objects
 * (name, message, stack) so their text is redacted too. Cycles are cut.
 */
export function redactValue(value: unknown, secrets: SecretSet, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return secrets.redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: secrets.redact(value.message) };
    if (value.stack) out.stack = secrets.redact(value.stack);
    for (const [k, v] of Object.entries(value)) out[k] = isSensitiveKey(k) ? MASK : redactValue(v, secrets, seen);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, seen));
  if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isSensitiveKey(k) ? MASK : redactValue(v, secrets, seen);
  return out;
}
