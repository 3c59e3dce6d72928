// Test-side helpers for the Event Hubs stand-in: an Entra TokenCredential that asks the simulator's
// token endpoint (as msal-node would, scope normalised from the client's `…//.default`), WebSocket
// client options that trust the stand-in's CA, and a bounded reader over the real EventHubConsumerClient.
import { EventHubConsumerClient, type EventPosition, type ReceivedEventData, type SubscribeOptions } from '@azure/event-hubs';
import WebSocket from 'ws';
import type { EventHubs } from '../../sandbox/eventhubs';
import type { Simulator } from '../../sandbox/simulator';
import { call } from '../simulator/helpers';

export function simulatorCredential(sim: Simulator, appIndex = 0, tenantIndex = 0) {
  const tenant = sim.tenants[tenantIndex]!;
  const app = tenant.apps[appIndex]!;
  const requested: string[] = [];
  return {
    requested,
    async getToken(scopes: string | string[]) {
      const scope = (Array.isArray(scopes) ? scopes[0]! : scopes).replace(/\/+\.default$/, '/.default');
      requested.push(scope);
      const r = await call(sim, 'POST', `${sim.loginUrl}/${tenant.tenantId}/oauth2/v2.0/token`, {
        form: { grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret!, scope },
      });
      if (r.status !== 200) throw new Error(`token request failed: ${r.status} ${r.text}`);
      return { token: r.json.access_token as string, expiresOnTimestamp: Date.now() + (r.json.expires_in as number) * 1000 };
    },
  };
}

/** Client options for AMQP over secure WebSockets to the stand-in (the namespace stays the AMQP hostname). */
export function overWebSockets(eh: EventHubs) {
  return {
    customEndpointAddress: eh.endpoints.wss,
    webSocketOptions: { webSocket: WebSocket as never, webSocketConstructorOptions: { ca: eh.caPem } },
    retryOptions: { maxRetries: 0, timeoutInMs: 5000 },
  };
}

export interface ReadResult {
  events: ReceivedEventData[];
  errors: Error[];
}

/**
 * Subscribes until `until(events)` holds, an error arrives (when stopOnError) or `timeoutMs` passes;
 * always closes the subscription.
 */
export async function read(
  client: EventHubConsumerClient,
  o: { partition?: string; until: (events: ReceivedEventData[]) => boolean; startPosition?: EventPosition | Record<string, EventPosition>; timeoutMs?: number; stopOnError?: boolean; options?: SubscribeOptions },
): Promise<ReadResult> {
  const events: ReceivedEventData[] = [];
  const errors: Error[] = [];
  await new Promise<void>((resolve) => {
    let finished = false;
    const handlers = {
      processEvents: async (batch: ReceivedEventData[]) => {
        events.push(...batch);
        if (!finished && o.until(events)) finish();
      },
      processError: async (err: Error) => {
        errors.push(err);
        if (o.stopOnError !== false) finish();
      },
    };
    const options: SubscribeOptions = { maxBatchSize: 100, maxWaitTimeInSeconds: 0.2, ...(o.startPosition ? { startPosition: o.startPosition } : {}), ...o.options };
    const sub = o.partition === undefined ? client.subscribe(handlers, options) : client.subscribe(o.partition, handlers, options);
    const timer = setTimeout(() => finish(), o.timeoutMs ?? 8000);
    function finish(): void {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      void sub.close().then(() => resolve(), () => resolve());
    }
  });
  return { events, errors };
}

/** Records of a Streaming API message body (object with records, or a bare array). */
export function recordsOf(body: unknown): Array<Record<string, any>> {
  if (Array.isArray(body)) return body as Array<Record<string, any>>;
  return ((body as { records?: unknown })?.records ?? []) as Array<Record<string, any>>;
}

/**
 * Runs `fn` with timers of 10 minutes or more unref'd. @azure/event-hubs 6.0.4 starts a new 45-minute
 * token-renewal loop each time it reconnects a receiver after the service detached it and never stops
 * the old one (partitionReceiver connect() overwrites authLoop), which would keep mocha alive after
 * the tests. A long-running input only carries the timer; a test process must be able to exit.
 */
export async function withSdkRenewalTimersUnref<T>(fn: () => Promise<T>): Promise<T> {
  const original = globalThis.setTimeout;
  globalThis.setTimeout = ((handler: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const t = original(handler, ms, ...args);
    if ((ms ?? 0) >= 600_000) t.unref();
    return t;
  }) as typeof setTimeout;
  try {
    return await fn();
  } finally {
    globalThis.setTimeout = original;
  }
}
