// Splits one Event Hubs message body into Streaming API records, keeping each record's JSON text exactly as
// Defender sent it (no re-serialisation: key order, number spelling and every timestamp digit survive).
// Shapes (streaming.md §1.1): `{"records":[…]}`, or a bare array of such objects or of records. Pure.
//
// A small scanner finds where each record's text starts and ends; each record is then JSON.parse'd on its
// own (that validates it and gives its category and Timestamp). A record that is a JSON *string* holding
// a record (seen from some exporters) is unwrapped once.

export class BodyError extends Error {
  override name = 'BodyError';
}

export interface RawRecord {
  /** The record's JSON text as sent. */
  text: string;
  value: Record<string, unknown>;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function skipWs(s: string, i: number): number {
  while (i < s.length && WS.has(s.charCodeAt(i))) i++;
  return i;
}

/** Index just after the JSON string starting at `i` (a quote). */
function endOfString(s: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = s.indexOf('"', j);
    if (q < 0) throw new SyntaxError('unterminated string');
    let backslashes = 0;
    for (let k = q - 1; k > i && s.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** Index just after the JSON value starting at `i`. */
function endOfValue(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === QUOTE) return endOfString(s, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    let j = i;
    while (j < s.length) {
      const d = s.charCodeAt(j);
      if (d === QUOTE) {
        j = endOfString(s, j);
        continue;
      }
      if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    throw new SyntaxError('unterminated object or array');
  }
  let j = i;
  while (j < s.length && !WS.has(s.charCodeAt(j)) && s[j] !== ',' && s[j] !== '}' && s[j] !== ']') j++;
  if (j === i) throw new SyntaxError(`unexpected '${s[i] ?? 'end of body'}' at ${i}`);
  return j;
}

/** [start, end) of each element of the array starting at `i`; and the index after the array. */
function arrayElements(s: string, i: number): { spans: Array<[number, number]>; end: number } {
  const spans: Array<[number, number]> = [];
  let j = skipWs(s, i + 1);
  if (s[j] === ']') return { spans, end: j + 1 };
  for (;;) {
    const end = endOfValue(s, j);
    spans.push([j, end]);
    j = skipWs(s, end);
    if (s[j] === ',') j = skipWs(s, j + 1);
    else if (s[j] === ']') return { spans, end: j + 1 };
    else throw new SyntaxError(`expected ',' or ']' at ${j}`);
  }
}

/** The span of the `records` array of the object starting at `i`, if it has one. */
function recordsArray(s: string, i: number): { spans: Array<[number, number]> } | undefined {
  let j = skipWs(s, i + 1);
  if (s[j] === '}') return undefined;
  for (;;) {
    if (s.charCodeAt(j) !== QUOTE) throw new SyntaxError(`expected a member name at ${j}`);
    const keyEnd = endOfString(s, j);
    const key = s.slice(j, keyEnd);
    j = skipWs(s, keyEnd);
    if (s[j] !== ':') throw new SyntaxError(`expected ':' at ${j}`);
    j = skipWs(s, j + 1);
    if (key === '"records"' && s[j] === '[') return arrayElements(s, j);
    j = skipWs(s, endOfValue(s, j));
    if (s[j] === ',') j = skipWs(s, j + 1);
    else if (s[j] === '}') return undefined;
    else throw new SyntaxError(`expected ',' or '}' at ${j}`);
  }
}

function toRecord(text: string): RawRecord {
  let value: unknown = JSON.parse(text);
  if (typeof value === 'string') {
    text = value.trim();
    value = JSON.parse(text);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BodyError('a record in it is not a JSON object');
  return { text, value: value as Record<string, unknown> };
}

/**
 * The records of one message body (bytes or text). Throws BodyError when the body is not JSON or holds no
 * records array (the caller logs it with partition and sequence number, counts it and goes on).
 */
export function splitRecords(body: Uint8Array | string): RawRecord[] {
  const s = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  const start = skipWs(s, 0);
  const spans: Array<[number, number]> = [];
  let end: number;
  try {
    if (s[start] === '{') {
      const records = recordsArray(s, start);
      if (!records) throw new BodyError('the body is a JSON object without a "records" array');
      spans.push(...records.spans);
      end = endOfValue(s, start);
    } else if (s[start] === '[') {
      const outer = arrayElements(s, start);
      for (const [a] of outer.spans) {
        const inner = s[a] === '{' ? recordsArray(s, a) : undefined;
        if (inner) spans.push(...inner.spans);
        else spans.push([a, endOfValue(s, a)]);
      }
      end = outer.end;
    } else throw new BodyError(s.length === start ? 'the body is empty' : 'the body is not JSON');
    if (skipWs(s, end) !== s.length) throw new BodyError('the body has text after its JSON value');
    return spans.map(([a, b]) => toRecord(s.slice(a, b)));
  } catch (err) {
    if (err instanceof BodyError) throw err;
    throw new BodyError(`the body is not valid JSON (${(err as Error).message})`);
  }
}
