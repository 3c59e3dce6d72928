// Test helper: XML → a plain tree (tag, attributes, children, trimmed text), so documents that differ
// only in layout whitespace, declarations or comments compare equal with deep equality.
import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { sharedPath } from '../../helpers/shared';

export interface Tree {
  tag: string;
  attributes: Record<string, string>;
  children: Tree[];
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  htmlEntities: true,
});

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

export function xmlTree(xml: string): Tree {
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) throw new Error(`not well-formed XML: ${verdict.err.msg} at ${verdict.err.line}:${verdict.err.col}`);
  const roots = convert(parser.parse(xml) as Node[]);
  if (roots.length !== 1 || !roots[0]) throw new Error(`expected one root element, got ${roots.length}`);
  return roots[0];
}

function convert(nodes: Node[]): Tree[] {
  const out: Tree[] = [];
  for (const node of nodes) {
    const tag = Object.keys(node).find((k) => k !== ':@');
    if (!tag || tag === '#text' || tag.startsWith('?')) continue;
    const body = (node[tag] ?? []) as Node[];
    out.push({
      tag,
      attributes: { ...(node[':@'] ?? {}) },
      children: convert(body),
      text: body
        .map((n) => (typeof n['#text'] === 'string' ? n['#text'] : ''))
        .join('')
        .trim(),
    });
  }
  return out;
}

export function vector(name: string): string {
  return readFileSync(sharedPath('splunk', 'modinput-vectors', name), 'utf8');
}

export function vectorTree(name: string): Tree {
  return xmlTree(vector(name));
}
