// Splunk's encoding of a multi-value field in results files: the `__mv_<field>` companion column holds
// `$v1$;$v2$`, each value wrapped in `$`, joined with `;`, a literal `$` doubled (splunk-platform.md §4.2).

export const MV_PREFIX = '__mv_';

/**
 * Decodes an `__mv_` cell into its values. Scans left to right so `$$` (a literal `$`) is never
 * mistaken for part of a `$;$` separator: `$a$$;b$` is the one value `a$;b`.
 */
export function decodeMultivalue(cell: string): string[] {
  if (cell.length < 2 || !cell.startsWith('$') || !cell.endsWith('$'))
    throw new Error(`multi-value cell is not in Splunk's $value$;$value$ form: it must start and end with '$'`);
  const inner = cell.slice(1, -1);
  const values: string[] = [];
  let current = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '$' && inner[i + 1] === '$') {
      current += '$';
      i++;
    } else if (c === '$' && inner[i + 1] === ';' && inner[i + 2] === '$') {
      values.push(current);
      current = '';
      i += 2;
    } else {
      current += c;
    }
  }
  values.push(current);
  return values;
}
