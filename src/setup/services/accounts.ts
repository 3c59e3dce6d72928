// Accounts: ta_defender_sync_account.conf stanzas (configs/conf-*) and their secrets (storage/passwords,
// user account.<name>). Deleting an account that inputs use is refused with the list of those inputs.
import { ACCOUNT_CONF, accountSecretUser, SCHEMES } from '../../config/names';
import { type AccountForm, type AccountMode, type AccountRecord, accountRecordFrom, accountStanzaKeys, type CertificateFacts, secretToStore } from '../model/account-form';
import { isStatus, type SplunkApi, stanzas } from '../rest/api';
import { deleteSecret, writeSecret } from './secrets';

const CONF = `configs/conf-${ACCOUNT_CONF}`;
const stanzaPath = (name: string): string => `${CONF}/${encodeURIComponent(name)}`;

export async function listAccounts(api: SplunkApi): Promise<AccountRecord[]> {
  const feed = await api.get(CONF, { query: { count: 0 } });
  return stanzas(feed)
    .map((e) => accountRecordFrom(e.name, e.content))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface SaveAccount {
  form: AccountForm;
  mode: AccountMode;
  /** The stored account (edit). */
  previous?: AccountRecord;
  /** Facts of a newly entered certificate (certificate auth). */
  certificate?: CertificateFacts;
}

/**
 * Create (or clone): the stanza first, so an existing name is refused (409) before any secret is written,
 * then the secret; if the secret cannot be stored the new stanza is removed again.
 * Edit: the new secret first (if one was typed), then the stanza; no secret typed keeps the stored one.
 */
export async function saveAccount(api: SplunkApi, { form, mode, previous, certificate }: SaveAccount): Promise<void> {
  const name = mode === 'edit' ? previous!.name : form.name.trim();
  const keys = accountStanzaKeys(form, mode, certificate, previous);
  const secret = secretToStore(form);
  if (mode === 'edit') {
    if (secret !== undefined) await writeSecret(api, accountSecretUser(name), secret);
    await api.post(stanzaPath(name), keys);
    return;
  }
  await api.post(CONF, { name, ...keys });
  try {
    if (secret === undefined) throw new Error('a new account needs its secret');
    await writeSecret(api, accountSecretUser(name), secret);
  } catch (e) {
    await api.del(stanzaPath(name)).catch(() => undefined);
    throw e;
  }
}

export interface InputRef {
  scheme: string;
  name: string;
}

/** Inputs of our three schemes whose `account` is this account. A scheme splunkd does not know (404) has none. */
export async function inputsUsingAccount(api: SplunkApi, account: string): Promise<InputRef[]> {
  const found: InputRef[] = [];
  for (const scheme of SCHEMES) {
    try {
      const feed = await api.get(`data/inputs/${scheme}`, { query: { count: 0 } });
      for (const e of feed.entry ?? []) if (String(e.content.account ?? '') === account) found.push({ scheme, name: e.name });
    } catch (e) {
      if (!isStatus(e, 404)) throw e;
    }
  }
  return found;
}

export class AccountInUseError extends Error {
  override readonly name = 'AccountInUseError';
  constructor(
    readonly account: string,
    readonly inputs: InputRef[],
  ) {
    super(
      `Account '${account}' is used by ${inputs.length === 1 ? 'input' : `${inputs.length} inputs`} ${inputs.map((i) => `${i.scheme}://${i.name}`).join(', ')}: ` +
        'delete those inputs or point them at another account first.',
    );
  }
}

/** Removes the stanza and every secret entry of the account; refused while inputs use it. */
export async function deleteAccount(api: SplunkApi, name: string): Promise<void> {
  const users = await inputsUsingAccount(api, name);
  if (users.length > 0) throw new AccountInUseError(name, users);
  await api.del(stanzaPath(name));
  await deleteSecret(api, accountSecretUser(name));
}
