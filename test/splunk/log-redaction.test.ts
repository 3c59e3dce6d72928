import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, logFilePath } from '../../src/splunk/log';
import { redactPatterns, SecretSet } from '../../src/splunk/redact';

const CANARY = 'CANARY-s3cr3t-Zx9"q\\w=+/ü-END';

describe('splunk/log: redaction', () => {
  let home: string;
  let stderr: string[];
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'ds-redact-'));
    stderr = [];
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const make = () => createLogger({ component: 'c', stderr: { write: (s: string) => stderr.push(s) }, splunkHome: home, level: 'DEBUG' });
  const everything = () => `${stderr.join('')}\n${readFileSync(logFilePath(home), 'utf8')}`;

  it('masks a secret added on a child in every logger of the family, on both sinks', () => {
    const root = make();
    const a = root.child({ account: 'a' });
    const b = root.child({ account: 'b' });
    a.addSecret(CANARY);
    root.info(`message with ${CANARY} inside`);
    b.warn('field', { detail: `x ${CANARY} y` });
    b.debug('nested', { page: { items: [{ note: CANARY }], deeper: { list: ['ok', CANARY] } } });
    b.error('error', { error: new Error(`auth failed for ${CANARY}`) });
    b.error('stack', { error: Object.assign(new Error('x'), { stack: `Error: x\n    at f (${CANARY}.js:1:1)` }) });
    b.info('json escaped', { body: JSON.stringify({ secret: CANARY }) });
    b.info('url encoded', { form: `client_id=1&x=${encodeURIComponent(CANARY)}` });
    const text = everything();
    expect(text).not.to.contain('CANARY-s3cr3t');
    expect(text).not.to.contain(encodeURIComponent(CANARY));
    expect(text.match(/\*\*\*\*\*\*\*\*/g)?.length).to.be.greaterThan(14);
    expect(stderr).to.have.length(7);
  });

  it('masks every line of a multi-line secret (a PEM key) even when logged line by line', () => {
    const pemBody = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7';
    const pem = `-----BEGIN PRIVATE KEY-----\n${pemBody}\n${pemBody.split('').reverse().join('')}\n-----END PRIVATE KEY-----`;
    const log = make();
    log.addSecret(pem);
    log.info(`line: ${pemBody}`);
    expect(everything()).not.to.contain(pemBody);
  });

  it('masks secret shapes without being told: JWTs, bearer and Splunk credentials, password= and client_secret=', () => {
    const log = make();
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2lnbmF0dXJl';
    log.info(`token ${jwt}`);
    log.info('header Authorization: Splunk abcDEF123sessionkey');
    log.info('header', { headers: { Authorization: 'Bearer abc.def.ghi', accept: 'json' } });
    log.info('form client_id=1&client_secret=hunter2xyz&scope=x');
    log.info('conf password = hunter3xyz');
    log.info('json {"password":"hunter4 xyz","user":"u"}');
    log.info('fields', { client_secret: 'hunter5xyz', session_key: 'hunter6xyz', proxy_password: 'hunter7xyz' });
    log.info('pem', { key: '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----' });
    log.info('xml <session_key>hunter8xyz</session_key>');
    const text = everything();
    for (const secret of [jwt, 'abcDEF123sessionkey', 'abc.def.ghi', 'hunter2xyz', 'hunter3xyz', 'hunter4', 'hunter5xyz', 'hunter6xyz', 'hunter7xyz', 'AAAA', 'hunter8xyz']) {
      expect(text, secret).not.to.contain(secret);
    }
    expect(stderr.join('')).to.contain('header Authorization: ********');
    expect(stderr.join('')).to.contain('client_id=1&client_secret=********&scope=x');
    expect(text).to.contain('accept');
  });

  it('leaves ordinary text alone', () => {
    expect(redactPatterns('action=run_complete input=prod events=10 password_set=true')).to.equal(
      'action=run_complete input=prod events=10 password_set=true',
    );
    const s = new SecretSet();
    s.add('abc'); // too short to mask safely
    expect(s.redact('abc cabbage')).to.equal('abc cabbage');
  });
});
