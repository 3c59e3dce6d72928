// Input forms generated from the InputDefinitions (src/inputs/definitions.ts): their args, titles, help,
// choices and validate() — nothing re-typed here — plus Splunk's standard interval and index. Pure.
import { INPUT_DEFINITIONS, DEFAULT_INTERVAL_SECONDS } from '../../inputs/definitions';
import type { InputArgument, InputDefinition } from '../../splunk/modinput/definition';

export const INPUT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
export const MIN_INTERVAL_SECONDS = 60;
export const MAX_INTERVAL_SECONDS = 86_400;

export type InputMode = 'create' | 'edit';

export interface InputFormField {
  name: string;
  label: string;
  help: string;
  required: boolean;
  /** 'account' picks one of the configured accounts; 'choice' one of `choices`; 'multi' a comma list of them; 'textarea' multi-line text. */
  kind: 'text' | 'account' | 'choice' | 'multi' | 'textarea';
  choices: Array<{ value: string; label: string }>;
  defaultValue: string;
  arg: InputArgument;
}

export function definitionFor(scheme: string): InputDefinition | undefined {
  return INPUT_DEFINITIONS.find((d) => d.scheme === scheme);
}

/** The definition's own arguments as form fields, in definition order. */
export function inputFields(def: InputDefinition, mode: InputMode): InputFormField[] {
  return def.args.map((arg) => ({
    name: arg.name,
    label: arg.title,
    help: arg.description,
    required: mode === 'create' ? arg.requiredOnCreate : arg.requiredOnEdit || arg.requiredOnCreate,
    kind: arg.name === 'account' ? 'account' : arg.choices ? (arg.name === 'service_sources' ? 'multi' : 'choice') : arg.multiline ? 'textarea' : 'text',
    choices: arg.choices ?? [],
    defaultValue: arg.default ?? '',
    arg,
  }));
}

export type InputValues = Record<string, string>;

/** A new input's values: definition defaults, interval from the scheme's defaults, the first account. */
export function newInputValues(def: InputDefinition, accounts: string[], defaultIndex: string): InputValues {
  const values: InputValues = { name: '', interval: String(def.defaults.interval ?? DEFAULT_INTERVAL_SECONDS), index: defaultIndex };
  for (const f of inputFields(def, 'create')) values[f.name] = f.kind === 'account' ? (accounts[0] ?? '') : f.defaultValue;
  return values;
}

/** The edit form's values from an input's data/inputs entry. */
export function inputValuesFrom(def: InputDefinition, name: string, content: Record<string, unknown>): InputValues {
  const s = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
  const values: InputValues = { name, interval: s(content.interval) || String(def.defaults.interval), index: s(content.index) === 'default' ? '' : s(content.index) };
  for (const arg of def.args) values[arg.name] = s(content[arg.name]);
  return values;
}

/**
 * Field errors: required fields, the argument's own validate() (as --validate-arguments runs it), the
 * name, interval and index. The live check (splunkd running the input's --validate-arguments) follows on save.
 */
export function inputFormErrors(def: InputDefinition, values: InputValues, mode: InputMode, existingNames: string[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (mode === 'create') {
    const name = (values.name ?? '').trim();
    if (!name) errors.name = 'Enter a name for the input.';
    else if (!INPUT_NAME_PATTERN.test(name)) errors.name = `'${name}' is not a valid input name: use up to 100 letters, digits, '_', '-' or '.', starting with a letter or digit.`;
    else if (existingNames.includes(name)) errors.name = `An input named '${name}' already exists for ${def.title}: choose another name.`;
  }
  for (const field of inputFields(def, mode)) {
    const value = (values[field.name] ?? '').trim();
    if (!value) {
      if (field.required) errors[field.name] = field.kind === 'account' ? 'Pick an account (add one on the Configuration page first).' : `${field.label} is required.`;
      continue;
    }
    const problem = field.arg.validate?.(value);
    if (problem) errors[field.name] = problem;
  }
  const interval = (values.interval ?? '').trim();
  const seconds = Number(interval);
  if (!/^\d+$/.test(interval) || seconds < MIN_INTERVAL_SECONDS || seconds > MAX_INTERVAL_SECONDS)
    errors.interval = `Interval must be a whole number of seconds from ${MIN_INTERVAL_SECONDS} to ${MAX_INTERVAL_SECONDS} (default ${def.defaults.interval}).`;
  if (!(values.index ?? '').trim()) errors.index = 'Pick the index the events go to.';
  return errors;
}

/**
 * The POST body for data/inputs/<scheme> (create: with `name`) or data/inputs/<scheme>/<name> (edit).
 * Empty optional arguments are left out, except on edit where a previously set value must be cleared.
 */
export function inputRequestBody(def: InputDefinition, values: InputValues, mode: InputMode, previous?: Record<string, unknown>): Record<string, string> {
  const body: Record<string, string> = {};
  if (mode === 'create') body.name = (values.name ?? '').trim();
  for (const arg of def.args) {
    const value = (values[arg.name] ?? '').trim();
    const before = previous?.[arg.name];
    if (value !== '' || (mode === 'edit' && before !== undefined && before !== null && String(before) !== '')) body[arg.name] = value;
  }
  body.interval = (values.interval ?? '').trim();
  body.index = (values.index ?? '').trim();
  return body;
}

export interface InputRow {
  scheme: string;
  name: string;
  typeTitle: string;
  account: string;
  interval: string;
  index: string;
  disabled: boolean;
  content: Record<string, unknown>;
}

const truthy = (v: unknown): boolean => v === true || /^(1|true|yes|t|y|on)$/i.test(String(v ?? '').trim());

export function inputRowFrom(def: InputDefinition, name: string, content: Record<string, unknown>): InputRow {
  return {
    scheme: def.scheme,
    name,
    typeTitle: def.title,
    account: String(content.account ?? ''),
    interval: String(content.interval ?? ''),
    index: String(content.index ?? 'default'),
    disabled: truthy(content.disabled),
    content,
  };
}

/** `(index=main)` → `main`; anything else (several indexes, an expression) → undefined. */
export function macroIndex(definition: string): string | undefined {
  const m = /^\s*\(?\s*index\s*=\s*"?([A-Za-z0-9_][A-Za-z0-9_-]*)"?\s*\)?\s*$/.exec(definition);
  return m ? m[1] : undefined;
}

export const macroDefinitionFor = (index: string): string => `(index=${index})`;
