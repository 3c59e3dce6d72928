// What a stream input needs from splunkd: settings (proxy, CA bundle, log level), and either the account (its
// client secret or certificate key) or the SAS connection string from storage/passwords; for the Blob store,
// its connection string. Every secret is handed to the logger before anything is logged.
import type { CheckpointStore } from '@azure/event-hubs';
import { PASSWORD_REALM, partnerUserAgent, streamBlobSecretUser, streamSecretUser } from '../config/names';
import { loadAccount, loadSettings, type ConfigSource } from '../config/source';
import type { Account } from '../config/account';
import type { Settings } from '../config/settings';
import { APP_VERSION } from '../config/version';
import { msalTokenSource } from '../defender/auth';
import { endpointsFor } from '../defender/clouds';
import { credentialFor } from '../defender/session';
import { createTransport } from '../defender/transport';
import type { Logger } from '../splunk/log';
import type { StreamAuth } from './client';
import { checkConnectionString, trustProcessWide } from './client';
import { tokenCredential } from './credential';
import { StreamConfigError } from './errors';
import type { StreamParams } from './params';

export interface StreamConfig {
  settings: Settings;
  proxyPassword?: string;
  auth: StreamAuth;
  account?: Account;
  /** Blob store: a connection string, or the account's credential on storage_account. */
  blob?: { connectionString: string } | { url: string; auth: StreamAuth & { kind: 'token' } };
}

/** Secret-shaped parts of a connection string (the key itself), for the logger's redaction. */
export function connectionStringSecrets(connectionString: string): string[] {
  const secrets = [connectionString];
  for (const m of connectionString.matchAll(/(?:SharedAccessKey|AccountKey|SharedAccessSignature)=([^;]+)/gi)) if (m[1]) secrets.push(m[1]);
  return secrets;
}

export async function loadStreamConfig(source: ConfigSource, input: string, params: StreamParams, logger: Logger): Promise<StreamConfig> {
  const { settings, proxyPassword } = await loadSettings(source);
  logger.setLevel(settings.logLevel);
  if (proxyPassword) logger.addSecret(proxyPassword);
  const secretUser = streamSecretUser(input);
  let auth: StreamAuth;
  let account: Account | undefined;
  let tokenAuth: (StreamAuth & { kind: 'token' }) | undefined;
  if (params.account) {
    const loaded = await loadAccount(source, params.account);
    logger.addSecret(loaded.secret);
    account = loaded.account;
    const transport = createTransport({
      userAgent: partnerUserAgent(APP_VERSION),
      timeoutMs: settings.network.requestTimeoutMs,
      ...(settings.network.caBundle ? { caBundle: settings.network.caBundle } : {}),
      ...(settings.proxy ? { proxy: { ...settings.proxy, ...(proxyPassword ? { password: proxyPassword } : {}) } } : {}),
    });
    const tokens = msalTokenSource(account, endpointsFor(account), credentialFor(account, loaded.secret), transport);
    tokenAuth = { kind: 'token', credential: tokenCredential(tokens) };
    auth = tokenAuth;
  } else {
    const connectionString = await source.secret(PASSWORD_REALM, secretUser);
    if (!connectionString)
      throw new StreamConfigError(
        `the input has no account and no SAS connection string in storage/passwords (realm ${PASSWORD_REALM}, user ${secretUser}): pick an account granted the Azure Event Hubs Data Receiver role, or paste a connection string with Listen on the input's page`,
      );
    for (const s of connectionStringSecrets(connectionString)) logger.addSecret(s);
    checkConnectionString(connectionString, params, secretUser);
    auth = { kind: 'sas', connectionString };
  }
  const config: StreamConfig = { settings, ...(proxyPassword ? { proxyPassword } : {}), auth, ...(account ? { account } : {}) };
  if (params.checkpointStore === 'azure_blob') {
    const blobUser = streamBlobSecretUser(input);
    const blobConnection = await source.secret(PASSWORD_REALM, blobUser);
    if (blobConnection) {
      for (const s of connectionStringSecrets(blobConnection)) logger.addSecret(s);
      config.blob = { connectionString: blobConnection };
    } else if (params.storageAccount && tokenAuth) config.blob = { url: params.storageAccount, auth: tokenAuth };
    else
      throw new StreamConfigError(
        `checkpoint_store azure_blob needs the storage account's connection string in storage/passwords (realm ${PASSWORD_REALM}, user ${blobUser}), or storage_account with an account granted Storage Blob Data Contributor on it`,
      );
  }
  return config;
}

/** The shared Blob checkpoint store (Event Hubs' own ownership protocol over blobs in one container). */
export async function openBlobStore(blob: NonNullable<StreamConfig['blob']>, container: string, settings: Settings, proxyPassword?: string): Promise<CheckpointStore> {
  const [{ ContainerClient }, { BlobCheckpointStore }] = await Promise.all([import('@azure/storage-blob'), import('@azure/eventhubs-checkpointstore-blob')]);
  // Direct or through the proxy (whose tunnel carries TLS to the storage account), the Blob service's certificate
  // is checked against the default trust store: the admin's CA bundle goes there (a TLS-inspecting proxy's CA).
  trustProcessWide(settings.network.caBundle);
  const pipeline = {
    userAgentOptions: { userAgentPrefix: partnerUserAgent(APP_VERSION) },
    ...(settings.proxy
      ? { proxyOptions: { host: `${settings.proxy.type}://${settings.proxy.host}`, port: settings.proxy.port, ...(settings.proxy.username ? { username: settings.proxy.username, password: proxyPassword ?? '' } : {}) } }
      : {}),
  };
  const client =
    'connectionString' in blob
      ? new ContainerClient(blob.connectionString, container, pipeline)
      : new ContainerClient(`${blob.url}/${container}`, blob.auth.credential, pipeline);
  try {
    await client.createIfNotExists();
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    // Without the right to create containers the container must already exist: listing it below says so.
    if (status !== 403 && status !== 409) throw new StreamConfigError(`the Blob checkpoint container ${container} cannot be reached: ${(err as Error).message}`);
  }
  return new BlobCheckpointStore(client);
}
