// The stream input's parameters: one validator per parameter (used by the scheme, --validate-arguments and
// the setup page through the InputDefinition) and one function turning a stanza into typed options. Pure.
// Secrets (the SAS and Blob connection strings) are never parameters: they live in storage/passwords.

export const START_POSITIONS = ['latest', 'earliest'] as const;
export type StartPosition = (typeof START_POSITIONS)[number];
export const TRANSPORTS = ['amqp', 'websockets'] as const;
export type StreamTransport = (typeof TRANSPORTS)[number];
export const CHECKPOINT_STORES = ['local', 'azure_blob'] as const;
export type CheckpointStoreKind = (typeof CHECKPOINT_STORES)[number];

export const DEFAULT_CONSUMER_GROUP = '$Default';
export const DEFAULT_STATUS_INTERVAL_SECONDS = 60;
export const DEFAULT_CHECKPOINT_INTERVAL_SECONDS = 5;
/** splunkd restarts the process this long after it exits (it only exits on a stop or a fatal error). */
export const DEFAULT_RESTART_INTERVAL_SECONDS = 60;

export interface StreamParams {
  /** Entra app account; empty when the input uses a SAS connection string. */
  account: string;
  /** host[:port] of the Event Hubs namespace, e.g. contoso.servicebus.windows.net. */
  namespace: string;
  eventHub: string;
  /** host[:port] to connect to instead of the namespace (private endpoint, relay); empty: the namespace. */
  endpoint: string;
  consumerGroup: string;
  /** Table names to keep (empty: every table, including ones Microsoft adds later). */
  tables: string[];
  startPosition: StartPosition;
  transport: StreamTransport;
  checkpointStore: CheckpointStoreKind;
  /** Blob service URL (https://<account>.blob.core.windows.net) for the Entra account; empty with a Blob connection string. */
  storageAccount: string;
  blobContainer: string;
  statusIntervalMs: number;
  checkpointIntervalMs: number;
  index: string;
}

// A DNS name (labels of letters, digits, hyphens) with an optional port: private endpoints and relays use one.
const NAMESPACE = /^(?=.{1,253}(:\d{1,5})?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(:\d{1,5})?$/;
// Event Hubs entity naming rules: letters, digits, '.', '-', '_'; starts and ends with a letter or digit.
const EVENT_HUB = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,254}[A-Za-z0-9])?$/;
const CONSUMER_GROUP = /^(\$Default|[A-Za-z0-9](?:[A-Za-z0-9._-]{0,48}[A-Za-z0-9])?)$/;
const TABLE = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;
const CONTAINER = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

export function validateNamespace(value: string): string | undefined {
  if (/^[a-z]+:\/\//i.test(value) || value.includes('/'))
    return `namespace '${value}' must be the namespace's host name only (e.g. contoso.servicebus.windows.net), without sb:// or a path.`;
  if (!NAMESPACE.test(value))
    return `namespace '${value}' is not a host name: use the Event Hubs namespace's fully qualified name, e.g. contoso.servicebus.windows.net (Azure portal > Event Hubs namespace > Overview > Host name).`;
  return undefined;
}

export function validateEndpoint(value: string): string | undefined {
  if (/^[a-z]+:\/\//i.test(value) || value.includes('/') || !NAMESPACE.test(value))
    return `endpoint '${value}' must be a host name or IP address with an optional port (e.g. 10.1.2.3:5671), without a scheme or path.`;
  return undefined;
}

export function validateEventHub(value: string): string | undefined {
  if (!EVENT_HUB.test(value))
    return `event_hub '${value}' is not an Event Hub name: use the name shown under the namespace's Event Hubs (letters, digits, '.', '-', '_').`;
  return undefined;
}

export function validateConsumerGroup(value: string): string | undefined {
  if (!CONSUMER_GROUP.test(value))
    return `consumer_group '${value}' is not a consumer group name: use $Default or the name of a consumer group of the Event Hub (letters, digits, '.', '-', '_').`;
  return undefined;
}

export function parseTables(value: string): string[] {
  return value
    .split(',')
    .map((t) => t.trim().replace(/^AdvancedHunting-/i, ''))
    .filter((t) => t.length > 0);
}

export function validateTables(value: string): string | undefined {
  for (const table of parseTables(value))
    if (!TABLE.test(table))
      return `tables: '${table}' is not an advanced hunting table name; use a comma list such as DeviceProcessEvents,DeviceNetworkEvents (empty: every table).`;
  return undefined;
}

const oneOf =
  (name: string, values: readonly string[]) =>
  (value: string): string | undefined =>
    values.includes(value) ? undefined : `${name} '${value}' is not one of ${values.join(', ')}.`;

export const validateStartPosition = oneOf('start_position', START_POSITIONS);
export const validateTransport = oneOf('transport', TRANSPORTS);
export const validateCheckpointStore = oneOf('checkpoint_store', CHECKPOINT_STORES);

export function validateContainer(value: string): string | undefined {
  if (!CONTAINER.test(value))
    return `blob_container '${value}' is not a Blob container name: 3-63 lower-case letters, digits and single hyphens.`;
  return undefined;
}

export function validateStorageAccount(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `storage_account '${value}' is not a URL: use the Blob service endpoint, e.g. https://contoso.blob.core.windows.net.`;
  }
  if (url.protocol !== 'https:' || url.pathname.replace(/\/+$/, '') !== '' || url.search)
    return `storage_account '${value}' must be the https Blob service endpoint without a path, e.g. https://contoso.blob.core.windows.net.`;
  return undefined;
}

const seconds =
  (name: string, min: number, max: number) =>
  (value: string): string | undefined => {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || n < min || n > max) return `${name} '${value}' must be a number of seconds from ${min} to ${max}.`;
    return undefined;
  };

export const validateStatusInterval = seconds('status_interval', 1, 3600);
export const validateCheckpointInterval = seconds('checkpoint_interval', 0.1, 300);

type Lookup = (name: string) => string;

/** Typed options from a stanza already checked by the definition's validators. */
export function streamParams(get: Lookup): StreamParams {
  const or = (name: string, fallback: string): string => get(name) || fallback;
  return {
    account: get('account'),
    namespace: get('namespace').toLowerCase(),
    eventHub: get('event_hub'),
    endpoint: get('endpoint'),
    consumerGroup: or('consumer_group', DEFAULT_CONSUMER_GROUP),
    tables: parseTables(get('tables')),
    startPosition: or('start_position', 'latest') as StartPosition,
    transport: or('transport', 'amqp') as StreamTransport,
    checkpointStore: or('checkpoint_store', 'local') as CheckpointStoreKind,
    storageAccount: get('storage_account').replace(/\/+$/, ''),
    blobContainer: get('blob_container'),
    statusIntervalMs: Number(or('status_interval', String(DEFAULT_STATUS_INTERVAL_SECONDS))) * 1000,
    checkpointIntervalMs: Number(or('checkpoint_interval', String(DEFAULT_CHECKPOINT_INTERVAL_SECONDS))) * 1000,
    index: get('index'),
  };
}

/** Checks across parameters (each one alone is already valid). */
export function crossParamProblem(p: StreamParams): string | undefined {
  if (p.checkpointStore === 'azure_blob' && !p.blobContainer)
    return 'checkpoint_store azure_blob needs blob_container (the container that keeps checkpoints and partition ownership).';
  return undefined;
}
