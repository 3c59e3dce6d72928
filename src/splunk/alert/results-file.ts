// An alert's `results_file`: gzipped CSV with a header row and `__mv_<field>` companion columns
// (splunk-platform.md §4.2). Read as a stream (file → gunzip → csv-parse) so memory stays flat
// however many rows the search returned.
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse, CsvError } from 'csv-parse';
import { MV_PREFIX, decodeMultivalue } from './multivalue';
import type { ResultValue } from './payload';

export interface ResultRow {
  /** 0-based position of the row in the results file (Splunk's `rid`). */
  rowIndex: number;
  /** Column → value; a multi-value field is an array, `__mv_` columns are gone. */
  fields: Record<string, ResultValue>;
}

export class ResultsFileError extends Error {
  override name = 'ResultsFileError';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** Rows of a results file, one at a time. A 0-byte file has no rows. Errors are `ResultsFileError`. */
export async function* readResultsFile(path: string): AsyncGenerator<ResultRow> {
  const handle = await openResultsFile(path);
  // Records as arrays: the header is ours to check, and column names never become object keys unchecked.
  const parser = parse({ bom: true });
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, null);
    if (bytesRead === 0) return;
    if (bytesRead < 2 || magic[0] !== GZIP_MAGIC[0] || magic[1] !== GZIP_MAGIC[1])
      throw new ResultsFileError(
        `results_file '${path}' is not gzip-compressed; Splunk writes results files as gzipped CSV (results.csv.gz)`,
        path,
      );
    const gunzip = createGunzip();
    gunzip.write(magic);
    // Continues from the current file position, after the two bytes already read.
    pipeline(handle.createReadStream({ autoClose: false }), gunzip, parser, () => undefined);
    let header: string[] | undefined;
    let rowIndex = 0;
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = checkHeader(record, path);
        continue;
      }
      yield { rowIndex, fields: decodeRow(record, header) };
      rowIndex++;
    }
  } catch (err) {
    throw toResultsFileError(err, path);
  } finally {
    parser.destroy();
    await handle.close().catch(() => undefined);
  }
}

async function openResultsFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new ResultsFileError(
        `results_file '${path}' does not exist; the search's results may have expired or been removed before the action ran`,
        path,
      );
    if (code === 'EACCES' || code === 'EPERM')
      throw new ResultsFileError(`results_file '${path}' cannot be read: permission denied for this user`, path);
    throw new ResultsFileError(`results_file '${path}' cannot be opened: ${(err as Error).message}`, path);
  }
}

// Duplicate or empty column names would silently drop values.
function checkHeader(names: string[], path: string): string[] {
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '' || seen.has(name))
      throw new ResultsFileError(
        `results_file '${path}': header has ${name === '' ? 'an empty' : `a duplicate '${name}'`} column name`,
        path,
      );
    seen.add(name);
  }
  return names;
}

function decodeRow(record: string[], header: readonly string[]): Record<string, ResultValue> {
  const fields: Record<string, ResultValue> = {};
  header.forEach((column, i) => {
    if (!column.startsWith(MV_PREFIX)) setOwn(fields, column, record[i] ?? '');
  });
  header.forEach((column, i) => {
    if (!column.startsWith(MV_PREFIX)) return;
    const cell = record[i] ?? '';
    if (cell === '') return; // single value (or none): the plain column already holds it
    const field = column.slice(MV_PREFIX.length);
    try {
      setOwn(fields, field, decodeMultivalue(cell));
    } catch {
      // Not Splunk's encoding: keep the plain column (newline-joined values) rather than lose the row.
      if (!Object.hasOwn(fields, field)) setOwn(fields, field, cell);
    }
  });
  return fields;
}

function toResultsFileError(err: unknown, path: string): Error {
  if (err instanceof ResultsFileError) return err;
  const e = err as NodeJS.ErrnoException;
  if (err instanceof CsvError)
    return new ResultsFileError(`results_file '${path}' is not valid CSV: ${e.message}`, path);
  if (e?.code?.startsWith('Z_') || e?.code === 'ERR_ZLIB_INITIALIZATION_FAILED')
    return new ResultsFileError(`results_file '${path}' is a corrupt or truncated gzip file: ${e.message}`, path);
  return new ResultsFileError(`results_file '${path}' could not be read: ${e?.message ?? String(err)}`, path);
}

// Column names come from the search: `__proto__` must stay an ordinary key.
function setOwn(target: Record<string, ResultValue>, key: string, value: ResultValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
