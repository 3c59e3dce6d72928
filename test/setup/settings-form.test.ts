import { expect } from 'chai';
import { parseNetwork, parseProxy } from '../../src/config/settings';
import { inspectCaBundle } from '../../src/setup/model/ca-bundle';
import {
  loggingFormFrom,
  loggingStanzaKeys,
  networkFormErrors,
  networkFormFrom,
  networkStanzaKeys,
  proxyFormErrors,
  proxyFormFrom,
  proxyStanzaKeys,
} from '../../src/setup/model/settings-form';
import { makeCertificate } from './helpers/certs';

describe('setup/model/settings-form: Proxy, Network and Logging tabs ↔ ta_defender_sync_settings.conf', () => {
  it('proxy: reads the stanza, writes the spec’s keys (no password), which the runtime parses back', () => {
    const form = proxyFormFrom({ proxy_enabled: '1', proxy_type: 'https', proxy_url: 'proxy.corp', proxy_port: '3128', proxy_username: 'svc' });
    expect(form).to.deep.equal({ enabled: true, type: 'https', host: 'proxy.corp', port: '3128', username: 'svc', password: '', clearPassword: false });
    const keys = proxyStanzaKeys({ ...form, password: 'never-here' });
    expect(keys).to.deep.equal({ proxy_enabled: '1', proxy_type: 'https', proxy_url: 'proxy.corp', proxy_port: '3128', proxy_username: 'svc' });
    expect(parseProxy(keys)).to.deep.equal({ type: 'https', host: 'proxy.corp', port: 3128, username: 'svc' });
  });

  it('proxy: the runtime’s messages next to host and port; nothing checked while disabled', () => {
    const form = { ...proxyFormFrom(undefined), enabled: true, host: 'http://a b', port: '70000' };
    expect(proxyFormErrors(form)).to.deep.equal({
      host: "proxy_url must be the proxy's host name or IP address (got 'a b').",
      port: "proxy_port '70000' is not a port number (1-65535).",
    });
    expect(proxyFormErrors({ ...form, enabled: false })).to.deep.equal({});
    expect(proxyFormErrors({ ...form, host: 'p', port: '8080', password: 'x', username: '' })).to.deep.equal({
      username: 'Enter the user name that goes with the password (or leave both empty).',
    });
  });

  it('network: defaults, keys, and the runtime’s range checks per field', () => {
    expect(networkFormFrom({})).to.deep.equal({ caBundle: '', requestTimeout: '60', graphPerMinute: '150', mdePerMinute: '100' });
    const keys = networkStanzaKeys({ caBundle: ' -----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE----- ', requestTimeout: '30', graphPerMinute: '120', mdePerMinute: '0' });
    expect(keys).to.deep.equal({
      ca_bundle: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----',
      request_timeout: '30',
      graph_requests_per_minute: '120',
      mde_requests_per_minute: '0',
    });
    expect(parseNetwork(keys).pacing).to.deep.equal({ graphPerMinute: 120, mdePerMinute: 0 });
    expect(networkFormErrors({ caBundle: 'junk', requestTimeout: '0', graphPerMinute: '151', mdePerMinute: '' })).to.deep.equal({
      caBundle: 'ca_bundle must hold PEM certificates (-----BEGIN CERTIFICATE----- …).',
      requestTimeout: "request_timeout '0' must be a number of seconds between 1 and 600.",
      graphPerMinute: "graph_requests_per_minute '151' must be a whole number from 0 (no pacing) to 150 (Microsoft's limit).",
      mdePerMinute: 'Enter a number of requests per minute.',
    });
  });

  it('logging: level from the stanza (WARNING → WARN) and back', () => {
    expect(loggingFormFrom({ loglevel: 'warning' })).to.deep.equal({ level: 'WARN' });
    expect(loggingFormFrom(undefined)).to.deep.equal({ level: 'INFO' });
    expect(loggingStanzaKeys({ level: 'DEBUG' })).to.deep.equal({ loglevel: 'DEBUG' });
  });

  it('CA bundle: lists each certificate’s subject and expiry; refuses keys and unreadable blocks', async () => {
    const [a, b] = await Promise.all([makeCertificate({ cn: 'Proxy CA' }), makeCertificate({ cn: 'Old CA', notBefore: new Date(0), notAfter: new Date(1000) })]);
    const now = new Date();
    const ok = inspectCaBundle(`# corporate roots\n${a.certificatePem}${b.certificatePem}`, now);
    expect(ok.ok && ok.certificates.map((c) => [c.subject, c.expired])).to.deep.equal([
      ['CN=Proxy CA', false],
      ['CN=Old CA', true],
    ]);
    expect(inspectCaBundle('', now)).to.deep.equal({ ok: true, certificates: [] });
    expect(inspectCaBundle(a.certificatePem + a.privateKeyPem, now)).to.deep.equal({
      ok: false,
      error: 'The CA bundle contains a private key: remove it. Only CA certificates belong here (and this setting is not secret).',
    });
    expect(inspectCaBundle('hello', now)).to.deep.include({ ok: false });
    const bad = inspectCaBundle('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', now);
    expect(!bad.ok && bad.error).to.match(/^Certificate 1 of the CA bundle could not be read/);
  });
});
