// How splunkd runs the polled inputs: one process per stanza per interval (splunkd's default), or one
// long-lived process per scheme that schedules all of that scheme's stanzas itself (use_single_instance;
// docs/architecture.md "Run model"). Read from the app's own ta_defender_sync_settings.conf [scheduler] on
// disk, because `--scheme` (which tells splunkd the mode, at its start) runs before any session key exists.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { confToObject, parseConf } from '../splunk/conf-file';
import { SETTINGS_CONF } from './names';

export interface RunModel {
  /** One process per scheme for all stanzas (use_single_instance = true). */
  singleInstance: boolean;
  /** Stanza runs at once in that process. */
  concurrency: number;
}

export const DEFAULT_CONCURRENCY = 16;
export const MAX_CONCURRENCY = 256;

const isTrue = (v: string | undefined): boolean => /^(1|true|yes|t|y|on)$/i.test((v ?? '').trim());

/** [scheduler] as written: a bad concurrency falls back to the default (the run logs why). */
export function parseRunModel(stanza: Record<string, string> | undefined): RunModel & { problem?: string } {
  const singleInstance = isTrue(stanza?.single_instance);
  const raw = (stanza?.concurrency ?? '').trim();
  if (raw === '') return { singleInstance, concurrency: DEFAULT_CONCURRENCY };
  const n = Number(raw);
  if (Number.isInteger(n) && n >= 1 && n <= MAX_CONCURRENCY) return { singleInstance, concurrency: n };
  return {
    singleInstance,
    concurrency: DEFAULT_CONCURRENCY,
    problem: `[scheduler] concurrency '${raw}' in ${SETTINGS_CONF}.conf must be a whole number from 1 to ${MAX_CONCURRENCY}; using ${DEFAULT_CONCURRENCY}`,
  };
}

/** The app folder of a launcher's entry script (bin/lib/<name>.mjs). */
export const appDirOf = (entryScript: string): string => resolve(dirname(entryScript), '..', '..');

/** default/ then local/ (local wins key by key), as splunkd layers an app's conf files. */
export function readRunModel(appDir: string): RunModel & { problem?: string } {
  const merged: Record<string, string> = {};
  for (const layer of ['default', 'local']) {
    let text: string;
    try {
      text = readFileSync(join(appDir, layer, `${SETTINGS_CONF}.conf`), 'utf8');
    } catch {
      continue;
    }
    Object.assign(merged, confToObject(parseConf(text)).scheduler ?? {});
  }
  return parseRunModel(merged);
}
