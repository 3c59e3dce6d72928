// Where the add-on reads its configuration at run time: conf stanzas and secrets from splunkd with the
// input's or alert's session key. An interface so the session can be built without splunkd in tests.
import { ACCOUNT_CONF, PASSWORD_REALM, PROXY_SECRET_USER, SETTINGS_CONF, accountSecretUser } from './names';
import { ConfigError, parseAccount, type Account } from './account';
import { parseSettings, type Settings } from './settings';

export interface ConfigSource {
  confStanza(conf: string, stanza: string): Promise<Record<string, string> | undefined>;
  secret(realm: string, username: string): Promise<string | undefined>;
}

export interface LoadedAccount {
  account: Account;
  /** Client secret, or the certificate's PEM private key. */
  secret: string;
}

export async function loadAccount(source: ConfigSource, name: string): Promise<LoadedAccount> {
  const stanza = await source.confStanza(ACCOUNT_CONF, name);
  if (!stanza)
    throw new ConfigError(
      `account '${name}' does not exist in ${ACCOUNT_CONF}.conf: add it on the add-on's Configuration page (Accounts tab) or choose an existing account`,
    );
  const account = parseAccount(name, stanza);
  const secret = await source.secret(PASSWORD_REALM, accountSecretUser(name));
  if (!secret) {
    const what = account.authType === 'certificate' ? 'certificate private key' : 'client secret';
    throw new ConfigError(
      `account '${name}' has no ${what} in storage/passwords (realm ${PASSWORD_REALM}, user ${accountSecretUser(name)}): open the account on the Configuration page and save its ${what} again`,
    );
  }
  return { account, secret };
}

export interface LoadedSettings {
  settings: Settings;
  proxyPassword?: string;
}

export async function loadSettings(source: ConfigSource): Promise<LoadedSettings> {
  const [proxy, network, logging] = await Promise.all(
    ['proxy', 'network', 'logging'].map((s) => source.confStanza(SETTINGS_CONF, s)),
  );
  const settings = parseSettings({ proxy, network, logging });
  if (!settings.proxy?.username) return { settings };
  const proxyPassword = await source.secret(PASSWORD_REALM, PROXY_SECRET_USER);
  return { settings, ...(proxyPassword ? { proxyPassword } : {}) };
}
