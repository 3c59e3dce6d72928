// What Defender's Streaming API puts on the hub: messages of `{"records":[…]}` (sometimes a bare
// array of records, streaming.md §1.1), each message one table's records, walking the tenant's
// advanced-hunting rows hour by hour from a start time. The walk keeps its place, so successive
// publish() calls continue the stream instead of repeating it.
import { HUNTING_TABLES, huntingRows, streamingRecord, type HuntingWorld, type StreamingRecord } from '../simulator/tables';

const HOUR_MS = 3_600_000;

export interface StreamMessage {
  table: string;
  records: StreamingRecord[];
}

export type MalformedKind = 'not-json' | 'no-records' | 'truncated' | 'records-not-array';

/** Bodies that are not Streaming API messages, for the input's bad-message handling. */
export function malformedBody(kind: MalformedKind): Buffer {
  switch (kind) {
    case 'not-json': return Buffer.from('this is not JSON \u0000\u00ff', 'utf8');
    case 'no-records': return Buffer.from(JSON.stringify({ value: [{ note: 'no records property' }] }));
    case 'truncated': return Buffer.from('{"records":[{"time":"2026-11-01T00:00:00.0000000Z","tenantId":"x","category":"AdvancedHunting-Devi');
    case 'records-not-array': return Buffer.from(JSON.stringify({ records: 'not an array' }));
  }
}

export const MALFORMED_KINDS: readonly MalformedKind[] = ['not-json', 'no-records', 'truncated', 'records-not-array'];

/** An endless, deterministic stream of Streaming API messages for one tenant. */
export class RecordStream {
  private hourStart: number;
  private pending: StreamMessage[] = [];

  constructor(
    private readonly world: HuntingWorld,
    startMs: number,
    private readonly tables: readonly string[] = Object.keys(HUNTING_TABLES),
  ) {
    this.hourStart = Math.floor(startMs / HOUR_MS) * HOUR_MS;
  }

  /** The next message of at most `batchSize` records (one table per message). */
  next(batchSize: number): StreamMessage {
    for (;;) {
      const head = this.pending[0];
      if (head) {
        if (head.records.length <= batchSize) return this.pending.shift() as StreamMessage;
        return { table: head.table, records: head.records.splice(0, batchSize) };
      }
      this.fillHour();
    }
  }

  private fillHour(): void {
    const from = new Date(this.hourStart);
    const to = new Date(this.hourStart + HOUR_MS);
    this.hourStart += HOUR_MS;
    for (const table of this.tables) {
      const records: StreamingRecord[] = [];
      for (const row of huntingRows(this.world, table, from, to)) records.push(streamingRecord(this.world.tenantId, table, row));
      if (records.length > 0) this.pending.push({ table, records });
    }
  }
}

/** The message body: `{"records":[…]}`, or the bare array some Azure Monitor paths send. */
export function messageBody(records: StreamingRecord[], bareArray: boolean): Buffer {
  return Buffer.from(JSON.stringify(bareArray ? records : { records }), 'utf8');
}
