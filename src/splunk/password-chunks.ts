// The pure half of storage/passwords: entity names and solnlib's chunk layout. No I/O and no Node.js
// imports, so the setup page (browser bundle) writes secrets exactly as src/splunk/passwords.ts does.
// splunkd encrypts at most 255 characters per entry, so a longer secret (a certificate private key) is
// stored as solnlib does: entries `<username>``splunk_cred_sep``1 … N` holding 255-character pieces, then
// entry N+1 holding END_MARK. A secret of 255 characters or fewer is one plain entry, which solnlib also reads.

/** solnlib CredentialManager.SPLUNK_CRED_LEN_LIMIT: counted in characters (Unicode code points). */
export const CHUNK_LENGTH = 255;
/** solnlib CredentialManager.SEP */
export const CRED_SEP = '``splunk_cred_sep``';
/** solnlib CredentialManager.END_MARK */
export const END_MARK =
  '``splunk_cred_sep``S``splunk_cred_sep``P``splunk_cred_sep``L``splunk_cred_sep``' +
  'U``splunk_cred_sep``N``splunk_cred_sep``K``splunk_cred_sep``';

export const PASSWORDS_ENDPOINT = 'storage/passwords';

/** `<realm>:<username>:` as splunkd names the entity. */
export function entityName(realm: string, username: string): string {
  return `${realm}:${username}:`;
}

/** The REST path of one entity, its id URL-encoded (colons become %3A). */
export function entityPath(realm: string, username: string): string {
  return `${PASSWORDS_ENDPOINT}/${encodeURIComponent(entityName(realm, username))}`;
}

export function chunkUsername(username: string, index: number): string {
  return `${username}${CRED_SEP}${index}`;
}

/** 255-code-point pieces (Python's len() and slicing, which solnlib uses, count code points). */
export function chunkSecret(secret: string): string[] {
  const points = Array.from(secret);
  const chunks: string[] = [];
  for (let i = 0; i < points.length; i += CHUNK_LENGTH) chunks.push(points.slice(i, i + CHUNK_LENGTH).join(''));
  return chunks;
}

export function needsChunking(secret: string): boolean {
  return Array.from(secret).length > CHUNK_LENGTH;
}
