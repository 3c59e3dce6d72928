// The indexed events: in memory for queries, and one JSONL file per index under
// $SPLUNK_HOME/var/lib/splunk/<index>/events.jsonl so a run can be inspected after the fact.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface IndexedEvent {
  /** Epoch seconds (with decimals when the event carried them). */
  _time: number;
  index: string;
  sourcetype: string;
  source: string;
  host: string;
  _raw: string;
  /** When the stand-in indexed it (epoch seconds), as Splunk's _indextime. */
  _indextime?: number;
}

export interface EventQuery {
  index?: string;
  sourcetype?: string;
  source?: string;
  host?: string;
}

export class EventStore {
  private readonly events: IndexedEvent[] = [];

  constructor(private readonly dbDir: string) {
    // Events indexed by an earlier stand-in on the same SPLUNK_HOME are still there, as in Splunk.
    if (!existsSync(dbDir)) return;
    for (const index of readdirSync(dbDir)) {
      const file = join(dbDir, index, 'events.jsonl');
      if (!existsSync(file)) continue;
      for (const line of readFileSync(file, 'utf8').split('\n')) if (line) this.events.push(JSON.parse(line) as IndexedEvent);
    }
  }

  add(indexed: IndexedEvent): void {
    const event = { ...indexed, _indextime: indexed._indextime ?? Date.now() / 1000 };
    this.events.push(event);
    const dir = join(this.dbDir, event.index);
    mkdirSync(dir, { recursive: true });
    appendFileSync(join(dir, 'events.jsonl'), `${JSON.stringify(event)}\n`);
  }

  search(query: EventQuery = {}): IndexedEvent[] {
    return this.events.filter(
      (e) =>
        (query.index === undefined || e.index === query.index) &&
        (query.sourcetype === undefined || e.sourcetype === query.sourcetype) &&
        (query.source === undefined || e.source === query.source) &&
        (query.host === undefined || e.host === query.host),
    );
  }

  count(query: EventQuery = {}): number {
    return this.search(query).length;
  }

  clear(): void {
    this.events.length = 0;
    if (!existsSync(this.dbDir)) return;
    for (const index of readdirSync(this.dbDir)) rmSync(join(this.dbDir, index, 'events.jsonl'), { force: true });
  }
}
