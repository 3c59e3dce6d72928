// Every data source of a Studio view → its result (studio/data.ts), or a sentence saying why there is none.
import type { Splunkd } from '../../splunkd/index';
import { PANELS, socData, type Table } from './data';
import type { StudioDefinition } from './render';

export function studioTables(splunkd: Pick<Splunkd, 'splunkHome' | 'events'>, view: string, def: StudioDefinition, now: number): Record<string, Table | string> {
  const data = socData(splunkd, now);
  const out: Record<string, Table | string> = {};
  for (const id of Object.keys(def.dataSources)) {
    const panel = PANELS[`${view}/${id}`];
    out[id] = panel ? panel(data) : `The Splunk Web stand-in has no evaluation for ${view}/${id} (sandbox/splunkweb/studio/data.ts)`;
  }
  return out;
}
