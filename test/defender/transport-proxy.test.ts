// The transport through a CONNECT proxy trusts the [network] CA bundle on the tunnelled connection too
// (a TLS-inspecting proxy's CA is exactly what admins put there), and never falls back to no verification.
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import { createProxy } from 'proxy';
import { startSimulator, type Simulator } from '../../sandbox/simulator';
import { createTransport, TransportError } from '../../src/defender/transport';

describe('transport through a proxy with a CA bundle', function () {
  this.timeout(30_000);
  let sim: Simulator;
  let proxy: Server;
  let port = 0;
  let connects = 0;
  before(async () => {
    sim = await startSimulator({ incidents: 1 });
    proxy = createProxy(createServer());
    proxy.on('connect', () => connects++);
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
    port = (proxy.address() as { port: number }).port;
  });
  after(async () => {
    proxy.close();
    await sim.stop();
  });

  const url = () => `${sim.loginUrl}/${sim.tenants[0]?.tenantId}/v2.0/.well-known/openid-configuration`;

  it('verifies Microsoft endpoints against the bundle inside the tunnel', async () => {
    const t = createTransport({ userAgent: 'ua', timeoutMs: 5000, caBundle: sim.caPem, proxy: { type: 'http', host: '127.0.0.1', port } });
    const before = connects;
    expect((await t.send({ method: 'GET', url: url() })).status).to.equal(200);
    expect(connects).to.equal(before + 1);
  });

  it('refuses the server when the bundle does not hold its CA', async () => {
    const t = createTransport({ userAgent: 'ua', timeoutMs: 5000, proxy: { type: 'http', host: '127.0.0.1', port } });
    const err = await t.send({ method: 'GET', url: url() }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(TransportError);
    expect((err as TransportError).code).to.match(/UNABLE_TO_VERIFY|SELF_SIGNED|CERT/);
  });
});
