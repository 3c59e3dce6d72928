import { expect } from 'chai';
import type { InputArgument, InputDefinition } from '../../../src/splunk/modinput/definition';
import { renderArgument, renderScheme } from '../../../src/splunk/modinput/scheme';
import { INPUT_DEFINITIONS, incidentsInput } from '../../../src/inputs/definitions';
import { vector, vectorTree, xmlTree } from './xml-tree';

const UNICODE = '쎼 and 쎶 and <&> für';

const base: InputDefinition = {
  scheme: 'abcd',
  title: 'abcd',
  description: '',
  useExternalValidation: true,
  useSingleInstance: false,
  streamingMode: 'xml',
  args: [],
  defaults: { interval: 300, sourcetypes: [] },
};

const plainArg: InputArgument = {
  name: 'arg1',
  title: 'arg1',
  description: '',
  type: 'string',
  requiredOnCreate: false,
  requiredOnEdit: false,
};

const fullArg: InputArgument = {
  name: 'arg2',
  title: 'arg2',
  description: UNICODE,
  type: 'number',
  requiredOnCreate: true,
  requiredOnEdit: true,
  splunkValidation: "is_pos_int('some_name')",
};

describe('renderScheme', () => {
  it('matches scheme_with_defaults.xml for a definition with SDK defaults and no arguments', () => {
    expect(xmlTree(renderScheme(base))).to.deep.equal(vectorTree('scheme_with_defaults.xml'));
  });

  it('matches scheme_without_defaults.xml, including Unicode and <&> escaping', () => {
    const def: InputDefinition = {
      ...base,
      description: UNICODE,
      useExternalValidation: false,
      useSingleInstance: true,
      streamingMode: 'simple',
      args: [plainArg, fullArg],
    };
    const xml = renderScheme(def);
    expect(xmlTree(xml)).to.deep.equal(vectorTree('scheme_without_defaults.xml'));
    expect(xml).to.contain('<description>쎼 and 쎶 and &lt;&amp;&gt; für</description>');
  });

  it('prints no XML declaration and starts with <scheme>', () => {
    expect(renderScheme(incidentsInput).startsWith('<scheme>')).to.equal(true);
  });

  it('renders each of our three definitions as well-formed XML listing every argument', () => {
    for (const def of INPUT_DEFINITIONS) {
      const tree = xmlTree(renderScheme(def));
      const args = tree.children.find((c) => c.tag === 'endpoint')?.children[0]?.children ?? [];
      expect(args.map((a) => a.attributes.name)).to.deep.equal(def.args.map((a) => a.name));
      expect(tree.children.find((c) => c.tag === 'streaming_mode')?.text).to.equal('xml');
      expect(tree.children.find((c) => c.tag === 'use_single_instance')?.text).to.equal('false');
    }
  });
});

describe('renderArgument', () => {
  it('matches argument_with_defaults.xml', () => {
    const xml = renderArgument({ ...plainArg, name: 'some_name' }).join('\n');
    expect(xmlTree(xml)).to.deep.equal(vectorTree('argument_with_defaults.xml'));
  });

  it('matches argument_without_defaults.xml', () => {
    const xml = renderArgument({ ...fullArg, name: 'some_name', type: 'boolean' }).join('\n');
    expect(xmlTree(xml)).to.deep.equal(vectorTree('argument_without_defaults.xml'));
    expect(xml).to.contain('&lt;&amp;&gt;');
  });

  it('escapes quotes in the argument name attribute', () => {
    const xml = renderArgument({ ...plainArg, name: 'a"b' }).join('\n');
    expect(xml).to.contain('<arg name="a&quot;b">');
    expect(xmlTree(xml).attributes.name).to.equal('a"b');
  });

  it('leaves the element order of the vector (description, validation, data_type, required_on_edit, required_on_create)', () => {
    const order = xmlTree(renderArgument(fullArg).join('\n')).children.map((c) => c.tag);
    expect(order).to.deep.equal(xmlTree(vector('argument_without_defaults.xml')).children.map((c) => c.tag));
  });
});
