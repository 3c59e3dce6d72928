// The XML splunkd writes to a modular input's stdin (run mode and --validate-arguments), and its reading
// of the --scheme introspection output. Written for the stand-in from splunk-platform.md §1; it shares
// nothing with the app's own src/splunk/modinput, so each checks the other.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface InputContext {
  serverHost: string;
  serverUri: string;
  sessionKey: string;
  checkpointDir: string;
}

export type Params = Record<string, string>;

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

function header(ctx: InputContext, indent: string): string {
  return [
    `${indent}<server_host>${escapeText(ctx.serverHost)}</server_host>`,
    `${indent}<server_uri>${escapeText(ctx.serverUri)}</server_uri>`,
    `${indent}<session_key>${escapeText(ctx.sessionKey)}</session_key>`,
    `${indent}<checkpoint_dir>${escapeText(ctx.checkpointDir)}</checkpoint_dir>`,
  ].join('\n');
}

function params(values: Params, indent: string): string {
  return Object.entries(values)
    .map(([k, v]) => `${indent}<param name="${escapeAttr(k)}">${escapeText(v)}</param>`)
    .join('\n');
}

/** Run mode: one <stanza name="<scheme>://<name>" app="<app>"> per stanza (one, with use_single_instance=false). */
export function runInputXml(ctx: InputContext, stanzas: Array<{ name: string; app: string; params: Params }>): string {
  const body = stanzas
    .map((s) => `    <stanza name="${escapeAttr(s.name)}" app="${escapeAttr(s.app)}">\n${params(s.params, '      ')}\n    </stanza>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<input>\n${header(ctx, '  ')}\n  <configuration>\n${body}\n  </configuration>\n</input>\n`;
}

/** --validate-arguments: exactly one <item name="<name>"> (the name without scheme://). */
export function validationXml(ctx: InputContext, name: string, values: Params): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<items>\n${header(ctx, '  ')}\n  <item name="${escapeAttr(name)}">\n${params(values, '    ')}\n  </item>\n</items>\n`;
}

export interface SchemeArg {
  name: string;
  dataType: 'string' | 'number' | 'boolean';
  requiredOnCreate: boolean;
  requiredOnEdit: boolean;
  description?: string;
  validation?: string;
}

export interface SchemeInfo {
  title: string;
  description?: string;
  useExternalValidation: boolean;
  useSingleInstance: boolean;
  streamingMode: 'xml' | 'simple';
  args: SchemeArg[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'arg',
});

const bool = (v: unknown, fallback: boolean) => (v === undefined ? fallback : String(v).trim().toLowerCase() === 'true');

/** Reads --scheme output; throws with what is wrong, as splunkd refuses to register such a scheme. */
export function parseSchemeXml(xml: string): SchemeInfo {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`scheme is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = parser.parse(xml) as { scheme?: Record<string, unknown> };
  const s = doc.scheme;
  if (!s || typeof s !== 'object') throw new Error('scheme output has no <scheme> root element');
  const title = typeof s.title === 'string' ? s.title : '';
  if (!title) throw new Error('scheme has no <title>');
  const mode = String(s.streaming_mode ?? 'simple').trim().toLowerCase();
  if (mode !== 'xml' && mode !== 'simple') throw new Error(`scheme streaming_mode '${mode}' is not xml or simple`);
  const endpoint = (s.endpoint ?? {}) as { args?: { arg?: Array<Record<string, unknown>> } | string };
  const rawArgs = typeof endpoint.args === 'object' ? (endpoint.args.arg ?? []) : [];
  const args = rawArgs.map((a): SchemeArg => {
    const name = String(a['@name'] ?? '');
    if (!name) throw new Error('scheme has an <arg> without a name');
    const dataType = String(a.data_type ?? 'string').trim();
    if (dataType !== 'string' && dataType !== 'number' && dataType !== 'boolean') throw new Error(`arg '${name}' has data_type '${dataType}'`);
    return {
      name,
      dataType,
      requiredOnCreate: bool(a.required_on_create, false),
      requiredOnEdit: bool(a.required_on_edit, false),
      ...(typeof a.description === 'string' ? { description: a.description } : {}),
      ...(typeof a.validation === 'string' ? { validation: a.validation } : {}),
    };
  });
  return {
    title,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    useExternalValidation: bool(s.use_external_validation, false),
    useSingleInstance: bool(s.use_single_instance, false),
    streamingMode: mode,
    args,
  };
}

/** `<error><message>TEXT</message></error>` from --validate-arguments, if that is what stdout holds. */
export function validationErrorMessage(stdout: string): string | undefined {
  const text = stdout.trim();
  if (!text || XMLValidator.validate(text) !== true) return undefined;
  const doc = new XMLParser({ parseTagValue: false, trimValues: true }).parse(text) as { error?: { message?: unknown } };
  const message = doc.error?.message;
  return typeof message === 'string' ? message : undefined;
}

/** Scheme names declared by README/inputs.conf.spec: stanzas `[<scheme>://<name>]`. */
export function specSchemes(specText: string): string[] {
  const out: string[] = [];
  for (const m of specText.matchAll(/^\[([A-Za-z0-9_.-]+):\/\/[^\]]*\]\s*$/gm)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}
