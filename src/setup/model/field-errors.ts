// Placing the runtime's validation messages next to the field they are about: the add-on's own checks
// (src/config) name the conf key in each message, so the key decides the field.

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** `[network] in ta_defender_sync_settings.conf: request_timeout …` → `request_timeout …` (the form is the context). */
export function withoutConfPrefix(message: string): string {
  return message.replace(/^\[[^\]]+\] in [\w.]+\.conf: /, '');
}

/** Upper-case first letter (unless it starts with a conf key) and a final full stop, so each message reads as a sentence. */
export function sentence(message: string): string {
  const m = message.trim();
  if (!m) return m;
  const s = /^\w+_\w*/.test(m) ? m : m[0]!.toUpperCase() + m.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/**
 * Assigns each message to the field whose conf key it mentions first (keys matched as whole words);
 * messages that name no known key go to `fallback`. A field keeps its first message.
 */
export function assignMessages<F extends string>(messages: string[], keyToField: Record<string, F>, fallback: F): FieldErrors<F> {
  const out: FieldErrors<F> = {};
  const escape = (k: string) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const message of messages) {
    let key: string | undefined;
    let at = Infinity;
    for (const k of Object.keys(keyToField)) {
      const m = new RegExp(`(^|[^\\w])${escape(k)}([^\\w]|$)`).exec(message);
      if (m && m.index < at) [key, at] = [k, m.index];
    }
    const field = key ? keyToField[key]! : fallback;
    out[field] ??= sentence(withoutConfPrefix(message));
  }
  return out;
}

export const hasErrors = (errors: FieldErrors<string>): boolean => Object.values(errors).some((v) => v !== undefined && v !== '');
