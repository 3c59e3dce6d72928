// Inputs of the three schemes through data/inputs/<scheme>: splunkd runs the input's --validate-arguments
// on create and edit and answers 400 with its message when the live check fails. Also the index list and
// the defender_sync_index macro the add-on's searches use.
import { INDEX_MACRO } from '../../config/names';
import { INPUT_DEFINITIONS } from '../../inputs/definitions';
import type { InputDefinition } from '../../splunk/modinput/definition';
import { type InputMode, type InputRow, inputRequestBody, inputRowFrom, type InputValues, macroIndex } from '../model/input-form';
import { isStatus, type SplunkApi } from '../rest/api';
import { deleteSecret, writeSecret } from './secrets';

const inputPath = (scheme: string, name?: string): string => `data/inputs/${scheme}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;

export interface InputList {
  rows: InputRow[];
  /** Schemes splunkd does not know (not registered: see splunkd.log), so their inputs cannot be listed. */
  unavailable: InputDefinition[];
}

export async function listInputs(api: SplunkApi): Promise<InputList> {
  const rows: InputRow[] = [];
  const unavailable: InputDefinition[] = [];
  for (const def of INPUT_DEFINITIONS) {
    try {
      const feed = await api.get(inputPath(def.scheme), { query: { count: 0 } });
      for (const e of feed.entry ?? []) rows.push(inputRowFrom(def, e.name, e.content));
    } catch (e) {
      if (!isStatus(e, 404)) throw e;
      unavailable.push(def);
    }
  }
  return { rows, unavailable };
}

/** Create or edit; a failed live validation rejects with splunkd's ResponseError (status 400, the input's message). */
export async function saveInput(api: SplunkApi, def: InputDefinition, values: InputValues, mode: InputMode, previous?: InputRow, secrets: Record<string, string> = {}): Promise<void> {
  const body = inputRequestBody(def, values, mode, previous?.content);
  // Secrets first: splunkd's live check (--validate-arguments) reads them. An empty field keeps the stored one.
  const name = mode === 'create' ? body.name! : previous!.name;
  for (const s of def.secrets ?? []) if (secrets[s.name]) await writeSecret(api, s.username(name), secrets[s.name]!);
  if (mode === 'create') await api.post(inputPath(def.scheme), body);
  else await api.post(inputPath(def.scheme, previous!.name), body);
}

export async function setInputEnabled(api: SplunkApi, row: InputRow, enabled: boolean): Promise<void> {
  await api.post(`${inputPath(row.scheme, row.name)}/${enabled ? 'enable' : 'disable'}`, {});
}

export async function deleteInput(api: SplunkApi, row: InputRow): Promise<void> {
  await api.del(inputPath(row.scheme, row.name));
  const def = INPUT_DEFINITIONS.find((d) => d.scheme === row.scheme);
  for (const s of def?.secrets ?? []) await deleteSecret(api, s.username(row.name));
}

/** Event indexes the user may pick (internal ones left out). */
export async function listIndexes(api: SplunkApi): Promise<string[]> {
  const feed = await api.get('data/indexes', { namespace: 'global', query: { count: 0 } });
  return (feed.entry ?? [])
    .filter((e) => !e.name.startsWith('_') && e.content.isInternal !== true && e.content.disabled !== true && (e.content.datatype ?? 'event') === 'event')
    .map((e) => e.name)
    .sort();
}

const MACRO = `configs/conf-macros/${INDEX_MACRO}`;

export interface IndexMacro {
  definition: string;
  /** The single index it names, if it names exactly one. */
  index: string | undefined;
}

export async function readIndexMacro(api: SplunkApi): Promise<IndexMacro> {
  const feed = await api.get(MACRO);
  const definition = String(feed.entry?.[0]?.content.definition ?? '');
  return { definition, index: macroIndex(definition) };
}

export async function setIndexMacro(api: SplunkApi, index: string): Promise<void> {
  await api.post(MACRO, { definition: `(index=${index})` });
}
