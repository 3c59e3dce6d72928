import { expect } from 'chai';
import { parseSettings } from '../../src/config/settings';

describe('settings conf', () => {
  it('defaults: no proxy, 60 s timeout, INFO', () => {
    expect(parseSettings({})).to.deep.equal({
      network: { requestTimeoutMs: 60000, pacing: { graphPerMinute: 150, mdePerMinute: 100 } },
      logLevel: 'INFO',
    });
  });

  it('reads an enabled proxy and ignores a disabled one', () => {
    const proxy = { proxy_enabled: '1', proxy_type: 'http', proxy_url: 'proxy.corp', proxy_port: '3128', proxy_username: 'svc' };
    expect(parseSettings({ proxy }).proxy).to.deep.equal({ type: 'http', host: 'proxy.corp', port: 3128, username: 'svc' });
    expect(parseSettings({ proxy: { ...proxy, proxy_enabled: '0' } }).proxy).to.equal(undefined);
  });

  it('explains a bad proxy port and an unsupported proxy type', () => {
    expect(() => parseSettings({ proxy: { proxy_enabled: 'true', proxy_url: 'p', proxy_port: '99999' } })).to.throw(
      "[proxy] in ta_defender_sync_settings.conf: proxy_port '99999' is not a port number (1-65535).",
    );
    expect(() => parseSettings({ proxy: { proxy_enabled: 'true', proxy_type: 'socks5', proxy_url: 'p', proxy_port: '1080' } })).to.throw(
      /proxy_type 'socks5' is not supported/,
    );
  });

  it('reads the CA bundle, timeout and log level', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    const s = parseSettings({ network: { ca_bundle: pem, request_timeout: '12.5' }, logging: { loglevel: 'debug' } });
    expect(s.network).to.deep.equal({ caBundle: pem, requestTimeoutMs: 12500, pacing: { graphPerMinute: 150, mdePerMinute: 100 } });
    expect(s.logLevel).to.equal('DEBUG');
    expect(() => parseSettings({ network: { ca_bundle: 'not a pem' } })).to.throw(/ca_bundle must hold PEM certificates/);
  });

  it('reads pacing, capped at Microsoft\'s limits', () => {
    expect(parseSettings({ network: { graph_requests_per_minute: '60', mde_requests_per_minute: '0' } }).network.pacing).to.deep.equal({
      graphPerMinute: 60,
      mdePerMinute: 0,
    });
    expect(() => parseSettings({ network: { graph_requests_per_minute: '500' } })).to.throw(
      "[network] in ta_defender_sync_settings.conf: graph_requests_per_minute '500' must be a whole number from 0 (no pacing) to 150 (Microsoft's limit).",
    );
  });
});
