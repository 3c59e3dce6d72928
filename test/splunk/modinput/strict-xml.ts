// Test helper: parses XML the way a strict XML 1.0 consumer (splunkd) does, with saxes, and returns
// the text of every element named `tag`, exactly (no trimming). Throws on any well-formedness error,
// including characters XML 1.0 forbids.
import { SaxesParser } from 'saxes';

export function strictTexts(xml: string, tag: string): string[] {
  const parser = new SaxesParser();
  const texts: string[] = [];
  let inside = false;
  let current = '';
  parser.on('opentag', (node) => {
    if (node.name === tag) {
      inside = true;
      current = '';
    }
  });
  parser.on('text', (text) => {
    if (inside) current += text;
  });
  parser.on('closetag', (node) => {
    if (node.name === tag) {
      inside = false;
      texts.push(current);
    }
  });
  parser.write(xml).close();
  return texts;
}
