// App files generated from typed definitions (nothing is written twice). build.js bundles this module with
// esbuild on the fly and writes what `renderGeneratedAppFiles()` returns into the app tree.
import { INDEX_MACRO, LOG_FILE, LOG_SOURCETYPE } from '../../src/config/names';
import { INPUT_DEFINITIONS } from '../../src/inputs/definitions';
import type { InputDefinition } from '../../src/splunk/modinput/definition';
import { renderInputsSpec } from '../../src/splunk/modinput/spec';
import { ALERT_ACTION_DEFINITIONS } from '../../src/actions/definitions';
import { renderAlertActionFiles } from './alert-action';
import { renderAlertForms } from './alert-form';

/** default/inputs.conf: one default stanza `[<scheme>]` per input, so every input polls at its interval. */
export function renderInputsDefaults(defs: readonly InputDefinition[]): string {
  const lines = [
    '# Defaults for every input of each scheme. Generated from src/inputs/definitions.ts by the build: do not edit.',
    '',
  ];
  for (const def of defs) lines.push(`[${def.scheme}]`, `interval = ${def.defaults.interval}`, '');
  return lines.join('\n');
}

/**
 * The add-on's own log file, with its rotated copies, into _internal (not `${INDEX_MACRO}`: it is
 * operational data). Splunk's default monitor of var/log/splunk matches it too; the fishbucket reads each
 * file once, and props.conf [source::…ta_defender_sync.log*] gives it the same sourcetype either way.
 */
export function renderLogMonitor(): string {
  return [
    '',
    `# ${LOG_FILE}: the add-on's key=value log (docs/knowledge-objects.md).`,
    `[monitor://$SPLUNK_HOME/var/log/splunk/${LOG_FILE}*]`,
    `sourcetype = ${LOG_SOURCETYPE}`,
    'index = _internal',
    '',
  ].join('\n');
}

/** App-relative path → file content. */
export function renderGeneratedAppFiles(defs: readonly InputDefinition[] = INPUT_DEFINITIONS): Record<string, string> {
  return {
    'README/inputs.conf.spec': renderInputsSpec(defs),
    'default/inputs.conf': `${renderInputsDefaults(defs)}${renderLogMonitor()}`,
    ...renderAlertActionFiles(ALERT_ACTION_DEFINITIONS),
    ...renderAlertForms(ALERT_ACTION_DEFINITIONS),
  };
}
