// key=value rendering for log lines that Splunk's automatic KV extraction reads back:
// one line per entry, values quoted when they hold spaces, quotes, '=' or backslashes.

/** Folds a multi-line text onto one line; "\n" stays visible as the two characters \n. */
export function foldLines(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\\n');
}

/** A value as it appears after `key=`: bare when safe, otherwise double-quoted with \ and " escaped. */
export function kvValue(text: string): string {
  if (text !== '' && !/[\s"'=\\]/.test(text)) return text;
  return quotedKvValue(text);
}

/** Always double-quoted (the message of a file line, so it reads the same whatever it holds). */
export function quotedKvValue(text: string): string {
  return `"${foldLines(text.replace(/\\/g, '\\\\').replace(/"/g, '\\"'))}"`;
}

/** Keys are restricted to what KV extraction accepts as a field name. */
export function kvKey(key: string): string {
  const cleaned = key.replace(/[^A-Za-z0-9_.-]/g, '_');
  return cleaned === '' ? '_' : cleaned;
}

/** Renders an already-redacted field value as text (objects as one-line JSON). */
export function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'object') {
    const error = value as { stack?: unknown; name?: unknown; message?: unknown };
    // Errors were turned into {name, message, stack} by redactValue: show the stack, which holds the message.
    if (typeof error.stack === 'string' && typeof error.message === 'string') return error.stack;
    try {
      return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    } catch {
      return String(value);
    }
  }
  return String(value);
}

export function kvPairs(fields: Array<[string, unknown]>): string {
  return fields.map(([k, v]) => `${kvKey(k)}=${kvValue(fieldText(v))}`).join(' ');
}
