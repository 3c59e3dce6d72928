import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { AlertPayloadError, parseAlertPayload } from '../../../src/splunk/alert/payload';
import { sharedPath } from '../../helpers/shared';

const fixture = readFileSync(sharedPath('fixtures', 'splunk', 'alert-action-payload.json'), 'utf8');
const SESSION_KEY = (JSON.parse(fixture) as { session_key: string }).session_key;

function errorOf(json: string): AlertPayloadError {
  try {
    parseAlertPayload(json);
  } catch (err) {
    expect(err).to.be.instanceOf(AlertPayloadError);
    return err as AlertPayloadError;
  }
  throw new Error('expected an AlertPayloadError');
}

const withChanges = (changes: Record<string, unknown>, remove: string[] = []): string => {
  const doc = { ...(JSON.parse(fixture) as Record<string, unknown>), ...changes };
  for (const key of remove) delete doc[key];
  return JSON.stringify(doc);
};

describe('parseAlertPayload', () => {
  it('reads the fixture payload with typed fields, configuration and the first result', () => {
    const p = parseAlertPayload(fixture);
    expect(p.app).to.equal('search');
    expect(p.owner).to.equal('admin');
    expect(p.sid).to.equal('scheduler__admin__search__RMD5e461b39d5bb0d5e3_at_1763800200_1234');
    expect(p.search_name).to.equal('Resolve Defender incidents closed in Splunk');
    expect(p.search_uri).to.match(/^\/servicesNS\/admin\/search\/saved\/searches\//);
    expect(p.results_link).to.match(/^https:\/\/splunk\.example\.com:8000\//);
    expect(p.results_file).to.match(/\/results\.csv\.gz$/);
    expect(p.server_host).to.equal('sh01');
    expect(p.server_uri).to.equal('https://127.0.0.1:8089');
    expect(p.session_key).to.equal(SESSION_KEY);
    expect(p.configuration).to.deep.equal({
      account: 'contoso-prod',
      target: 'auto',
      id_field: 'id',
      status: 'resolved',
      classification: 'truePositive',
      determination: 'malware',
      assigned_to: '',
      comment: 'Contained by the SOC; closed from Splunk.',
      add_tags: 'splunk',
      remove_tags: '',
      index: 'defender',
    });
    expect(p.result.alertIds).to.deep.equal(['da637578995287051192_756343937', 'da637578995287051192_756343938']);
    expect(p.result.id).to.equal('2972395');
  });

  it('fills absent optional fields (ad-hoc sendalert has no search_name) with empty values', () => {
    const p = parseAlertPayload(withChanges({}, ['search_name', 'app', 'configuration', 'result']));
    expect(p.search_name).to.equal('');
    expect(p.app).to.equal('');
    expect(p.configuration).to.deep.equal({});
    expect(p.result).to.deep.equal({});
  });

  it('accepts numbers and booleans in configuration and result as text', () => {
    const p = parseAlertPayload(withChanges({ configuration: { n: 5, b: true, z: null }, result: { c: 3, mv: [1, 'x'] } }));
    expect(p.configuration).to.deep.equal({ n: '5', b: 'true', z: '' });
    expect(p.result).to.deep.equal({ c: '3', mv: ['1', 'x'] });
  });

  for (const key of ['results_file', 'session_key', 'server_uri']) {
    it(`rejects a payload without ${key}`, () => {
      expect(errorOf(withChanges({}, [key])).message).to.equal(
        `alert action payload: '${key}' is missing; Splunk sends it when the action is started with --execute and payload_format = json`,
      );
      expect(errorOf(withChanges({ [key]: '' })).message).to.contain(`'${key}' is missing`);
    });
  }

  it('rejects malformed JSON with the position only, never echoing the session key', () => {
    // Node quotes the text around the error, here the session key, in its message for this one.
    const nearKey = errorOf(fixture.replace(`"${SESSION_KEY}"`, `${SESSION_KEY}"`));
    expect(nearKey.message).to.equal(
      'alert action payload: stdin is not valid JSON; set payload_format = json for the action in alert_actions.conf',
    );
    const withPosition = errorOf(fixture.replace('"server_host"', '"server_host" "x"'));
    expect(withPosition.message).to.match(
      /^alert action payload: stdin is not valid JSON \(error at character \d+\); set payload_format = json for the action in alert_actions\.conf$/,
    );
    expect(errorOf('').message).to.match(/^alert action payload: stdin is not valid JSON/);
  });

  it('rejects a session key of the wrong type without printing it', () => {
    const err = errorOf(withChanges({ session_key: [SESSION_KEY] }));
    expect(err.message).to.equal("alert action payload: 'session_key' must be a string, got an array");
  });

  it('rejects a non-object document and wrongly shaped configuration or result', () => {
    expect(errorOf('[1]').message).to.equal('alert action payload: expected a JSON object on stdin');
    expect(errorOf(withChanges({ configuration: 'x' })).message).to.equal(
      "alert action payload: 'configuration' must be an object, got a string",
    );
    expect(errorOf(withChanges({ configuration: { a: { b: 1 } } })).message).to.equal(
      'alert action payload: configuration.a must be a string, got an object',
    );
    expect(errorOf(withChanges({ result: { a: { b: 1 } } })).message).to.equal(
      'alert action payload: result.a must be a string or an array, got an object',
    );
  });

  it('keeps a field named __proto__ as an ordinary field', () => {
    const p = parseAlertPayload(withChanges({ result: JSON.parse('{"__proto__": "x"}') }));
    expect(Object.keys(p.result)).to.deep.equal(['__proto__']);
    expect(Object.getPrototypeOf(p.result)).to.equal(Object.prototype);
  });
});
