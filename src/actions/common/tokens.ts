// `$result.<field>$` tokens. splunkd substitutes them from the first result (or from each result when the
// alert triggers per result); a token left in a value — `| sendalert` over many rows, or a default in
// alert_actions.conf — is resolved here against each row, so every row acts on its own values. Pure.
import type { ResultValue } from '../../splunk/alert/payload';

const TOKEN = /\$result\.([^$\s]+)\$/g;

export const hasToken = (value: string): boolean => /\$result\.[^$\s]+\$/.test(value);

const text = (v: ResultValue | undefined): string => (Array.isArray(v) ? v.join(',') : v ?? '');

/** The value with each `$result.f$` replaced by the row's f (multi-value joined by commas; absent: empty). */
export function resolveTokens(value: string, fields: Readonly<Record<string, ResultValue>>): string {
  return value.replace(TOKEN, (_, name: string) => text(fields[name]));
}

/** The configuration as this row sees it. */
export function rowConfiguration(config: Readonly<Record<string, string | undefined>>, fields: Readonly<Record<string, ResultValue>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) out[k] = v === undefined ? '' : resolveTokens(v, fields);
  return out;
}
