// What splunkd writes on stdin: `<input>` in run mode, `<items>` for --validate-arguments
// (splunk-platform.md §1.3, §1.4). fast-xml-parser checks well-formedness and builds the tree; the
// structure is then checked by hand so a surprise is reported instead of silently ignored.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type Params = Record<string, string | string[]>;

export interface Stanza {
  /** As splunkd sends it: `<scheme>://<name>`. */
  name: string;
  params: Params;
}

interface ServerInfo {
  serverHost: string;
  serverUri: string;
  sessionKey: string;
  checkpointDir: string;
}

export interface InputConfig extends ServerInfo {
  stanzas: Stanza[];
}

export interface ValidationConfig extends ServerInfo {
  /** The input's name, without `<scheme>://`. */
  name: string;
  params: Params;
}

export class ModinputXmlError extends Error {
  override name = 'ModinputXmlError';
}

const RUN_DOC = 'input configuration XML';
const VALIDATION_DOC = 'validation XML';

export function parseInputConfig(xml: string): InputConfig {
  const root = parseDocument(xml, RUN_DOC, 'input');
  const configuration = optionalChild(root, 'configuration');
  const stanzas: Stanza[] = [];
  for (const child of elementChildren(configuration, RUN_DOC, '<configuration>')) {
    if (child.tag !== 'stanza')
      throw new ModinputXmlError(`${RUN_DOC}: <configuration> has an unexpected <${child.tag}> element; expected <stanza>`);
    const name = requireName(child, RUN_DOC, '<stanza>');
    stanzas.push({ name, params: parseParams(child, RUN_DOC, `stanza '${name}'`) });
  }
  return { ...serverInfo(root, RUN_DOC), stanzas };
}

export function parseValidationConfig(xml: string): ValidationConfig {
  const root = parseDocument(xml, VALIDATION_DOC, 'items');
  const items = root.children.filter((c) => c.tag === 'item');
  if (items.length !== 1)
    throw new ModinputXmlError(`${VALIDATION_DOC}: expected exactly one <item> in <items>, found ${items.length}`);
  const item = items[0] as XmlElement;
  const name = requireName(item, VALIDATION_DOC, '<item>');
  return { ...serverInfo(root, VALIDATION_DOC), name, params: parseParams(item, VALIDATION_DOC, `item '${name}'`) };
}

// ---- structure ----

interface XmlElement {
  tag: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
}

function serverInfo(root: XmlElement, doc: string): ServerInfo {
  return {
    // Informational only: an empty or missing host name does not stop the input.
    serverHost: optionalText(root, 'server_host', doc),
    serverUri: requiredText(root, 'server_uri', doc),
    sessionKey: requiredText(root, 'session_key', doc),
    checkpointDir: requiredText(root, 'checkpoint_dir', doc),
  };
}

function parseParams(container: XmlElement, doc: string, where: string): Params {
  const params: Params = {};
  for (const child of elementChildren(container, doc, where)) {
    if (child.tag === 'param') {
      setParam(params, requireName(child, doc, `<param> in ${where}`), textOf(child, doc, `<param> in ${where}`));
    } else if (child.tag === 'param_list') {
      const name = requireName(child, doc, `<param_list> in ${where}`);
      const values = elementChildren(child, doc, `<param_list name="${name}"> in ${where}`).map((v) => {
        if (v.tag !== 'value')
          throw new ModinputXmlError(
            `${doc}: <param_list name="${name}"> in ${where} has an unexpected <${v.tag}> element; expected <value>`,
          );
        return textOf(v, doc, `<value> in ${where}`);
      });
      setParam(params, name, values);
    } else {
      throw new ModinputXmlError(
        `${doc}: ${where} has an unexpected <${child.tag}> element; expected <param> or <param_list>`,
      );
    }
  }
  return params;
}

// Own property even for names like `__proto__`: parameter names come from outside.
function setParam(params: Params, name: string, value: string | string[]): void {
  Object.defineProperty(params, name, { value, enumerable: true, writable: true, configurable: true });
}

/** Children of a container element; character data other than layout whitespace is an error. */
function elementChildren(el: XmlElement | undefined, doc: string, where: string): XmlElement[] {
  if (!el) return [];
  if (el.text.trim() !== '') throw new ModinputXmlError(`${doc}: ${where} has unexpected text; expected only elements`);
  return el.children;
}

function textOf(el: XmlElement, doc: string, where: string): string {
  if (el.children.length > 0)
    throw new ModinputXmlError(`${doc}: ${where} has an unexpected <${el.children[0]?.tag}> element; expected text`);
  return el.text;
}

function requireName(el: XmlElement, doc: string, where: string): string {
  const name = el.attributes.name;
  if (!name) throw new ModinputXmlError(`${doc}: ${where} has no name attribute`);
  return name;
}

function optionalChild(root: XmlElement, tag: string): XmlElement | undefined {
  return root.children.find((c) => c.tag === tag);
}

function optionalText(root: XmlElement, tag: string, doc: string): string {
  const el = optionalChild(root, tag);
  return el ? textOf(el, doc, `<${tag}>`).trim() : '';
}

function requiredText(root: XmlElement, tag: string, doc: string): string {
  const value = optionalText(root, tag, doc);
  if (!value) throw new ModinputXmlError(`${doc}: <${tag}> is missing or empty in <${root.tag}>`);
  return value;
}

// ---- parsing ----

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Needed for numeric character references (`&#13;`); named HTML entities come along, harmlessly.
  htmlEntities: true,
});

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function parseDocument(xml: string, doc: string, rootTag: string): XmlElement {
  // The declaration may claim utf-16 over UTF-8 bytes (SDK fixtures): we already have text, so it is ignored.
  const text = xml.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new ModinputXmlError(`${doc}: stdin was empty; expected <${rootTag}> from splunkd`);
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    throw new ModinputXmlError(scrubSessionKey(`${doc}: malformed XML at line ${line}, column ${col}: ${msg}`, text));
  }
  const roots = toElements(parser.parse(text) as OrderedNode[]);
  const root = roots[0];
  if (roots.length !== 1 || !root) throw new ModinputXmlError(`${doc}: expected one root element <${rootTag}>`);
  if (root.tag !== rootTag)
    throw new ModinputXmlError(`${doc}: root element is <${root.tag}>; expected <${rootTag}>`);
  return root;
}

function toElements(nodes: OrderedNode[]): XmlElement[] {
  const out: XmlElement[] = [];
  for (const node of nodes) {
    const tag = Object.keys(node).find((k) => k !== ':@');
    if (!tag || tag === '#text' || tag.startsWith('?') || tag.startsWith('!')) continue;
    const body = (node[tag] ?? []) as OrderedNode[];
    out.push({
      tag,
      attributes: node[':@'] ?? {},
      children: toElements(body),
      text: body.map((n) => (typeof n['#text'] === 'string' ? n['#text'] : '')).join(''),
    });
  }
  return out;
}

// Parser messages may quote document text; the session key must never reach a log or reply.
function scrubSessionKey(message: string, xml: string): string {
  const key = /<session_key>([\s\S]*?)<\/session_key>/.exec(xml)?.[1]?.trim();
  // Keys shorter than a real one (tests, hand-written input) would only garble the message.
  return key && key.length >= 8 ? message.split(key).join('********') : message;
}
