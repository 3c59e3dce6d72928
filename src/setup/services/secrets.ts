// Writes and deletes secrets in storage/passwords exactly as src/splunk/passwords.ts lays them out
// (solnlib chunks above 255 characters), without ever reading them: the page only writes and deletes, and
// since Splunk 8.0 splunkd's answers to these calls carry no clear_password. Existing entries are learnt
// from 409 (create) and 404 (delete) answers instead of a listing.
import { PASSWORD_REALM } from '../../config/names';
import { chunkSecret, chunkUsername, END_MARK, entityPath, needsChunking, PASSWORDS_ENDPOINT } from '../../splunk/password-chunks';
import { isStatus, type SplunkApi } from '../rest/api';

/** Chunk indexes past the last written one are deleted until the first that does not exist. */
const MAX_STALE_CHUNKS = 1000;

async function upsert(api: SplunkApi, realm: string, username: string, password: string): Promise<void> {
  try {
    await api.post(PASSWORDS_ENDPOINT, { name: username, password, realm });
  } catch (e) {
    if (!isStatus(e, 409)) throw e;
    await api.post(entityPath(realm, username), { password });
  }
}

/** true when an entry was deleted, false when there was none. */
async function deleteEntry(api: SplunkApi, realm: string, username: string): Promise<boolean> {
  try {
    await api.del(entityPath(realm, username));
    return true;
  } catch (e) {
    if (isStatus(e, 404)) return false;
    throw e;
  }
}

async function deleteChunksFrom(api: SplunkApi, realm: string, username: string, first: number): Promise<void> {
  for (let i = first; i < first + MAX_STALE_CHUNKS; i++) if (!(await deleteEntry(api, realm, chunkUsername(username, i)))) return;
}

/** Stores the secret: one entry up to 255 characters, solnlib chunks + END_MARK beyond; stale entries removed after. */
export async function writeSecret(api: SplunkApi, username: string, secret: string, realm = PASSWORD_REALM): Promise<void> {
  if (secret === '') throw new Error(`refusing to store an empty secret for ${username}`);
  if (!needsChunking(secret)) {
    await upsert(api, realm, username, secret);
    await deleteChunksFrom(api, realm, username, 1);
    return;
  }
  const pieces = [...chunkSecret(secret), END_MARK];
  for (const [i, piece] of pieces.entries()) await upsert(api, realm, chunkUsername(username, i + 1), piece);
  await deleteChunksFrom(api, realm, username, pieces.length + 1);
  await deleteEntry(api, realm, username);
}

/** Deletes the plain entry and every chunk. */
export async function deleteSecret(api: SplunkApi, username: string, realm = PASSWORD_REALM): Promise<void> {
  await deleteEntry(api, realm, username);
  await deleteChunksFrom(api, realm, username, 1);
}
