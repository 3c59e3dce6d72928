// Secrets in splunkd's storage/passwords, laid out so that Splunk's solnlib (UCC add-ons) reads ours and we
// read theirs. Entity id `<realm>:<username>:`. splunkd encrypts at most 255 characters per entry, so a
// longer secret (a certificate private key) is stored as solnlib does: entries
// `<username>``splunk_cred_sep``1 … N` holding 255-character pieces, then entry N+1 holding END_MARK.
// A secret of 255 characters or fewer is one plain entry, which solnlib also reads.
import { chunkSecret, chunkUsername, CRED_SEP, END_MARK, entityName, entityPath, needsChunking, PASSWORDS_ENDPOINT } from './password-chunks';
import { type SplunkdClient, SplunkdError, type SplunkdEntry } from './rest';

// The pure layout lives in password-chunks.ts (the setup page bundles it); re-exported for existing callers.
export { CHUNK_LENGTH, chunkSecret, chunkUsername, CRED_SEP, END_MARK, entityName, entityPath, needsChunking } from './password-chunks';

const PASSWORDS = PASSWORDS_ENDPOINT;

export class SecretError extends Error {
  override readonly name = 'SecretError';
}

export interface StoredCredential {
  realm: string;
  username: string;
  clearPassword: string | undefined;
}

interface UserEntries {
  plain: StoredCredential | undefined;
  /** chunk index → entry */
  chunks: Map<number, StoredCredential>;
}

/** Our username's plain entry and chunk entries among a realm's credentials. Pure. */
export function entriesFor(credentials: StoredCredential[], realm: string, username: string): UserEntries {
  const out: UserEntries = { plain: undefined, chunks: new Map() };
  const prefix = `${username}${CRED_SEP}`;
  for (const c of credentials) {
    if (c.realm !== realm) continue;
    if (c.username === username) out.plain = c;
    else if (c.username.startsWith(prefix) && /^\d+$/.test(c.username.slice(prefix.length))) {
      out.chunks.set(Number(c.username.slice(prefix.length)), c);
    }
  }
  return out;
}

/**
 * The secret from a user's entries: chunks win over a plain entry (as in solnlib). Chunks must run 1, 2, …
 * up to an END_MARK; anything else is a partly written secret, refused rather than returned wrong. Pure.
 */
export function assembleSecret(entries: UserEntries, realm: string, username: string): string | undefined {
  const where = `storage/passwords entry ${entityName(realm, username)}`;
  if (entries.chunks.size > 0) {
    let secret = '';
    for (let i = 1; ; i++) {
      const chunk = entries.chunks.get(i);
      if (!chunk) {
        throw new SecretError(
          `${where} is incomplete: chunk ${i} of the secret is missing${i === 1 ? '' : ' and no end mark was found'}; save the secret again`,
        );
      }
      const clear = requireClear(chunk, where);
      if (clear === END_MARK) return secret;
      secret += clear;
    }
  }
  return entries.plain ? requireClear(entries.plain, where) : undefined;
}

function requireClear(c: StoredCredential, where: string): string {
  if (c.clearPassword === undefined) {
    throw new SecretError(`${where} came back without clear_password: the session lacks capability list_storage_passwords`);
  }
  return c.clearPassword;
}

/** Every credential of the realm visible in the client's app namespace. */
export async function listCredentials(client: SplunkdClient, realm: string): Promise<StoredCredential[]> {
  const feed = await client.get(PASSWORDS, { count: 0, search: `realm=${realm}` });
  // `search` matches substrings, so filter exactly.
  return (feed.entry ?? []).map(toCredential).filter((c) => c.realm === realm);
}

function toCredential(entry: SplunkdEntry): StoredCredential {
  const c = entry.content ?? {};
  return {
    realm: String(c.realm ?? ''),
    username: String(c.username ?? ''),
    clearPassword: typeof c.clear_password === 'string' ? c.clear_password : undefined,
  };
}

/** The secret, or undefined when none is stored. */
export async function getSecret(client: SplunkdClient, realm: string, username: string): Promise<string | undefined> {
  checkNames(realm, username);
  return assembleSecret(entriesFor(await listCredentials(client, realm), realm, username), realm, username);
}

/**
 * Stores the secret: one entry up to 255 characters, solnlib chunks beyond. Entries left over from a
 * longer or differently stored previous secret are deleted afterwards, so a reader never mixes old and new.
 */
export async function setSecret(client: SplunkdClient, realm: string, username: string, secret: string): Promise<void> {
  checkNames(realm, username);
  if (typeof secret !== 'string' || secret === '') {
    throw new SecretError(`refusing to store an empty secret for ${entityName(realm, username)}; to remove it, delete it`);
  }
  const existing = entriesFor(await listCredentials(client, realm), realm, username);
  if (!needsChunking(secret)) {
    await upsert(client, realm, username, secret, existing.plain !== undefined);
    for (const index of existing.chunks.keys()) await deleteEntity(client, realm, chunkUsername(username, index));
    return;
  }
  const pieces = [...chunkSecret(secret), END_MARK];
  for (const [i, piece] of pieces.entries()) {
    await upsert(client, realm, chunkUsername(username, i + 1), piece, existing.chunks.has(i + 1));
  }
  for (const index of existing.chunks.keys()) {
    if (index > pieces.length) await deleteEntity(client, realm, chunkUsername(username, index));
  }
  if (existing.plain) await deleteEntity(client, realm, username);
}

/** Deletes the secret and all its chunks; false when nothing was stored. */
export async function deleteSecret(client: SplunkdClient, realm: string, username: string): Promise<boolean> {
  checkNames(realm, username);
  const existing = entriesFor(await listCredentials(client, realm), realm, username);
  const names = [...(existing.plain ? [username] : []), ...[...existing.chunks.keys()].map((i) => chunkUsername(username, i))];
  for (const name of names) await deleteEntity(client, realm, name);
  return names.length > 0;
}

/** Usernames that have a secret in the realm, chunked or not, sorted. */
export async function listSecretUsers(client: SplunkdClient, realm: string): Promise<string[]> {
  const users = new Set<string>();
  for (const c of await listCredentials(client, realm)) {
    const sep = c.username.indexOf(CRED_SEP);
    users.add(sep >= 0 && /^\d+$/.test(c.username.slice(sep + CRED_SEP.length)) ? c.username.slice(0, sep) : c.username);
  }
  return [...users].sort();
}

/** Create, or update when it exists (known from the listing, or learnt from a 409 when created meanwhile). */
async function upsert(client: SplunkdClient, realm: string, username: string, password: string, exists: boolean): Promise<void> {
  if (exists) {
    try {
      await client.post(entityPath(realm, username), { password });
      return;
    } catch (e) {
      // Deleted meanwhile: create it below.
      if (!(e instanceof SplunkdError && e.status === 404)) throw e;
    }
  }
  try {
    await client.post(PASSWORDS, { name: username, password, realm });
  } catch (e) {
    if (!(e instanceof SplunkdError && e.status === 409)) throw e;
    await client.post(entityPath(realm, username), { password });
  }
}

async function deleteEntity(client: SplunkdClient, realm: string, username: string): Promise<void> {
  try {
    await client.delete(entityPath(realm, username));
  } catch (e) {
    if (!(e instanceof SplunkdError && e.status === 404)) throw e;
  }
}

/** Colons would make the entity id ambiguous; the separator would make a username look like a chunk. */
function checkNames(realm: string, username: string): void {
  if (!realm || realm.includes(':')) throw new SecretError(`realm '${realm}' must be non-empty and contain no ':'`);
  if (!username || username.includes(':')) throw new SecretError(`username '${username}' must be non-empty and contain no ':'`);
  if (username.includes(CRED_SEP)) throw new SecretError(`username '${username}' must not contain ${CRED_SEP}`);
}
