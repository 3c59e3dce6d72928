// TEST HELPER: the field names and values Splunk's KV_MODE=json gives a JSON event: objects nest with `.`
// (`relatedUser.userName`), arrays add `{}` (`mitreTechniques{}`, `evidence{}.deviceDnsName`), each value
// of an array becomes one value of a multivalue field, and JSON null arrives as the text "null" (which is
// why props.conf wraps nullable fields in nullif(x, "null")). Values are text, as in Splunk.
export function kvJson(record: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (name: string, value: string) => out.set(name, [...(out.get(name) ?? []), value]);
  const walk = (value: unknown, name: string) => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, `${name}{}`);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, name ? `${name}.${k}` : k);
    } else if (name) {
      add(name, value === null ? 'null' : String(value));
    }
  };
  walk(record, '');
  return out;
}
