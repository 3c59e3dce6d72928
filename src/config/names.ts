// Names other parts (and external checks) depend on: DESIGN §3. Change nothing here without changing DESIGN.

export const APP_ID = 'TA_defender_sync';
export const APP_LABEL = 'Defender Sync Add-on for Splunk';

export const ACCOUNT_CONF = 'ta_defender_sync_account';
export const SETTINGS_CONF = 'ta_defender_sync_settings';
export const SETTINGS_STANZAS = ['proxy', 'logging', 'network'] as const;

/** storage/passwords realm and usernames for our secrets. */
export const PASSWORD_REALM = APP_ID;
export const accountSecretUser = (account: string): string => `account.${account}`;
export const PROXY_SECRET_USER = 'proxy';

export const SCHEME_INCIDENTS = 'defender_sync_incidents';
export const SCHEME_ALERTS = 'defender_sync_alerts';
export const SCHEME_ENDPOINT_ALERTS = 'defender_sync_endpoint_alerts';
export const SCHEME_HUNTING = 'defender_sync_hunting';
export const SCHEMES = [SCHEME_INCIDENTS, SCHEME_ALERTS, SCHEME_ENDPOINT_ALERTS, SCHEME_HUNTING, 'defender_sync_stream'] as const;
export type Scheme = (typeof SCHEMES)[number];

export const ALERT_ACTION = 'defender_sync_update';

export const LOG_FILE = 'ta_defender_sync.log';
export const LOG_SOURCETYPE = 'ta_defender_sync:log';
export const INDEX_MACRO = 'defender_sync_index';

export const SOURCETYPE = {
  incident: 'ms365:defender:incident',
  incidentAlert: 'ms365:defender:incident:alerts',
  endpointAlert: 'ms:defender:atp:alerts',
  alert: 'ms365:defender:alert',
  action: 'defender_sync:action',
  hunting: 'ms365:defender:hunting',
  eventhub: 'ms:defender:eventhub',
} as const;

/** `source` of every ingested event: `<scheme>:<tenant_id>`. */
export const eventSource = (scheme: string, tenantId: string): string => `${scheme}:${tenantId}`;

/** Account names become part of storage/passwords entity ids (`realm:user:`), so no colons. */
export const ACCOUNT_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const PARTNER_USER_AGENT_PRODUCT = 'MdePartner-DefenderSync-SplunkAddOn';
export const partnerUserAgent = (version: string): string => `${PARTNER_USER_AGENT_PRODUCT}/${version}`;

/** Streaming input (Event Hubs): a long-running process, one event per Streaming API record. */
export const SCHEME_STREAM = 'defender_sync_stream';
/** `source` of a streamed event: `defender_sync_stream:<namespace>/<event hub>` (DESIGN §4). */
export const streamSource = (namespace: string, eventHub: string): string => `${SCHEME_STREAM}:${namespace}/${eventHub}`;
/** storage/passwords users of a stream input's secrets: its Event Hubs SAS connection string, its Blob one. */
export const streamSecretUser = (input: string): string => `stream.${input}`;
export const streamBlobSecretUser = (input: string): string => `stream.${input}.blob`;
/** Microsoft Entra resource of Event Hubs: the same in every cloud (Event Hubs "Authorize access with Entra ID"). */
export const EVENT_HUBS_SCOPE = 'https://eventhubs.azure.net/.default';
export const EVENT_HUBS_RECEIVER_ROLE = 'Azure Event Hubs Data Receiver';
