import { expect } from 'chai';
import {
  ModinputXmlError,
  parseInputConfig,
  parseValidationConfig,
} from '../../../src/splunk/modinput/input-xml';
import { vector } from './xml-tree';

const SESSION_KEY = '123102983109283019283';

function errorOf(fn: () => unknown): ModinputXmlError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(ModinputXmlError);
    return err as ModinputXmlError;
  }
  throw new Error('expected a ModinputXmlError');
}

const header = (key = 'SECRET-KEY-42') =>
  `<server_host>sh1</server_host><server_uri>https://127.0.0.1:8089</server_uri><session_key>${key}</session_key><checkpoint_dir>/ck</checkpoint_dir>`;

describe('parseInputConfig', () => {
  it('reads conf_with_0_inputs.xml (utf-16 declaration over UTF-8 bytes is ignored)', () => {
    expect(parseInputConfig(vector('conf_with_0_inputs.xml'))).to.deep.equal({
      serverHost: 'tiny',
      serverUri: 'https://127.0.0.1:8089',
      sessionKey: SESSION_KEY,
      checkpointDir: '/some/dir',
      stanzas: [],
    });
  });

  it('reads conf_with_2_inputs.xml with params and param_lists', () => {
    const cfg = parseInputConfig(vector('conf_with_2_inputs.xml'));
    expect(cfg.stanzas).to.deep.equal([
      { name: 'foobar://aaa', params: { param1: 'value1', param2: 'value2', disabled: '0', index: 'default' } },
      {
        name: 'foobar://bbb',
        params: {
          param1: 'value11',
          param2: 'value22',
          disabled: '0',
          index: 'default',
          multiValue: ['value1', 'value2'],
          multiValue2: ['value3', 'value4'],
        },
      },
    ]);
  });

  it('reads conf_with_5_inputs.xml in document order', () => {
    const cfg = parseInputConfig(vector('conf_with_5_inputs.xml'));
    expect(cfg.stanzas.map((s) => s.name)).to.deep.equal([
      'foobar://aaa',
      'foobar://bbb',
      'foobar://ccc',
      'foobar://ddd',
      'foobar://eee',
    ]);
    expect(cfg.stanzas[3]?.params.multiValue2).to.deep.equal(['value3', 'value4']);
    expect(cfg.checkpointDir).to.equal('/some/dir');
  });

  it('rejects conf_with_invalid_inputs.xml, naming the stanza and the element', () => {
    const err = errorOf(() => parseInputConfig(vector('conf_with_invalid_inputs.xml')));
    expect(err.message).to.equal(
      "input configuration XML: stanza 'foobar://aaa' has an unexpected <editor> element; expected <param> or <param_list>",
    );
  });

  it('decodes entities and keeps values exactly, including spaces, CR and Unicode', () => {
    const cfg = parseInputConfig(
      `<input>${header()}<configuration><stanza name="s://a&amp;b"><param name="p"> a &lt;b&gt; &amp; &#13;c 😀 </param><param name="empty"/></stanza></configuration></input>`,
    );
    expect(cfg.stanzas[0]).to.deep.equal({ name: 's://a&b', params: { p: ' a <b> & \rc 😀 ', empty: '' } });
  });

  it('accepts a UTF-8 byte order mark and a document without declaration', () => {
    const cfg = parseInputConfig(`\uFEFF<input>${header()}<configuration/></input>`);
    expect(cfg.serverHost).to.equal('sh1');
  });

  it('keeps a parameter named __proto__ as an ordinary parameter', () => {
    const cfg = parseInputConfig(
      `<input>${header()}<configuration><stanza name="s://a"><param name="__proto__">x</param></stanza></configuration></input>`,
    );
    const params = cfg.stanzas[0]?.params ?? {};
    expect(Object.keys(params)).to.deep.equal(['__proto__']);
    expect(Object.getPrototypeOf(params)).to.equal(Object.prototype);
  });

  for (const key of ['session_key', 'server_uri', 'checkpoint_dir']) {
    it(`rejects a document without <${key}>`, () => {
      const xml = `<input>${header().replace(new RegExp(`<${key}>[^<]*</${key}>`), '')}<configuration/></input>`;
      expect(errorOf(() => parseInputConfig(xml)).message).to.equal(
        `input configuration XML: <${key}> is missing or empty in <input>`,
      );
    });
  }

  it('rejects malformed XML with line and column, never quoting the session key', () => {
    const xml = `<input>\n${header('SECRET-KEY-42')}<configuration><stanza name="s://a"><param name="p">v</stanza></configuration></input>`;
    const err = errorOf(() => parseInputConfig(xml));
    expect(err.message).to.match(/^input configuration XML: malformed XML at line 2, column \d+: /);
    expect(err.message).not.to.contain('SECRET-KEY-42');
  });

  it('scrubs the session key when the parser message quotes it', () => {
    const err = errorOf(() => parseInputConfig('<input><session_key>abc12345</session_key><x abc12345></x></input>'));
    expect(err.message).to.equal(
      "input configuration XML: malformed XML at line 1, column 46: boolean attribute '********' is not allowed.",
    );
  });

  it('rejects an empty document, a wrong root and two roots', () => {
    expect(errorOf(() => parseInputConfig('  \n')).message).to.equal(
      'input configuration XML: stdin was empty; expected <input> from splunkd',
    );
    expect(errorOf(() => parseInputConfig(vector('validation.xml'))).message).to.equal(
      'input configuration XML: root element is <items>; expected <input>',
    );
    expect(errorOf(() => parseInputConfig(`<input>${header()}</input><input/>`)).message).to.equal(
      'input configuration XML: expected one root element <input>',
    );
  });

  it('rejects a stanza without a name, text inside a stanza, and a foreign element in a param_list', () => {
    const wrap = (stanza: string) => `<input>${header()}<configuration>${stanza}</configuration></input>`;
    expect(errorOf(() => parseInputConfig(wrap('<stanza><param name="a">1</param></stanza>'))).message).to.equal(
      'input configuration XML: <stanza> has no name attribute',
    );
    expect(errorOf(() => parseInputConfig(wrap('<stanza name="s://x">oops</stanza>'))).message).to.equal(
      "input configuration XML: stanza 's://x' has unexpected text; expected only elements",
    );
    expect(
      errorOf(() => parseInputConfig(wrap('<stanza name="s://x"><param_list name="l"><item>1</item></param_list></stanza>')))
        .message,
    ).to.equal(`input configuration XML: <param_list name="l"> in stanza 's://x' has an unexpected <item> element; expected <value>`);
    expect(errorOf(() => parseInputConfig(wrap('<other/>'))).message).to.equal(
      'input configuration XML: <configuration> has an unexpected <other> element; expected <stanza>',
    );
  });
});

describe('parseValidationConfig', () => {
  it('reads validation.xml (comment and utf-16 declaration ignored)', () => {
    expect(parseValidationConfig(vector('validation.xml'))).to.deep.equal({
      serverHost: 'tiny',
      serverUri: 'https://127.0.0.1:8089',
      sessionKey: SESSION_KEY,
      checkpointDir: '/opt/splunk/var/lib/splunk/modinputs',
      name: 'aaa',
      params: {
        param1: 'value1',
        param2: 'value2',
        disabled: '0',
        index: 'default',
        multiValue: ['value1', 'value2'],
        multiValue2: ['value3', 'value4'],
      },
    });
  });

  it('requires exactly one <item>', () => {
    expect(errorOf(() => parseValidationConfig(`<items>${header()}</items>`)).message).to.equal(
      'validation XML: expected exactly one <item> in <items>, found 0',
    );
    expect(
      errorOf(() => parseValidationConfig(`<items>${header()}<item name="a"/><item name="b"/></items>`)).message,
    ).to.equal('validation XML: expected exactly one <item> in <items>, found 2');
  });

  it('rejects unknown elements inside the item', () => {
    const xml = `<items>${header()}<item name="a"><editor name="x">1</editor></item></items>`;
    expect(errorOf(() => parseValidationConfig(xml)).message).to.equal(
      "validation XML: item 'a' has an unexpected <editor> element; expected <param> or <param_list>",
    );
  });

  it('rejects a missing session key without printing any other value', () => {
    const xml = `<items>${header('').replace('<session_key></session_key>', '')}<item name="a"/></items>`;
    expect(errorOf(() => parseValidationConfig(xml)).message).to.equal(
      'validation XML: <session_key> is missing or empty in <items>',
    );
  });
});
