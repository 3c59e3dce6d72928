// The three modular inputs (names and parameters are contract: DESIGN §3).
import type { InputArgument, InputDefinition } from '../splunk/modinput/definition';
import {
  ACCOUNT_NAME_PATTERN,
  SCHEME_ALERTS,
  SCHEME_ENDPOINT_ALERTS,
  SCHEME_HUNTING,
  SCHEME_INCIDENTS,
  SOURCETYPE,
  SCHEME_STREAM,
  streamBlobSecretUser,
  streamSecretUser,
  EVENT_HUBS_RECEIVER_ROLE,
  PASSWORD_REALM,
} from '../config/names';
import { DEFAULT_DELAY, DEFAULT_LOOKBACK, durationMs, RETENTION_MS, validateHuntingQuery } from './hunting-params';
import * as stream from '../stream/params';

export const DEFAULT_INTERVAL_SECONDS = 300;
export const DEFAULT_START_DAYS_AGO = 7;
export const ENDPOINT_API_RETIREMENT = '2027-02-01';

const START_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?Z)?$/;

export function validateAccountName(value: string): string | undefined {
  if (!value) return 'account is required: pick one of the accounts on the Configuration page.';
  if (!ACCOUNT_NAME_PATTERN.test(value))
    return `account '${value}' is not a valid account name: use 1-64 letters, digits, '_' or '-'.`;
  return undefined;
}

export function validateStartDate(value: string, now: Date = new Date()): string | undefined {
  if (!value) return undefined;
  if (!START_DATE_PATTERN.test(value) || Number.isNaN(Date.parse(value)))
    return `start_date '${value}' is not an ISO 8601 UTC time: use e.g. 2026-01-31 or 2026-01-31T08:00:00Z.`;
  if (Date.parse(value) > now.getTime()) return `start_date '${value}' is in the future.`;
  return undefined;
}

/** Graph `serviceSource` members, including those only returned with `Prefer: include-unknown-enum-members`. */
export const SERVICE_SOURCES = [
  'microsoftDefenderForEndpoint',
  'microsoftDefenderForIdentity',
  'microsoftDefenderForCloudApps',
  'microsoftDefenderForOffice365',
  'microsoft365Defender',
  'azureAdIdentityProtection',
  'microsoftAppGovernance',
  'dataLossPrevention',
  'microsoftDefenderForCloud',
  'microsoftSentinel',
  'microsoftInsiderRiskManagement',
  'microsoftThreatIntelligence',
  'microsoftSecurityForAI',
] as const;

/** Parses the comma list; unknown but well-formed members pass (the enum is evolvable). */
export function parseServiceSources(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function validateServiceSources(value: string): string | undefined {
  for (const source of parseServiceSources(value)) {
    if (!/^[a-z][A-Za-z0-9]{1,63}$/.test(source))
      return `service_sources: '${source}' is not a Graph serviceSource value; use a comma list such as microsoftDefenderForEndpoint,microsoftDefenderForCloud.`;
  }
  return undefined;
}

export const ENDPOINT_REGIONS = ['default', 'us', 'eu', 'uk', 'au', 'swa', 'ina', 'aea'] as const;
export type EndpointRegion = (typeof ENDPOINT_REGIONS)[number];

export function validateRegion(value: string): string | undefined {
  if (!value || (ENDPOINT_REGIONS as readonly string[]).includes(value)) return undefined;
  return `region '${value}' is not known: use one of ${ENDPOINT_REGIONS.join(', ')}.`;
}

const accountArg: InputArgument = {
  name: 'account',
  title: 'Account',
  description: 'Name of the account (Entra ID app registration in one tenant) from ta_defender_sync_account.conf.',
  type: 'string',
  requiredOnCreate: true,
  requiredOnEdit: false,
  validate: validateAccountName,
};

const startDateArg: InputArgument = {
  name: 'start_date',
  title: 'Start date',
  description: `Collect records last updated at or after this UTC time (ISO 8601, e.g. 2026-01-31T08:00:00Z) on the first run. Default: ${DEFAULT_START_DAYS_AGO} days before the first run.`,
  type: 'string',
  requiredOnCreate: false,
  requiredOnEdit: false,
  validate: (v) => validateStartDate(v),
};

export const incidentsInput: InputDefinition = {
  scheme: SCHEME_INCIDENTS,
  title: 'Defender incidents (Microsoft Graph)',
  description:
    'Microsoft Defender XDR incidents with their alerts, from Microsoft Graph security/incidents. One ms365:defender:incident event per incident change and one ms365:defender:incident:alerts event per changed alert. Needs the application permission SecurityIncident.Read.All.',
  useExternalValidation: true,
  useSingleInstance: false,
  streamingMode: 'xml',
  args: [accountArg, startDateArg],
  defaults: { interval: DEFAULT_INTERVAL_SECONDS, sourcetypes: [SOURCETYPE.incident, SOURCETYPE.incidentAlert] },
};

export const alertsInput: InputDefinition = {
  scheme: SCHEME_ALERTS,
  title: 'Defender alerts (Microsoft Graph alerts_v2)',
  description:
    'Alerts from every Microsoft security product that reports to Defender XDR, from Microsoft Graph security/alerts_v2, as ms365:defender:alert events. Needs the application permission SecurityAlert.Read.All.',
  useExternalValidation: true,
  useSingleInstance: false,
  streamingMode: 'xml',
  args: [
    accountArg,
    startDateArg,
    {
      name: 'service_sources',
      title: 'Service sources',
      description:
        'Optional comma-separated list of Graph serviceSource values to collect (e.g. microsoftDefenderForEndpoint,microsoftDefenderForCloud). Empty: all.',
      type: 'string',
      requiredOnCreate: false,
      requiredOnEdit: false,
      choices: SERVICE_SOURCES.map((s) => ({ value: s, label: s })),
      validate: validateServiceSources,
    },
  ],
  defaults: { interval: DEFAULT_INTERVAL_SECONDS, sourcetypes: [SOURCETYPE.alert] },
};

export const endpointAlertsInput: InputDefinition = {
  scheme: SCHEME_ENDPOINT_ALERTS,
  title: 'Defender for Endpoint alerts (legacy API)',
  description: `Legacy: alerts from the Defender for Endpoint API /api/alerts with evidence, as ms:defender:atp:alerts events. Microsoft retires this API on ${ENDPOINT_API_RETIREMENT}; use the Defender alerts (Microsoft Graph alerts_v2) input instead. Needs the WindowsDefenderATP application permission Alert.Read.All.`,
  useExternalValidation: true,
  useSingleInstance: false,
  streamingMode: 'xml',
  args: [
    accountArg,
    startDateArg,
    {
      name: 'region',
      title: 'API region',
      description: `Defender for Endpoint API host for commercial tenants: ${ENDPOINT_REGIONS.join(', ')} (default: api.security.microsoft.com). Government clouds use their own host and ignore this.`,
      type: 'string',
      requiredOnCreate: false,
      requiredOnEdit: false,
      default: 'default',
      choices: ENDPOINT_REGIONS.map((r) => ({ value: r, label: r === 'default' ? 'default (api.security.microsoft.com)' : `${r}.api.security.microsoft.com` })),
      validate: validateRegion,
    },
  ],
  defaults: { interval: DEFAULT_INTERVAL_SECONDS, sourcetypes: [SOURCETYPE.endpointAlert] },
  notice: `Microsoft retires the Defender for Endpoint API on ${ENDPOINT_API_RETIREMENT}. Use the Defender alerts (Microsoft Graph alerts_v2) input for new deployments.`,
};

/** `lookback` / `delay`: an ISO 8601 duration within bounds, or a message saying what to write. */
export function validateHuntingDuration(name: string, value: string, maxMs: number, maxText: string, allowZero: boolean): string | undefined {
  if (!value) return undefined;
  const ms = durationMs(value);
  if (ms === undefined) return `${name} '${value}' is not an ISO 8601 duration: use e.g. PT5M, PT1H or P1D.`;
  if (ms > maxMs) return `${name} '${value}' is longer than ${maxText}.`;
  if (ms === 0 && !allowZero) return `${name} must be longer than zero.`;
  return undefined;
}

export const huntingInput: InputDefinition = {
  scheme: SCHEME_HUNTING,
  title: 'Defender advanced hunting (scheduled query)',
  description:
    'Runs an advanced hunting KQL query on a schedule through Microsoft Graph runHuntingQuery and writes each row as an ms365:defender:hunting event. The input adds the time window itself (Timestamp after the window start, up to and including its end), so windows never overlap or leave gaps. Needs the application permission ThreatHunting.Read.All.',
  useExternalValidation: true,
  useSingleInstance: false,
  streamingMode: 'xml',
  args: [
    accountArg,
    {
      name: 'query',
      title: 'Query (KQL)',
      description:
        'Advanced hunting KQL without a time filter, e.g. DeviceProcessEvents | where FileName in~ ("powershell.exe") | project Timestamp, DeviceName, ProcessCommandLine. Do not use Timestamp comparisons, ago(), take or limit: the input adds each window\'s time filter and reads every row. Saving runs the query once over a one-minute window.',
      type: 'string',
      requiredOnCreate: true,
      requiredOnEdit: false,
      multiline: true,
      validate: validateHuntingQuery,
    },
    {
      name: 'lookback',
      title: 'First-run lookback',
      description: `How far back the first run reads, as an ISO 8601 duration (e.g. PT1H, P1D; at most P30D, the data Microsoft keeps). Default: ${DEFAULT_LOOKBACK}.`,
      type: 'string',
      requiredOnCreate: false,
      requiredOnEdit: false,
      default: DEFAULT_LOOKBACK,
      validate: (v) => validateHuntingDuration('lookback', v, RETENTION_MS, 'P30D (Microsoft keeps 30 days of hunting data)', false),
    },
    {
      name: 'delay',
      title: 'Ingestion delay',
      description: `How long to wait for Defender to finish ingesting events before a window is read, as an ISO 8601 duration (windows end this long before now). Default: ${DEFAULT_DELAY}.`,
      type: 'string',
      requiredOnCreate: false,
      requiredOnEdit: false,
      default: DEFAULT_DELAY,
      validate: (v) => validateHuntingDuration('delay', v, 86_400_000, 'P1D', true),
    },
  ],
  defaults: { interval: DEFAULT_INTERVAL_SECONDS, sourcetypes: [SOURCETYPE.hunting] },
};

const streamArg = (a: Omit<InputArgument, 'type' | 'requiredOnCreate' | 'requiredOnEdit'> & { required?: boolean }): InputArgument => {
  const { required = false, ...rest } = a;
  return { type: 'string', requiredOnCreate: required, requiredOnEdit: false, ...rest };
};

/** Long-running: Defender's Streaming API records from an Azure Event Hub (src/stream/, docs/streaming.md). */
export const streamInput: InputDefinition = {
  scheme: SCHEME_STREAM,
  title: 'Defender XDR event stream (Event Hubs)',
  description: `Advanced hunting events (DeviceProcessEvents, EmailEvents, ...) that Defender XDR's Streaming API sends to an Azure Event Hub, one ${SOURCETYPE.eventhub} event per record, continuously. Authenticates with the account's Entra app (grant it the role ${EVENT_HUBS_RECEIVER_ROLE} on the Event Hub) or with a SAS connection string stored in storage/passwords (realm ${PASSWORD_REALM}, user ${streamSecretUser('<input name>')}).`,
  useExternalValidation: true,
  useSingleInstance: false,
  streamingMode: 'xml',
  args: [
    { ...accountArg, requiredOnCreate: false, description: `Account (Entra app) granted ${EVENT_HUBS_RECEIVER_ROLE} on the Event Hub. Leave empty when the input uses a SAS connection string (stored in storage/passwords as ${streamSecretUser('<input name>')}).`, validate: (v) => (v ? validateAccountName(v) : undefined) },
    streamArg({ name: 'namespace', title: 'Event Hubs namespace', required: true, description: 'Fully qualified name of the Event Hubs namespace, e.g. contoso.servicebus.windows.net.', validate: stream.validateNamespace }),
    streamArg({ name: 'event_hub', title: 'Event Hub', required: true, description: "Name of the Event Hub that Defender's Streaming API writes to.", validate: stream.validateEventHub }),
    streamArg({ name: 'endpoint', title: 'Custom endpoint', description: 'Optional host[:port] to connect to instead of the namespace (a private endpoint, relay or test stand-in); TLS and tokens still name the namespace.', validate: stream.validateEndpoint }),
    streamArg({ name: 'consumer_group', title: 'Consumer group', default: stream.DEFAULT_CONSUMER_GROUP, description: `Consumer group to read with (default ${stream.DEFAULT_CONSUMER_GROUP}). Give Splunk a consumer group of its own: another reader in the same group takes partitions away from it.`, validate: stream.validateConsumerGroup }),
    streamArg({ name: 'tables', title: 'Tables', description: 'Optional comma list of advanced hunting tables to keep, e.g. DeviceProcessEvents,EmailEvents. Empty: every table, including tables Microsoft adds later.', validate: stream.validateTables }),
    streamArg({ name: 'start_position', title: 'Start position', default: 'latest', description: 'Where a new input starts: latest (events published from now on) or earliest (everything the Event Hub still retains). Restarts always continue from the checkpoint.', choices: [{ value: 'latest', label: 'latest' }, { value: 'earliest', label: 'earliest retained' }], validate: stream.validateStartPosition }),
    streamArg({ name: 'transport', title: 'Transport', default: 'amqp', description: 'amqp (AMQP over TLS, port 5671) or websockets (AMQP over WebSockets, port 443). WebSockets are used whenever a proxy is configured.', choices: stream.TRANSPORTS.map((t) => ({ value: t, label: t === 'amqp' ? 'AMQP (5671)' : 'AMQP over WebSockets (443)' })), validate: stream.validateTransport }),
    streamArg({ name: 'checkpoint_store', title: 'Checkpoint store', default: 'local', description: `local (checkpoints in splunkd's checkpoint_dir; one forwarder) or azure_blob (a Blob container shared by several forwarders, which then split the partitions between them; its connection string goes in storage/passwords as ${streamBlobSecretUser('<input name>')}, or the account needs Storage Blob Data Contributor on storage_account).`, choices: stream.CHECKPOINT_STORES.map((c) => ({ value: c, label: c === 'local' ? 'local (one forwarder)' : 'Azure Blob Storage (several forwarders)' })), validate: stream.validateCheckpointStore }),
    streamArg({ name: 'storage_account', title: 'Storage account', description: 'azure_blob with the Entra account only: the Blob service endpoint, e.g. https://contoso.blob.core.windows.net.', validate: stream.validateStorageAccount }),
    streamArg({ name: 'blob_container', title: 'Blob container', description: 'azure_blob only: the container for checkpoints and partition ownership.', validate: stream.validateContainer }),
    streamArg({ name: 'status_interval', title: 'Status interval', default: String(stream.DEFAULT_STATUS_INTERVAL_SECONDS), description: `Seconds between health lines (action=stream_status, one per partition) in ta_defender_sync.log (default ${stream.DEFAULT_STATUS_INTERVAL_SECONDS}).`, validate: stream.validateStatusInterval }),
    streamArg({ name: 'checkpoint_interval', title: 'Checkpoint interval', default: String(stream.DEFAULT_CHECKPOINT_INTERVAL_SECONDS), description: `Seconds between checkpoints per partition (default ${stream.DEFAULT_CHECKPOINT_INTERVAL_SECONDS}): a restart repeats at most the events of one interval.`, validate: stream.validateCheckpointInterval }),
  ],
  defaults: { interval: stream.DEFAULT_RESTART_INTERVAL_SECONDS, sourcetypes: [SOURCETYPE.eventhub] },
  secrets: [
    { name: 'connection_string', title: 'SAS connection string', description: `Instead of an account: the connection string of a shared access policy with Listen on the Event Hub or namespace. Kept in storage/passwords (user ${streamSecretUser('<input name>')}), never shown again.`, username: streamSecretUser },
    { name: 'blob_connection_string', title: 'Blob connection string', description: `checkpoint_store azure_blob: the storage account's connection string. Kept in storage/passwords (user ${streamBlobSecretUser('<input name>')}), never shown again.`, username: streamBlobSecretUser },
  ],
};

export const INPUT_DEFINITIONS: readonly InputDefinition[] = [incidentsInput, alertsInput, endpointAlertsInput, huntingInput, streamInput];
