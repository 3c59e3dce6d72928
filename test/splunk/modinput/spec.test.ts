import { expect } from 'chai';
import { INPUT_DEFINITIONS, endpointAlertsInput } from '../../../src/inputs/definitions';
import type { InputDefinition } from '../../../src/splunk/modinput/definition';
import { renderInputsSpec } from '../../../src/splunk/modinput/spec';

interface SpecStanza {
  header: string;
  settings: Map<string, { type: string; doc: string[] }>;
}

/**
 * Reads a spec the way Splunk's conf checker does (conf_checker.rules): `[stanza]` at the left edge,
 * `key = <type>` settings, `*` bullets and indented continuations as documentation, `#` comments.
 * Throws on any other line.
 */
function readSpec(text: string): SpecStanza[] {
  const stanzas: SpecStanza[] = [];
  let current: SpecStanza | undefined;
  let lastDoc: string[] | undefined;
  text.split('\n').forEach((line, i) => {
    if (line === '' || line.startsWith('#')) return;
    if (/^\[[^\]]+\]$/.test(line)) {
      current = { header: line.slice(1, -1), settings: new Map() };
      stanzas.push(current);
      lastDoc = undefined;
      return;
    }
    const setting = /^([A-Za-z_][A-Za-z0-9_.]*) = (<[a-z-]+>)$/.exec(line);
    if (setting && current) {
      lastDoc = [];
      current.settings.set(setting[1] as string, { type: setting[2] as string, doc: lastDoc });
      return;
    }
    if (/^\* \S/.test(line) && current) {
      (lastDoc ?? []).push(line.slice(2));
      return;
    }
    if (/^ {2}\S/.test(line) && current) {
      if (line.includes('=')) throw new Error(`line ${i + 1}: indented line with '=' reads as a setting: ${line}`);
      return;
    }
    throw new Error(`line ${i + 1} is not spec syntax: ${JSON.stringify(line)}`);
  });
  return stanzas;
}

describe('renderInputsSpec', () => {
  const text = renderInputsSpec(INPUT_DEFINITIONS);

  it('has one [<scheme>://<name>] stanza per input, in order', () => {
    expect(readSpec(text).map((s) => s.header)).to.deep.equal([
      'defender_sync_incidents://<name>',
      'defender_sync_alerts://<name>',
      'defender_sync_endpoint_alerts://<name>',
      'defender_sync_hunting://<name>',
      'defender_sync_stream://<name>',
    ]);
  });

  it('declares every argument with its value type, plus interval', () => {
    for (const [i, def] of INPUT_DEFINITIONS.entries()) {
      const stanza = readSpec(text)[i] as SpecStanza;
      expect([...stanza.settings.keys()]).to.deep.equal([...def.args.map((a) => a.name), 'interval']);
      expect(stanza.settings.get('account')?.type).to.equal('<string>');
      expect(stanza.settings.get('interval')?.type).to.equal('<integer>');
    }
  });

  it('documents defaults as "* Default: ..." and required arguments', () => {
    const stanza = readSpec(text)[2] as SpecStanza;
    expect(stanza.settings.get('region')?.doc).to.include('Default: default');
    expect(stanza.settings.get('interval')?.doc).to.include(`Default: ${endpointAlertsInput.defaults.interval}`);
    expect(stanza.settings.get('account')?.doc).to.include('Required.');
  });

  it('uses real LF line breaks, no CR, no tabs, no trailing spaces, lines of at most 80 characters', () => {
    expect(text).not.to.match(/\r|\t/);
    expect(text.endsWith('\n')).to.equal(true);
    for (const line of text.split('\n')) {
      expect(line, line).not.to.match(/ $/);
      expect(line.length, line).to.be.at.most(80);
    }
  });

  it('maps argument types to spec value types', () => {
    const def: InputDefinition = {
      ...endpointAlertsInput,
      scheme: 'x',
      notice: undefined,
      args: [
        { name: 'flag', title: 'f', description: 'A flag.', type: 'boolean', requiredOnCreate: false, requiredOnEdit: false },
        { name: 'ratio', title: 'r', description: 'A ratio.', type: 'number', requiredOnCreate: false, requiredOnEdit: false },
      ],
    };
    const settings = (readSpec(renderInputsSpec([def]))[0] as SpecStanza).settings;
    expect(settings.get('flag')?.type).to.equal('<boolean>');
    expect(settings.get('ratio')?.type).to.equal('<decimal>');
  });

  it('wraps a word longer than the line on its own line instead of cutting it', () => {
    const long = 'x'.repeat(120);
    const def: InputDefinition = { ...endpointAlertsInput, description: `before ${long} after`, notice: undefined };
    const out = renderInputsSpec([def]);
    expect(out).to.contain(`\n  ${long}\n`);
    expect(() => readSpec(out)).not.to.throw();
  });
});
