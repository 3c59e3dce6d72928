// Chunked protocol v2 framing (search-commands.md §1.4): `chunked 1.0,<metadata bytes>,<body bytes>\n`, then
// the metadata JSON (no trailing newline), then the body (CSV). Lengths are UTF-8 byte counts, and pipe reads
// arrive in arbitrary pieces, so the reader works on bytes and waits for exactly what the header announced.

export interface Chunk {
  metadata: Record<string, unknown>;
  body: Buffer;
}

export class ChunkProtocolError extends Error {
  override name = 'ChunkProtocolError';
}

// splunklib's reader accepts blanks around the numbers; splunkd writes none.
const HEADER = /^chunked\s+1\.0\s*,\s*(\d+)\s*,\s*(\d+)\s*$/;
/** A header longer than this is not a header: stop instead of buffering a stray stream forever. */
const MAX_HEADER_BYTES = 128;
const NEWLINE = 0x0a;

/** One chunk as bytes. Metadata is compact JSON; an empty body is allowed. */
export function encodeChunk(metadata: Record<string, unknown>, body: string | Buffer = ''): Buffer {
  const meta = Buffer.from(JSON.stringify(metadata), 'utf8');
  const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([Buffer.from(`chunked 1.0,${meta.length},${data.length}\n`, 'latin1'), meta, data]);
}

/**
 * Chunks from a byte stream (stdin). Ends quietly at end of stream between chunks; a stream that ends inside
 * a chunk, a malformed header or metadata that is not a JSON object is a ChunkProtocolError.
 */
export async function* readChunks(input: AsyncIterable<Buffer | string>): AsyncGenerator<Chunk> {
  let pending: Buffer = Buffer.alloc(0);
  let want: { meta: number; body: number; at: number } | undefined;
  for await (const piece of input) {
    pending = pending.length === 0 ? toBuffer(piece) : Buffer.concat([pending, toBuffer(piece)]);
    for (;;) {
      if (!want) {
        const nl = pending.indexOf(NEWLINE);
        if (nl < 0) {
          if (pending.length > MAX_HEADER_BYTES) throw new ChunkProtocolError(`expected a 'chunked 1.0,<n>,<n>' header, got ${preview(pending)}`);
          break;
        }
        want = parseHeader(pending.subarray(0, nl));
        want.at = nl + 1;
      }
      const end = want.at + want.meta + want.body;
      if (pending.length < end) break;
      const metadata = parseMetadata(pending.subarray(want.at, want.at + want.meta));
      const body = Buffer.from(pending.subarray(want.at + want.meta, end));
      pending = pending.subarray(end);
      want = undefined;
      yield { metadata, body };
    }
  }
  if (want || pending.length > 0)
    throw new ChunkProtocolError(`the stream ended inside a chunk (${pending.length} bytes of an incomplete chunk)`);
}

function toBuffer(piece: Buffer | string): Buffer {
  return typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
}

function parseHeader(line: Buffer): { meta: number; body: number; at: number } {
  const m = HEADER.exec(line.toString('latin1'));
  if (!m) throw new ChunkProtocolError(`expected a 'chunked 1.0,<n>,<n>' header, got ${preview(line)}`);
  return { meta: Number(m[1]), body: Number(m[2]), at: 0 };
}

function parseMetadata(bytes: Buffer): Record<string, unknown> {
  if (bytes.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ChunkProtocolError(`chunk metadata is not JSON: ${preview(bytes)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ChunkProtocolError(`chunk metadata is not a JSON object: ${preview(bytes)}`);
  return value as Record<string, unknown>;
}

function preview(bytes: Buffer): string {
  return JSON.stringify(bytes.subarray(0, 60).toString('utf8'));
}
