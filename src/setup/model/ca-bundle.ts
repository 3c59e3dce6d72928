// The [network] CA bundle: every PEM block must be a certificate @peculiar/x509 can parse; the page shows
// each one's subject and expiry. A private key pasted here would land in a conf file in clear, so it is refused.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export interface CaCertificate {
  subject: string;
  notAfter: Date;
  expired: boolean;
}

export type CaBundleResult = { ok: true; certificates: CaCertificate[] } | { ok: false; error: string };

export function inspectCaBundle(pem: string, now: Date): CaBundleResult {
  const text = pem.trim();
  if (text === '') return { ok: true, certificates: [] };
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text))
    return { ok: false, error: 'The CA bundle contains a private key: remove it. Only CA certificates belong here (and this setting is not secret).' };
  let blocks: Array<{ type: string; rawData: ArrayBuffer }>;
  try {
    blocks = x509.PemConverter.decodeWithHeaders(text);
  } catch {
    blocks = [];
  }
  if (blocks.length === 0)
    return { ok: false, error: 'The CA bundle holds no PEM certificate: paste one or more -----BEGIN CERTIFICATE----- … -----END CERTIFICATE----- blocks.' };
  const certificates: CaCertificate[] = [];
  for (const [i, block] of blocks.entries()) {
    if (block.type !== 'CERTIFICATE') return { ok: false, error: `Block ${i + 1} of the CA bundle is a ${block.type}, not a CERTIFICATE: remove it.` };
    try {
      const cert = new x509.X509Certificate(block.rawData);
      certificates.push({ subject: cert.subject, notAfter: cert.notAfter, expired: cert.notAfter.getTime() <= now.getTime() });
    } catch (e) {
      return { ok: false, error: `Certificate ${i + 1} of the CA bundle could not be read (${(e as Error).message}): paste it again from the CA's PEM file.` };
    }
  }
  return { ok: true, certificates };
}
