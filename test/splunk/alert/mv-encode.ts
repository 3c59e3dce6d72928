// Test helper: Splunk's multi-value encoding, written from the spec (splunk-platform.md §4.2), to round-trip against.
export function encodeMultivalue(values: string[]): string {
  return `$${values.map((v) => v.replace(/\$/g, '$$$$')).join('$;$')}$`;
}
