// Rows → result chunks, converted one chunk at a time (a generator), so Splunk gets the first rows while the
// rest still wait as JSON. A chunk ends at `maxRows` rows (never more than the search's maxresultrows) or
// once its CSV passes `maxBytes`, whichever comes first.
import { csvRow } from '../../splunk/chunked/csv';
import type { ResultChunk } from '../../splunk/chunked/generating';
import { planResults, rowCells, type SchemaColumn } from './columns';

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
  let i = 0;
  while (i < results.length) {
    let body = header;
    const end = Math.min(results.length, i + limits.maxRows);
    for (; i < end && body.length < limits.maxBytes; i++) body += csvRow(rowCells(plan, results[i] as Record<string, unknown>));
    yield { body, last: i >= results.length };
  }
}
