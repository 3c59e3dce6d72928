// App files generated from the typed input definitions (nothing is written twice). build.js bundles this
// module with esbuild on the fly and writes what `renderGeneratedAppFiles()` returns into the app tree.
import { INPUT_DEFINITIONS } from '../../src/inputs/definitions';
import type { InputDefinition } from '../../src/splunk/modinput/definition';
import { renderInputsSpec } from '../../src/splunk/modinput/spec';

/** default/inputs.conf: one default stanza `[<scheme>]` per input, so every input polls at its interval. */
export function renderInputsDefaults(defs: readonly InputDefinition[]): string {
  const lines = [
    '# Defaults for every input of each scheme. Generated from src/inputs/definitions.ts by the build: do not edit.',
    '',
  ];
  for (const def of defs) lines.push(`[${def.scheme}]`, `interval = ${def.defaults.interval}`, '');
  return lines.join('\n');
}

/** App-relative path → file content. */
export function renderGeneratedAppFiles(defs: readonly InputDefinition[] = INPUT_DEFINITIONS): Record<string, string> {
  return {
    'README/inputs.conf.spec': renderInputsSpec(defs),
    'default/inputs.conf': renderInputsDefaults(defs),
  };
}
