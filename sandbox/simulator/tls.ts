// Certificates the simulator needs: its own CA and a loopback server certificate (so clients
// verify TLS for real, trusting only our CA), and self-signed client certificates for apps
// that authenticate with a certificate assertion.
// @peculiar/x509 needs a Reflect metadata polyfill loaded first (see its README).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const RSA = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } as const;
const YEAR_MS = 365 * 24 * 3600 * 1000;

export interface ServerTls {
  caPem: string;
  caFile: string;
  certPem: string;
  keyPem: string;
}

export interface ClientCertificate {
  certificatePem: string;
  privateKeyPem: string;
  /** Hex (upper case), as the Entra portal shows them. */
  thumbprintSha1: string;
  thumbprintSha256: string;
}

async function pkcs8Pem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key as webcrypto.CryptoKey));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');
}

async function importEcKey(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return webcrypto.subtle.importKey('pkcs8', der, EC, true, ['sign']) as unknown as CryptoKey;
}

/** Loads the CA from `dir` when both files exist there, otherwise creates one and writes it. */
async function loadOrCreateCa(dir: string, reuse: boolean, nowMs: number): Promise<{ cert: x509.X509Certificate; key: CryptoKey; pem: string }> {
  const certFile = join(dir, 'ca.pem');
  const keyFile = join(dir, 'ca-key.pem');
  if (reuse && existsSync(certFile) && existsSync(keyFile)) {
    const pem = await readFile(certFile, 'utf8');
    const cert = new x509.X509Certificate(pem);
    if (cert.notAfter.getTime() > nowMs + 24 * 3600 * 1000) return { cert, key: await importEcKey(await readFile(keyFile, 'utf8')), pem };
  }
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=Defender Sync Simulator CA, O=Defender Sync (development only)',
    notBefore: new Date(nowMs - 3600_000),
    notAfter: new Date(nowMs + 5 * YEAR_MS),
    keys,
    signingAlgorithm: EC,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pem = cert.toString('pem') + '\n';
  await writeFile(certFile, pem);
  if (reuse) await writeFile(keyFile, await pkcs8Pem(keys.privateKey), { mode: 0o600 });
  return { cert, key: keys.privateKey, pem };
}

/** CA (written to `dir/ca.pem`) and a server certificate for 127.0.0.1, ::1, localhost and `dnsNames`. */
export async function createServerTls(dir: string, reuseCa: boolean, nowMs = Date.now(), dnsNames: readonly string[] = []): Promise<ServerTls> {
  const ca = await loadOrCreateCa(dir, reuseCa, nowMs);
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=127.0.0.1',
    issuer: ca.cert.subject,
    notBefore: new Date(nowMs - 3600_000),
    notAfter: new Date(nowMs + YEAR_MS),
    signingKey: ca.key,
    publicKey: keys.publicKey,
    signingAlgorithm: EC,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
        { type: 'dns', value: 'localhost' },
        ...dnsNames.map((value) => ({ type: 'dns' as const, value })),
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
    ],
  });
  return { caPem: ca.pem, caFile: join(dir, 'ca.pem'), certPem: cert.toString('pem') + '\n', keyPem: await pkcs8Pem(keys.privateKey) };
}

export function thumbprints(certificatePem: string): { sha1: string; sha256: string } {
  const der = Buffer.from(new x509.X509Certificate(certificatePem).rawData);
  return {
    sha1: createHash('sha1').update(der).digest('hex').toUpperCase(),
    sha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
  };
}

/** A self-signed RSA certificate as an app registration would hold (with its private key). */
export async function createClientCertificate(name: string, nowMs = Date.now()): Promise<ClientCertificate> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${name.replace(/[,=+<>#;"\\]/g, ' ')}`,
    notBefore: new Date(nowMs - 3600_000),
    notAfter: new Date(nowMs + 2 * YEAR_MS),
    keys,
    signingAlgorithm: RSA,
  });
  const certificatePem = cert.toString('pem') + '\n';
  const t = thumbprints(certificatePem);
  return { certificatePem, privateKeyPem: await pkcs8Pem(keys.privateKey), thumbprintSha1: t.sha1, thumbprintSha256: t.sha256 };
}
