// Rows → result chunks, converted one chunk at a time (a generator), so Splunk gets the first rows while the
// rest still wait as JSON. A chunk ends at `maxRows` rows (never more than the search's maxresultrows) or
// once its CSV passes `maxBytes`, whichever comes first.
import { csvField, csvRow } from '../../splunk/chunked/csv';
import type { ResultChunk } from '../../splunk/chunked/generating';
import { eachCell, planResults, type SchemaColumn } from './columns';

export interface ChunkLimits {
  maxRows: number;
  maxBytes: number;
}

/** 10k rows or 8 MB per chunk: small enough for splunkd to show progress, big enough to stay cheap. */
export const DEFAULT_LIMITS: ChunkLimits = { maxRows: 10_000, maxBytes: 8 * 1024 * 1024 };

export function* resultChunks(
  result: { schema: readonly SchemaColumn[]; results: ReadonlyArray<Record<string, unknown>> },
  limits: ChunkLimits,
): Generator<ResultChunk> {
  const { results } = result;
  if (results.length === 0) {
    yield { body: '', last: true };
    return;
  }
  const plan = planResults(result.schema);
  const header = csvRow(plan.header);
  // Cells go into one reused array, joined per line, lines joined per chunk: flat strings, few allocations
  // (building lines with += made rope strings that cost more than the conversion itself).
  const cells: string[] = [];
  const append = (text: string): void => void cells.push(csvField(text));
  let i = 0;
  while (i < results.length) {
    const lines: string[] = [];
    let size = header.length;
    const end = Math.min(results.length, i + limits.maxRows);
    for (; i < end && size < limits.maxBytes; i++) {
      cells.length = 0;
      eachCell(plan, results[i] as Record<string, unknown>, append);
      // A lone empty cell is written "" so the row is not an empty line (csvRow's rule).
      const line = cells.length === 1 && cells[0] === '' ? '""' : cells.join(',');
      lines.push(line);
      size += line.length + 2;
    }
    lines.push('');
    const body = header + lines.join('\r\n');
    yield { body, last: i >= results.length };
  }
}
