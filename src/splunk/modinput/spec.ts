// README/inputs.conf.spec, generated from the input definitions at build time. splunkd registers a
// modular input from its `[<scheme>://<name>]` stanza; AppInspect and Splunk's conf checker read the
// `key = <type>` lines as the settings a stanza accepts. Layout follows Splunk's own spec files.
import type { InputArgument, InputDefinition } from './definition';

const WIDTH = 80;

export function renderInputsSpec(defs: readonly InputDefinition[]): string {
  const out = [
    '# The modular inputs of this add-on and their inputs.conf settings.',
    '# Generated from src/inputs/definitions.ts by the build: do not edit.',
    '',
  ];
  for (const def of defs) out.push(...renderStanza(def), '');
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function renderStanza(def: InputDefinition): string[] {
  const lines = [
    ...wrap(def.title, '# ', '# '),
    `[${def.scheme}://<name>]`,
    ...doc(def.description),
    ...(def.notice ? doc(def.notice) : []),
    '',
  ];
  for (const arg of def.args) lines.push(...renderSetting(arg), '');
  lines.push(
    'interval = <integer>',
    ...doc('How often, in seconds, splunkd starts this input.'),
    ...doc(`Default: ${def.defaults.interval}`),
  );
  return lines;
}

function renderSetting(arg: InputArgument): string[] {
  const lines = [`${arg.name} = ${valueType(arg)}`, ...doc(arg.description)];
  if (arg.choices?.length) lines.push(...doc(`Choices: ${arg.choices.map((c) => c.value).join(', ')}.`));
  if (arg.requiredOnCreate) lines.push(...doc('Required.'));
  if (arg.default !== undefined) lines.push(...doc(`Default: ${arg.default}`));
  return lines;
}

function valueType(arg: InputArgument): string {
  switch (arg.type) {
    case 'boolean':
      return '<boolean>';
    case 'number':
      return '<decimal>';
    default:
      return '<string>';
  }
}

/** A `* ` documentation bullet, wrapped like Splunk's own spec files (two-space continuation). */
function doc(text: string): string[] {
  return wrap(text, '* ', '  ');
}

function wrap(text: string, first: string, rest: string): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = first;
  for (const word of words) {
    const prefix = lines.length === 0 ? first : rest;
    if (line !== prefix && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = rest + word;
    } else {
      line = line === prefix ? line + word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.map((l) => l.trimEnd());
}
