// The real @azure/event-hubs consumer for one input: SAS connection string or our Entra account, AMQP over TLS
// (5671) or AMQP over WebSockets (443, always through a configured proxy), the admin's CA bundle trusted, the
// partner User-Agent on the connection, and greedy load balancing (one forwarder owns every partition at once;
// several forwarders on the Blob store still split them evenly).
import { EventHubConsumerClient, parseEventHubConnectionString, type CheckpointStore, type TokenCredential } from '@azure/event-hubs';
import * as tls from 'node:tls';
import WebSocket from 'ws';
import { partnerUserAgent } from '../config/names';
import type { Settings } from '../config/settings';
import { APP_VERSION } from '../config/version';
import { proxyAgent, trustedCertificates } from '../defender/transport';
import { StreamConfigError } from './errors';
import type { StreamParams } from './params';

export type StreamAuth = { kind: 'sas'; connectionString: string } | { kind: 'token'; credential: TokenCredential };

export interface ClientOptions {
  params: StreamParams;
  auth: StreamAuth;
  store: CheckpointStore;
  settings: Settings;
  proxyPassword?: string;
  /** Load balancing timings (tests shorten them; defaults are the SDK's). */
  loadBalancing?: { updateIntervalInMs?: number; partitionOwnershipExpirationIntervalInMs?: number };
  /** The client's name: its ownerId in the Blob store and in the SDK's log. */
  identifier: string;
  /** Called with the proxy's answer when it refuses a CONNECT (the SDK only sees a closed socket). */
  onProxyRefusal?: (status: number) => void;
}

/** host[:port] without the port, lower case. */
const hostOf = (hostPort: string): string => hostPort.replace(/:\d+$/, '').toLowerCase();

/** Checks a stored SAS connection string against the input; the message never contains the string. */
export function checkConnectionString(connectionString: string, params: StreamParams, secretUser: string): void {
  let parsed: ReturnType<typeof parseEventHubConnectionString>;
  try {
    parsed = parseEventHubConnectionString(connectionString);
  } catch {
    throw new StreamConfigError(
      `the connection string in storage/passwords (user ${secretUser}) is not an Event Hubs connection string: paste the one of a shared access policy with Listen (Endpoint=sb://<namespace>/;SharedAccessKeyName=...;SharedAccessKey=...)`,
    );
  }
  const endpointHost = hostOf(parsed.endpoint.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, ''));
  if (endpointHost !== hostOf(params.namespace))
    throw new StreamConfigError(`the stored connection string is for namespace ${endpointHost}, but the input's namespace is ${params.namespace}: fix one of them`);
  if (parsed.eventHubName && parsed.eventHubName !== params.eventHub)
    throw new StreamConfigError(`the stored connection string is for Event Hub ${parsed.eventHubName}, but the input's event_hub is ${params.eventHub}: fix one of them`);
}

let trustedProcessWide: string | undefined;

/**
 * AMQP over TLS and the Blob checkpoint store open their sockets inside the Azure SDKs, which take no CA option:
 * the bundle is added to the process's default trust store instead (Node ≥ 22.19; the packaged runtime has it).
 * Older runtimes only trust NODE_EXTRA_CA_CERTS and the system store there, which the error message then says.
 */
export function trustProcessWide(caBundle: string | undefined): void {
  if (!caBundle || trustedProcessWide === caBundle) return;
  const setDefault = (tls as { setDefaultCACertificates?: (certs: string[]) => void }).setDefaultCACertificates;
  const all = trustedCertificates(caBundle);
  if (setDefault && all) {
    setDefault(all);
    trustedProcessWide = caBundle;
  }
}

export function usesWebSockets(params: StreamParams, settings: Settings): boolean {
  return params.transport === 'websockets' || settings.proxy !== undefined;
}

export function createConsumerClient(o: ClientOptions): EventHubConsumerClient {
  const { params, settings } = o;
  const caBundle = settings.network.caBundle;
  const ca = trustedCertificates(caBundle);
  let webSocketOptions: { webSocket: unknown; webSocketConstructorOptions: Record<string, unknown> } | undefined;
  if (usesWebSockets(params, settings)) {
    const agent = settings.proxy ? proxyAgent({ ...settings.proxy, ...(o.proxyPassword ? { password: o.proxyPassword } : {}) }, ca) : undefined;
    agent?.on('proxyConnect', (connect: { statusCode?: number }) => {
      if (connect.statusCode !== 200) o.onProxyRefusal?.(connect.statusCode ?? 0);
    });
    webSocketOptions = { webSocket: WebSocket, webSocketConstructorOptions: { ...(agent ? { agent } : {}), ...(ca ? { ca } : {}) } };
  } else trustProcessWide(caBundle);
  const options = {
    userAgent: partnerUserAgent(APP_VERSION),
    identifier: o.identifier,
    ...(webSocketOptions ? { webSocketOptions: webSocketOptions as never } : {}),
    loadBalancingOptions: { strategy: 'greedy' as const, ...o.loadBalancing },
    ...(params.endpoint ? { customEndpointAddress: `sb://${params.endpoint}` } : {}),
    retryOptions: { maxRetries: 3, retryDelayInMs: 1000, maxRetryDelayInMs: 30_000, timeoutInMs: 60_000 },
  };
  if (o.auth.kind === 'sas')
    return new EventHubConsumerClient(params.consumerGroup, o.auth.connectionString, params.eventHub, o.store, options);
  return new EventHubConsumerClient(params.consumerGroup, params.namespace, params.eventHub, o.auth.credential, o.store, options);
}
