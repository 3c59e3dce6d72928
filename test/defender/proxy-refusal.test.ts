// A proxy that refuses CONNECT: https-proxy-agent replays its answer as if the server had sent it, so the
// transport must say it was the proxy (not Entra ID or Graph), and a 407 is not retried.
import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from 'proxy';
import { isRetryable } from '../../src/defender/retry-policy';
import { createTransport, TransportError } from '../../src/defender/transport';

describe('transport through a refusing proxy', () => {
  it('reports a 407 from the proxy as ERR_PROXY_AUTH naming the proxy, never retried', async () => {
    const proxy = createProxy(createServer());
    proxy.authenticate = () => false;
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as AddressInfo).port;
    try {
      const transport = createTransport({
        userAgent: 'test',
        timeoutMs: 5000,
        proxy: { type: 'http', host: '127.0.0.1', port, username: 'u', password: 'wrong' },
      });
      const err = await transport.send({ method: 'GET', url: 'https://login.microsoftonline.invalid/x' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(TransportError);
      expect([(err as TransportError).code, (err as TransportError).host]).to.deep.equal(['ERR_PROXY_AUTH', `127.0.0.1:${port}`]);
      expect(isRetryable({ kind: 'network', code: 'ERR_PROXY_AUTH' })).to.equal(false);
      expect(isRetryable({ kind: 'network', code: 'ECONNRESET' })).to.equal(true);
    } finally {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});
