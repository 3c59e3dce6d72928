// splunkd's TLS material, made like a fresh Splunk install makes it: a private CA (etc/auth/cacert.pem)
// signing the server certificate. Nothing trusts that CA by default, which is the point: clients must
// either be on loopback (and relax verification) or be given cacert.pem.
// @peculiar/x509 needs a Reflect metadata polyfill loaded first (see its README).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { isIP } from 'node:net';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface TlsMaterial {
  /** The CA certificate (PEM): what $SPLUNK_HOME/etc/auth/cacert.pem holds. */
  caPem: string;
  /** Server certificate (PEM) signed by the CA. */
  certPem: string;
  /** Server private key (PKCS#8 PEM). */
  keyPem: string;
}

/** A CA and a server certificate for 127.0.0.1, ::1, localhost and any extra `hosts` (names or IPs). */
export async function makeTlsMaterial(hosts: string[] = [], commonName = 'SplunkServerDefaultCert'): Promise<TlsMaterial> {
  const now = Date.now();
  const notBefore = new Date(now - 60_000);
  const notAfter = new Date(now + 3 * 365 * 24 * 3600_000);
  const caKeys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=SplunkCommonCA, O=Splunk (sandbox)',
    keys: caKeys,
    signingAlgorithm: ALG,
    notBefore,
    notAfter,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const serverKeys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const names = ['127.0.0.1', '::1', 'localhost', ...hosts];
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${commonName}, O=Splunk (sandbox)`,
    issuer: ca.subject,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: ALG,
    notBefore,
    notAfter,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        [...new Set(names)].map((n): x509.JsonGeneralName => (isIP(n) ? { type: 'ip', value: n } : { type: 'dns', value: n })),
      ),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', serverKeys.privateKey);
  return {
    caPem: withNewline(ca.toString('pem')),
    certPem: withNewline(cert.toString('pem')),
    keyPem: toPem(Buffer.from(pkcs8), 'PRIVATE KEY'),
  };
}

/** PEM files end with a newline, so that they concatenate into bundles. */
function withNewline(pem: string): string {
  return pem.endsWith('\n') ? pem : `${pem}\n`;
}

function toPem(der: Buffer, label: string): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}
