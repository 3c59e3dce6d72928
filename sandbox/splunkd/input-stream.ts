// splunkd's side of a running modular input: stdout read strictly as an XML event stream, `unbroken="1"`
// fragments joined until `<done/>`, events indexed with their stanza's defaults (index, sourcetype, source,
// host), events for an index that does not exist dropped with splunkd's warning, stderr lines filed under
// their level (unprefixed = ERROR). Shared by the per-stanza runner (run-input.ts) and the single-instance
// one (single-instance.ts), where each event's `stanza` attribute names the stanza whose defaults apply.
import type { StandIn } from './context';
import type { IndexedEvent } from './event-store';
import { type StderrLine, stderrLevel } from './launch';
import { ModinputStreamParser, type ProtocolError, type StreamEvent } from './stream-parser';

export interface DroppedEvent {
  event: IndexedEvent;
  reason: string;
}

export interface StanzaParams {
  /** `<scheme>://<name>` */
  name: string;
  params: Record<string, string>;
}

export interface InputStream {
  readonly events: IndexedEvent[];
  readonly dropped: DroppedEvent[];
  readonly stderr: StderrLine[];
  readonly parser: ModinputStreamParser;
  onStdout(chunk: Buffer): void;
  onStderrLine(line: string): void;
  /** The process ended: flush joined fragments, report protocol errors. */
  end(terminatedBySignal: boolean): ProtocolError[];
  /** Called after every indexed event and at the end. */
  onChange(fn: () => void): () => void;
}

export function inputStream(standIn: StandIn, scheme: string, command: string, stanzaFor: (attr: string | undefined) => StanzaParams): InputStream {
  const events: IndexedEvent[] = [];
  const dropped: DroppedEvent[] = [];
  const stderr: StderrLine[] = [];
  const listeners = new Set<() => void>();
  const pendingUnbroken = new Map<string, StreamEvent[]>();
  const notify = () => {
    for (const l of listeners) l();
  };

  const index = (ev: StreamEvent) => {
    const { name, params } = stanzaFor(ev.stanza);
    const target = (ev.index ?? params.index ?? 'default').trim();
    const event: IndexedEvent = {
      _time: ev.time !== undefined ? Number(ev.time) : standIn.now().getTime() / 1000,
      index: target === 'default' ? 'main' : target,
      sourcetype: ev.sourcetype ?? params.sourcetype ?? scheme,
      source: ev.source ?? params.source ?? name,
      host: ev.host ?? params.host ?? standIn.serverName,
      _raw: ev.data,
    };
    if (!standIn.indexes.includes(event.index)) {
      const reason = `Received event for unconfigured/disabled/deleted index=${event.index} with source="source::${event.source}" host="host::${event.host}" sourcetype="sourcetype::${event.sourcetype}"`;
      dropped.push({ event, reason });
      standIn.log('WARN', 'IndexProcessor', reason);
      return;
    }
    standIn.events.add(event);
    events.push(event);
    notify();
  };

  // unbroken="1" fragments of a stanza are joined until one carries <done/>.
  const onEvent = (ev: StreamEvent) => {
    if (!ev.unbroken) return index(ev);
    const key = ev.stanza ?? '';
    const parts = [...(pendingUnbroken.get(key) ?? []), ev];
    if (!ev.done) {
      pendingUnbroken.set(key, parts);
      return;
    }
    pendingUnbroken.delete(key);
    index({ ...parts[0]!, data: parts.map((p) => p.data).join(''), done: true });
  };
  const parser = new ModinputStreamParser(onEvent);

  return {
    events,
    dropped,
    stderr,
    parser,
    onStdout: (chunk) => parser.write(chunk),
    onStderrLine: (line) => {
      const entry = stderrLevel(line);
      stderr.push(entry);
      if (entry.level !== 'DEBUG') standIn.log(entry.level, 'ExecProcessor', `message from "${command}" ${entry.text}`);
    },
    end: (terminatedBySignal) => {
      parser.end({ terminatedBySignal });
      for (const parts of pendingUnbroken.values()) index({ ...parts[0]!, data: parts.map((p) => p.data).join('') });
      pendingUnbroken.clear();
      for (const e of parser.errors) standIn.log('ERROR', 'ExecProcessor', `${e.message} (from "${command}")`);
      notify();
      return parser.errors;
    },
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
