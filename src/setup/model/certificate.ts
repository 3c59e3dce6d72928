// What the page derives from an account's certificate and private key, in the browser (WebCrypto +
// @peculiar/x509) so the key never leaves it except to storage/passwords: SHA-256 and SHA-1 thumbprints,
// validity, and whether the key belongs to the certificate (their RSA public keys are compared).
// Entra ID signs client assertions with RSA (RS256/PS256), and the add-on's runtime (msal-node) too,
// so only RSA certificates are accepted.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;
const RSA_IMPORT = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

export interface CertificateSummary {
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  /** Lower-case hex, no separators: what certificate_thumbprint stores. */
  sha256: string;
  sha1: string;
}

export class CertificateProblem extends Error {
  override readonly name = 'CertificateProblem';
}

const hex = (buf: ArrayBuffer): string => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

/** `ab12cd…` → `AB:12:CD:…`, as the Azure portal and openssl show thumbprints. */
export function formatThumbprint(thumb: string): string {
  return (thumb.toUpperCase().match(/.{2}/g) ?? []).join(':');
}

function pemBlocks(pem: string): Array<{ label: string; der: ArrayBuffer }> {
  try {
    return x509.PemConverter.decodeWithHeaders(pem).map((b) => ({ label: b.type, der: b.rawData }));
  } catch {
    return [];
  }
}

/** The first certificate of a PEM text, summarised; throws CertificateProblem saying what is wrong. */
export async function inspectCertificate(pem: string): Promise<CertificateSummary> {
  const text = pem.trim();
  if (!text) throw new CertificateProblem('Paste or upload the PEM certificate (-----BEGIN CERTIFICATE----- …).');
  const block = pemBlocks(text).find((b) => b.label === 'CERTIFICATE');
  if (!block) {
    throw new CertificateProblem(
      /PRIVATE KEY-----/.test(text)
        ? 'This is a private key, not a certificate: paste the certificate (-----BEGIN CERTIFICATE----- …) here and the key below.'
        : 'This is not a PEM certificate: it must contain -----BEGIN CERTIFICATE----- … -----END CERTIFICATE----- (convert a .cer/.der file with: openssl x509 -inform der -in cert.cer -out cert.pem).',
    );
  }
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(block.der);
  } catch (e) {
    throw new CertificateProblem(`The certificate could not be read (${(e as Error).message}): export it again as PEM.`);
  }
  if (!/^RSA/i.test(cert.publicKey.algorithm.name))
    throw new CertificateProblem(`The certificate has a ${cert.publicKey.algorithm.name} key: Entra ID certificate credentials need an RSA key.`);
  const [sha256, sha1] = await Promise.all([cert.getThumbprint('SHA-256'), cert.getThumbprint('SHA-1')]);
  return { subject: cert.subject, issuer: cert.issuer, notBefore: cert.notBefore, notAfter: cert.notAfter, sha256: hex(sha256), sha1: hex(sha1) };
}

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** Validity at `now`: an expired certificate is an error; expiry within 30 days or a future start a warning. */
export function validityNotices(summary: CertificateSummary, now: Date): { error?: string; warning?: string } {
  const left = summary.notAfter.getTime() - now.getTime();
  if (left <= 0)
    return { error: `The certificate expired on ${isoDay(summary.notAfter)}: create a new certificate, upload it to the app registration, and use it here.` };
  if (summary.notBefore.getTime() > now.getTime())
    return { warning: `The certificate is not valid before ${isoDay(summary.notBefore)}: Entra ID refuses it until then.` };
  const days = Math.ceil(left / DAY_MS);
  if (days <= EXPIRY_WARNING_DAYS)
    return { warning: `The certificate expires in ${days} day${days === 1 ? '' : 's'} (${isoDay(summary.notAfter)}): renew it soon, or the inputs stop.` };
  return {};
}

/** DER length octets. */
function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

/**
 * PKCS#1 RSAPrivateKey → PKCS#8 PrivateKeyInfo, which WebCrypto imports:
 * SEQUENCE { INTEGER 0, SEQUENCE { OID rsaEncryption, NULL }, OCTET STRING { pkcs1 } }.
 */
export function pkcs1ToPkcs8(pkcs1: Uint8Array): Uint8Array<ArrayBuffer> {
  const version = [0x02, 0x01, 0x00];
  const algorithm = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
  const octets = [0x04, ...derLength(pkcs1.length)];
  const body = version.length + algorithm.length + octets.length + pkcs1.length;
  const header = [0x30, ...derLength(body), ...version, ...algorithm, ...octets];
  const out = new Uint8Array(header.length + pkcs1.length);
  out.set(header);
  out.set(pkcs1, header.length);
  return out;
}

/** The RSA public key (n, e) of a PEM private key; throws CertificateProblem saying what is wrong. */
export async function privateKeyPublicPart(pem: string, subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<{ n: string; e: string }> {
  const text = pem.trim();
  if (!text) throw new CertificateProblem('Paste or upload the private key (-----BEGIN PRIVATE KEY----- …).');
  const blocks = pemBlocks(text);
  if (blocks.some((b) => b.label === 'ENCRYPTED PRIVATE KEY') || /Proc-Type:\s*4,ENCRYPTED/.test(text))
    throw new CertificateProblem('The private key is encrypted: the add-on needs it without a passphrase (openssl pkey -in key.pem -out key-plain.pem).');
  if (blocks.some((b) => b.label === 'EC PRIVATE KEY'))
    throw new CertificateProblem('This is an EC key: Entra ID certificate credentials need an RSA key.');
  const block = blocks.find((b) => b.label === 'PRIVATE KEY' || b.label === 'RSA PRIVATE KEY');
  if (!block) {
    throw new CertificateProblem(
      /BEGIN CERTIFICATE/.test(text)
        ? 'This is a certificate, not a private key: paste the private key (-----BEGIN PRIVATE KEY----- …) here.'
        : 'This is not a PEM private key: it must contain -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----.',
    );
  }
  const pkcs8: Uint8Array<ArrayBuffer> = block.label === 'RSA PRIVATE KEY' ? pkcs1ToPkcs8(new Uint8Array(block.der)) : new Uint8Array(block.der);
  let key: CryptoKey;
  try {
    key = await subtle.importKey('pkcs8', pkcs8, RSA_IMPORT, true, ['sign']);
  } catch {
    throw new CertificateProblem('The private key could not be read as an RSA key: Entra ID certificate credentials need an unencrypted RSA private key.');
  }
  const jwk = await subtle.exportKey('jwk', key);
  return { n: jwk.n ?? '', e: jwk.e ?? '' };
}

async function certificatePublicPart(pem: string, subtle: SubtleCrypto): Promise<{ n: string; e: string }> {
  const block = pemBlocks(pem.trim()).find((b) => b.label === 'CERTIFICATE');
  if (!block) throw new CertificateProblem('No certificate to compare the key with.');
  const key = await new x509.X509Certificate(block.der).publicKey.export(RSA_IMPORT, ['verify']);
  const jwk = await subtle.exportKey('jwk', key);
  return { n: jwk.n ?? '', e: jwk.e ?? '' };
}

/** undefined when the private key is the certificate's; otherwise the message to show at the key. */
export async function keyMismatch(certificatePem: string, privateKeyPem: string, subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<string | undefined> {
  const [fromKey, fromCert] = await Promise.all([privateKeyPublicPart(privateKeyPem, subtle), certificatePublicPart(certificatePem, subtle)]);
  if (fromKey.n === fromCert.n && fromKey.e === fromCert.e) return undefined;
  return 'This private key does not belong to the certificate (their public keys differ): use the key the certificate was created with.';
}
