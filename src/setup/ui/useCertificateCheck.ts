// Checks a pasted certificate and private key as the admin types (asynchronously: WebCrypto), keeping
// only the latest answer. Nothing here leaves the browser.
import { useEffect, useState } from 'react';
import { type CertificateSummary, inspectCertificate, keyMismatch, privateKeyPublicPart, validityNotices } from '../model/certificate';

export interface CertificateCheck {
  summary?: CertificateSummary;
  certificateError?: string;
  keyError?: string;
  warning?: string;
  pending: boolean;
}

/** The whole check, once: used by the hook as the admin types and again on save. */
export async function checkCertificate(certificatePem: string, privateKeyPem: string, now: Date): Promise<CertificateCheck> {
  const cert = certificatePem.trim();
  const key = privateKeyPem.trim();
  const next: CertificateCheck = { pending: false };
  if (cert) {
    try {
      next.summary = await inspectCertificate(cert);
      const validity = validityNotices(next.summary, now);
      if (validity.error) next.certificateError = validity.error;
      if (validity.warning) next.warning = validity.warning;
    } catch (e) {
      next.certificateError = (e as Error).message;
    }
  }
  if (key) {
    try {
      if (next.summary) {
        const mismatch = await keyMismatch(cert, key);
        if (mismatch) next.keyError = mismatch;
      } else {
        await privateKeyPublicPart(key);
      }
    } catch (e) {
      next.keyError = (e as Error).message;
    }
  }
  return next;
}

export function useCertificateCheck(certificatePem: string, privateKeyPem: string, now: () => Date): CertificateCheck {
  const [check, setCheck] = useState<CertificateCheck>({ pending: false });
  useEffect(() => {
    let current = true;
    if (!certificatePem.trim() && !privateKeyPem.trim()) {
      setCheck({ pending: false });
      return;
    }
    setCheck((c) => ({ ...c, pending: true }));
    void checkCertificate(certificatePem, privateKeyPem, now()).then((next) => {
      if (current) setCheck(next);
    });
    return () => {
      current = false;
    };
  }, [certificatePem, privateKeyPem, now]);
  return check;
}
