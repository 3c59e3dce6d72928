// Line breaking of raw data as splunkd's parsing pipeline does it for a sourcetype, reduced to what the
// stand-in needs: with `SHOULD_LINEMERGE = false`, LINE_BREAKER's first capture group separates events
// (the captured text is discarded); otherwise the whole body stays one event (line merging by timestamps
// is not modelled).
import type { ConfStore } from './conf-store';

export function propsFor(confs: ConfStore, sourcetype: string): Record<string, string> | undefined {
  for (const app of confs.apps()) {
    const stanza = confs.find(app, 'props', sourcetype);
    if (stanza) return stanza.content;
  }
  return undefined;
}

const isFalse = (v: string | undefined): boolean => /^(0|false|f|no|n)$/i.test((v ?? '').trim());

export function breakEvents(raw: string, props: Record<string, string> | undefined): string[] {
  if (!props || !isFalse(props.SHOULD_LINEMERGE)) return [raw];
  const breaker = new RegExp(props.LINE_BREAKER || '([\\r\\n]+)', 'g');
  const events: string[] = [];
  let start = 0;
  for (const m of raw.matchAll(breaker)) {
    const group = m[1];
    if (group === undefined || m.index === undefined) continue;
    const at = m.index + m[0].indexOf(group);
    events.push(raw.slice(start, at));
    start = at + group.length;
    if (m[0].length === 0) breaker.lastIndex++;
  }
  events.push(raw.slice(start));
  return events.filter((e) => e.trim().length > 0);
}
