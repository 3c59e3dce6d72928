// Reading one value from a result row's fields (multi-value fields arrive as arrays). Pure.
export type Fields = Record<string, string | string[]>;

/** The field's single value ('' when absent or empty), or why the row has several. */
export function singleValue(fields: Fields, name: string): { value: string } | { problem: string } {
  const raw = fields[name];
  if (Array.isArray(raw)) {
    const values = raw.filter((v) => v.trim() !== '');
    if (values.length > 1) return { problem: `field '${name}' has ${values.length} values; one per row is needed (use mvexpand ${name})` };
    return { value: (values[0] ?? '').trim() };
  }
  return { value: (raw ?? '').trim() };
}
