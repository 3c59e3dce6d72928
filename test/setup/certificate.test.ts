import { expect } from 'chai';
import {
  CertificateProblem,
  formatThumbprint,
  inspectCertificate,
  keyMismatch,
  pkcs1ToPkcs8,
  privateKeyPublicPart,
  validityNotices,
} from '../../src/setup/model/certificate';
import { ecKeyPem, encryptedKeyPem, makeCertificate, type TestCertificate } from './helpers/certs';

const DAY = 86_400_000;

async function problemOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(CertificateProblem);
    return (e as Error).message;
  }
  return expect.fail('expected a CertificateProblem');
}

describe('setup/model/certificate: thumbprints, validity and key match in the browser', () => {
  let a: TestCertificate;
  let b: TestCertificate;
  before(async () => {
    [a, b] = await Promise.all([makeCertificate({ cn: 'A' }), makeCertificate({ cn: 'B' })]);
  });

  it('derives the SHA-256 and SHA-1 thumbprints node:crypto computes, and the validity dates', async () => {
    const s = await inspectCertificate(a.certificatePem);
    expect(s.sha256).to.equal(a.sha256).and.to.match(/^[0-9a-f]{64}$/);
    expect(s.sha1).to.equal(a.sha1).and.to.match(/^[0-9a-f]{40}$/);
    expect(s.notAfter.getTime()).to.equal(a.notAfter.getTime());
    expect(s.subject).to.equal('CN=A');
    expect(formatThumbprint('ab01cd')).to.equal('AB:01:CD');
  });

  it('accepts the key the certificate was made with, as PKCS#8 or PKCS#1, and refuses another key', async () => {
    expect(await keyMismatch(a.certificatePem, a.privateKeyPem)).to.equal(undefined);
    expect(await keyMismatch(a.certificatePem, a.pkcs1Pem)).to.equal(undefined);
    expect(await keyMismatch(a.certificatePem, b.privateKeyPem)).to.equal(
      'This private key does not belong to the certificate (their public keys differ): use the key the certificate was created with.',
    );
  });

  it('wraps PKCS#1 into the PKCS#8 that WebCrypto imports (same public key)', async () => {
    const der = Buffer.from(a.pkcs1Pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const wrapped = pkcs1ToPkcs8(new Uint8Array(der));
    expect(wrapped[0]).to.equal(0x30);
    const fromWrapped = await crypto.subtle.exportKey(
      'jwk',
      await crypto.subtle.importKey('pkcs8', wrapped, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign']),
    );
    expect(fromWrapped.n).to.equal((await privateKeyPublicPart(a.privateKeyPem)).n);
  });

  it('says what is wrong with a key that is encrypted, EC, a certificate, or not PEM', async () => {
    expect(await problemOf(privateKeyPublicPart(encryptedKeyPem(a.privateKeyPem)))).to.equal(
      'The private key is encrypted: the add-on needs it without a passphrase (openssl pkey -in key.pem -out key-plain.pem).',
    );
    expect(await problemOf(privateKeyPublicPart(ecKeyPem()))).to.equal('This is an EC key: Entra ID certificate credentials need an RSA key.');
    expect(await problemOf(privateKeyPublicPart(a.certificatePem))).to.equal(
      'This is a certificate, not a private key: paste the private key (-----BEGIN PRIVATE KEY----- …) here.',
    );
    expect(await problemOf(privateKeyPublicPart('hello'))).to.match(/^This is not a PEM private key/);
    expect(await problemOf(privateKeyPublicPart('  '))).to.equal('Paste or upload the private key (-----BEGIN PRIVATE KEY----- …).');
  });

  it('says what is wrong with a certificate that is a key, garbage or empty', async () => {
    expect(await problemOf(inspectCertificate(a.privateKeyPem))).to.equal(
      'This is a private key, not a certificate: paste the certificate (-----BEGIN CERTIFICATE----- …) here and the key below.',
    );
    expect(await problemOf(inspectCertificate('MIIB…'))).to.match(/^This is not a PEM certificate/);
    expect(await problemOf(inspectCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'))).to.match(/^The certificate could not be read/);
    expect(await problemOf(inspectCertificate(''))).to.equal('Paste or upload the PEM certificate (-----BEGIN CERTIFICATE----- …).');
  });

  it('refuses an expired certificate and warns within 30 days of expiry or before its start', async () => {
    const s = await inspectCertificate(a.certificatePem);
    const now = new Date(s.notAfter.getTime() - 10 * DAY);
    expect(validityNotices(s, new Date(s.notAfter.getTime() + 1)).error).to.match(/^The certificate expired on \d{4}-\d{2}-\d{2}: create a new certificate/);
    expect(validityNotices(s, now).warning).to.equal(`The certificate expires in 10 days (${s.notAfter.toISOString().slice(0, 10)}): renew it soon, or the inputs stop.`);
    expect(validityNotices(s, new Date(s.notAfter.getTime() - 31 * DAY))).to.deep.equal({});
    expect(validityNotices(s, new Date(s.notBefore.getTime() - DAY)).warning).to.match(/^The certificate is not valid before/);
  });
});
