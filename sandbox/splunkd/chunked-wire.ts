// splunkd's side of the chunked protocol v2 (../../../shared/reference/search-commands.md §1.4–§1.8), written
// from the reference and independent of the add-on's src/splunk/chunked: requests out, replies read strictly
// (exact header, byte lengths, JSON object metadata), result CSV parsed with csv-parse and `__mv_` columns
// decoded the way splunklib documents them.
import { parse } from 'csv-parse/sync';

export function encodeRequest(metadata: Record<string, unknown>, body = ''): Buffer {
  const meta = Buffer.from(JSON.stringify(metadata), 'utf8');
  const data = Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`chunked 1.0,${meta.length},${data.length}\n`), meta, data]);
}

export interface Reply {
  metadata: Record<string, unknown>;
  body: Buffer;
  /** Header + metadata + body bytes. */
  size: number;
}

/** splunkd writes and expects exactly this header. */
const HEADER = /^chunked 1\.0,(0|[1-9]\d*),(0|[1-9]\d*)$/;

/** Accumulates stdout bytes and hands out complete replies; the first violation is thrown as an Error. */
export class ReplyReader {
  private parts: Buffer[] = [];
  private length = 0;
  /** Total bytes of the reply whose header has been read (body bytes are only joined once all arrived). */
  private expected = 0;

  push(bytes: Buffer): void {
    this.parts.push(bytes);
    this.length += bytes.length;
  }

  get buffered(): number {
    return this.length;
  }

  private joined(): Buffer {
    if (this.parts.length > 1) this.parts = [Buffer.concat(this.parts)];
    return this.parts[0] ?? Buffer.alloc(0);
  }

  /** The next complete reply, or undefined when more bytes are needed. */
  next(): Reply | undefined {
    if (this.length === 0 || this.length < this.expected) return undefined;
    const pending = this.joined();
    const nl = pending.indexOf(0x0a);
    if (nl < 0) {
      const start = pending.subarray(0, 12).toString('latin1');
      if (pending.length > 64 || !'chunked 1.0,'.startsWith(start))
        throw new Error(`reply does not start with a 'chunked 1.0,<metadata length>,<body length>' header: ${JSON.stringify(pending.subarray(0, 60).toString('utf8'))}`);
      return undefined;
    }
    const header = pending.subarray(0, nl).toString('latin1');
    const m = HEADER.exec(header);
    if (!m) throw new Error(`malformed reply header ${JSON.stringify(header.slice(0, 60))}`);
    const metaLen = Number(m[1]);
    const end = nl + 1 + metaLen + Number(m[2]);
    if (pending.length < end) {
      this.expected = end;
      return undefined;
    }
    this.expected = 0;
    const metaText = pending.subarray(nl + 1, nl + 1 + metaLen).toString('utf8');
    let metadata: unknown;
    try {
      metadata = metaLen === 0 ? {} : JSON.parse(metaText);
    } catch {
      throw new Error(`reply metadata is not JSON (the metadata length may not count bytes): ${JSON.stringify(metaText.slice(0, 80))}`);
    }
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) throw new Error(`reply metadata is not a JSON object: ${metaText.slice(0, 80)}`);
    const body = Buffer.from(pending.subarray(nl + 1 + metaLen, end));
    const rest = pending.subarray(end);
    this.parts = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
    return { metadata: metadata as Record<string, unknown>, body, size: end };
  }
}

export type ResultValue = string | string[];
export type ResultRow = Record<string, ResultValue>;

/** splunklib's decoding regex for `$a$;$b$` (`$$` is a literal `$`). */
const MV_ITEM = /\$((?:\$\$|[^$])*)\$(?:;|$)/g;

export function decodeMultivalue(encoded: string): string[] {
  return [...encoded.matchAll(MV_ITEM)].map((m) => (m[1] as string).replaceAll('$$', '$'));
}

/** A reply body: header row, then rows; `__mv_<f>` (when non-empty) makes `<f>` multivalue; the `__mv_` columns are dropped. */
export function parseResults(body: Buffer): { fields: string[]; rows: ResultRow[] } {
  if (body.length === 0) return { fields: [], rows: [] };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new Error('result body is not valid UTF-8 (do the header lengths count bytes?)');
  }
  const records = parse(text, { relax_column_count: false, skip_empty_lines: false }) as string[][];
  const [header, ...data] = records;
  if (!header) return { fields: [], rows: [] };
  if (new Set(header).size !== header.length) throw new Error(`result header repeats a field: ${header.join(',')}`);
  const fields = header.filter((f) => !f.startsWith('__mv_'));
  const rows = data.map((cells) => {
    const row: ResultRow = {};
    header.forEach((f, i) => {
      if (!f.startsWith('__mv_')) row[f] = cells[i] as string;
    });
    header.forEach((f, i) => {
      const encoded = cells[i] as string;
      if (f.startsWith('__mv_') && encoded !== '') row[f.slice(5)] = decodeMultivalue(encoded);
    });
    return row;
  });
  return { fields, rows };
}
