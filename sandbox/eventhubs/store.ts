// The namespace's event hubs as Event Hubs keeps them: per partition an append-only log where each
// event gets the next sequence number (from 0) and an offset (its byte position in the partition,
// sent as a string), plus the enqueued time. Listeners hear about appends so open receivers push.

export interface StoredEvent {
  sequenceNumber: number;
  /** Byte position of the event in its partition, as Event Hubs sends it (a decimal string). */
  offset: string;
  enqueuedMs: number;
  body: Buffer;
}

export class Partition {
  readonly events: StoredEvent[] = [];
  private nextOffset = 0;
  private readonly listeners = new Set<() => void>();

  constructor(readonly id: string) {}

  append(body: Buffer, enqueuedMs: number): StoredEvent {
    const event = { sequenceNumber: this.events.length, offset: String(this.nextOffset), enqueuedMs, body };
    this.nextOffset += body.length + 64; // room for the annotations, as real offsets advance by more than the body
    this.events.push(event);
    for (const l of this.listeners) l();
    return event;
  }

  /** Index of the first event a receiver filter selects (events.length when none yet). */
  startIndex(position: StartPosition): number {
    const events = this.events;
    const firstWhere = (test: (e: StoredEvent) => boolean): number => {
      let lo = 0, hi = events.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (test(events[mid] as StoredEvent)) hi = mid; else lo = mid + 1;
      }
      return lo;
    };
    switch (position.kind) {
      case 'earliest': return 0;
      case 'latest': return events.length;
      case 'offset': {
        const n = Number(position.value);
        return firstWhere((e) => (position.inclusive ? Number(e.offset) >= n : Number(e.offset) > n));
      }
      case 'sequence': return Math.min(events.length, Math.max(0, position.inclusive ? position.value : position.value + 1));
      case 'enqueued': return firstWhere((e) => e.enqueuedMs > position.value);
    }
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  info(hub: string): Record<string, unknown> {
    const last = this.events[this.events.length - 1];
    return {
      name: hub,
      partition: this.id,
      begin_sequence_number: 0,
      last_enqueued_sequence_number: last ? last.sequenceNumber : -1,
      last_enqueued_offset: last ? last.offset : '-1',
      last_enqueued_time_utc: new Date(last ? last.enqueuedMs : 0),
      is_partition_empty: last === undefined,
    };
  }
}

export type StartPosition =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'offset'; value: string; inclusive: boolean }
  | { kind: 'sequence'; value: number; inclusive: boolean }
  | { kind: 'enqueued'; value: number };

const FILTER = /^amqp\.annotation\.x-opt-(offset|sequence-number|enqueued-time)\s*(>=|>)\s*'([^']*)'$/i;

/** Parses the `apache.org:selector-filter:string` a receiver attaches with; undefined when it is not one. */
export function parseStartFilter(text: string): StartPosition | undefined {
  const m = FILTER.exec(text.trim());
  if (!m) return undefined;
  const [, field, op, value] = m as unknown as [string, string, string, string];
  const inclusive = op === '>=';
  if (field.toLowerCase() === 'offset') {
    if (value === '-1') return { kind: 'earliest' };
    if (value === '@latest') return { kind: 'latest' };
    return /^\d+$/.test(value) ? { kind: 'offset', value, inclusive } : undefined;
  }
  if (!/^-?\d+$/.test(value)) return undefined;
  return field.toLowerCase() === 'sequence-number' ? { kind: 'sequence', value: Number(value), inclusive } : { kind: 'enqueued', value: Number(value) };
}

export class EventHub {
  readonly partitions: Partition[];
  readonly createdMs: number;

  constructor(readonly name: string, partitionCount: number, readonly consumerGroups: string[], createdMs: number) {
    this.partitions = Array.from({ length: partitionCount }, (_, i) => new Partition(String(i)));
    this.createdMs = createdMs;
  }

  partition(id: string): Partition | undefined {
    return /^\d+$/.test(id) ? this.partitions[Number(id)] : undefined;
  }

  /** Premium/Dedicated hubs can grow; existing partitions and their events stay as they are. */
  addPartitions(count: number): void {
    for (let i = 0; i < count; i++) this.partitions.push(new Partition(String(this.partitions.length)));
  }

  /** As the portal's delete: the group and (in the broker) its readers go. Returns whether it existed. */
  removeConsumerGroup(name: string): boolean {
    const i = this.consumerGroups.findIndex((g) => g.toLowerCase() === name.toLowerCase());
    if (i >= 0) this.consumerGroups.splice(i, 1);
    return i >= 0;
  }

  hasConsumerGroup(name: string): boolean {
    return this.consumerGroups.some((g) => g.toLowerCase() === name.toLowerCase());
  }

  info(): Record<string, unknown> {
    return {
      name: this.name,
      type: 'com.microsoft:eventhub',
      created_at: new Date(this.createdMs),
      partition_count: this.partitions.length,
      partition_ids: this.partitions.map((p) => p.id),
    };
  }
}
