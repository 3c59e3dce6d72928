// Test certificates made here with @peculiar/x509 + WebCrypto (RSA 2048, self-signed, as an app
// registration's certificate credential), with thumbprints computed independently by node:crypto.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const DAY = 86_400_000;

export interface TestCertificate {
  certificatePem: string;
  /** PKCS#8 (-----BEGIN PRIVATE KEY-----). */
  privateKeyPem: string;
  /** The same key as PKCS#1 (-----BEGIN RSA PRIVATE KEY-----). */
  pkcs1Pem: string;
  sha256: string;
  sha1: string;
  notAfter: Date;
}

export async function makeCertificate(o: { cn?: string; notBefore?: Date; notAfter?: Date } = {}): Promise<TestCertificate> {
  const keys = (await crypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notAfter = o.notAfter ?? new Date(Date.now() + 365 * DAY);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Date.now().toString(16),
    name: `CN=${o.cn ?? 'Defender Sync test'}`,
    notBefore: o.notBefore ?? new Date(Date.now() - DAY),
    notAfter,
    keys,
    signingAlgorithm: RSA,
  });
  const certificatePem = `${cert.toString('pem')}\n`;
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  const privateKeyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
  const pkcs1Pem = createPrivateKey(privateKeyPem).export({ type: 'pkcs1', format: 'pem' }).toString();
  const oracle = new X509Certificate(certificatePem);
  const hex = (colons: string) => colons.replace(/:/g, '').toLowerCase();
  return { certificatePem, privateKeyPem, pkcs1Pem, sha256: hex(oracle.fingerprint256), sha1: hex(oracle.fingerprint), notAfter: cert.notAfter };
}

/** An EC key (Entra ID certificate credentials need RSA). */
export function ecKeyPem(): string {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
}

/** An encrypted PKCS#8 key. */
export function encryptedKeyPem(pem: string): string {
  return createPrivateKey(pem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString();
}
