// Assembles the Event Hubs stand-in: one namespace with its event hubs, shared access keys and
// role assignments, listening on loopback over AMQP (plain, for `UseDevelopmentEmulator=true`
// connection strings), AMQPS (TLS) and AMQP over secure WebSockets (`/$servicebus/websocket`), plus
// the in-process control API tests and the demo use to publish, grow, detach and break things.
import { randomBytes } from 'node:crypto';
import { createServer as createHttpsServer, get as httpsGet } from 'node:https';
import type { Server } from 'node:net';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { WebSocketServer } from 'ws';
import type { Simulator } from '../simulator';
import { huntingWorld, type HuntingWorld, type StreamingRecord } from '../simulator/tables';
import { createServerTls } from '../simulator/tls';
import { Authority, type RoleAssignment, type Right, type SasKey } from './auth';
import { Broker } from './broker';
import { ehErrors } from './errors';
import { FaultQueue, type FaultSpec } from './faults';
import { MALFORMED_KINDS, malformedBody, messageBody, RecordStream } from './publisher';
import { EventHub } from './store';

export interface HubSpec {
  name: string;
  /** Default 4. */
  partitions?: number;
  /** Default `$Default` and `splunk`. */
  consumerGroups?: string[];
}

export interface EventHubsOptions {
  /** Namespace FQDN clients name (AMQP hostname, audiences). Default `defender-sync.servicebus.windows.net`. */
  namespace?: string;
  /** Default one hub `defender-xdr` with 4 partitions. */
  hubs?: HubSpec[];
  /** Default RootManageSharedAccessKey (all rights), `splunk-listen` (Listen), `defender-send` (Send), random keys. */
  sasKeys?: Array<{ name: string; key?: string; rights: Right[] }>;
  /** Azure RBAC on the namespace. With a simulator and none given: every tenant's first two apps are Data Receivers. */
  roleAssignments?: RoleAssignment[];
  /** Entra tokens are checked against this simulator's signing keys; its tenants' data is what gets published. */
  simulator?: Simulator;
  /** Signing keys for Entra tokens when there is no simulator. */
  jwks?: JSONWebKeySet;
  /** World to publish from when there is no simulator (or to override the simulator's first tenant). */
  world?: HuntingWorld;
  /** Advanced-hunting rows per table-hour published (see tables/rows.ts). Default 60, as the simulator's hunting API (pass its hunting.rowsPerHour if you changed it). */
  rowsPerHour?: number;
  /** Timestamp of the first published record. Default one hour before start. */
  streamStartMs?: number;
  /** Where the TLS CA lives (reused when it exists, like the simulator's `--ca-dir`). Default a temp dir. */
  caDir?: string;
  now?: () => number;
}

export interface PublishOptions {
  /** Records to publish (malformed messages come on top). */
  records: number;
  hub?: string;
  /** One partition for every message; default round-robin over the hub's partitions. */
  partition?: string;
  /** Records per message (default 100; Defender batches many records per message). */
  batchSize?: number;
  /** Every n-th message is a bare JSON array instead of `{"records":[…]}` (0 = never, the default). */
  bareArrayEvery?: number;
  /** After every n-th message, one malformed message (cycling through the kinds; 0 = never, the default). */
  malformedEvery?: number;
  /** Only these tables (default all 21). */
  tables?: string[];
  /** Tenant whose records to publish (default the simulator's first, or the world's). */
  tenantId?: string;
  /** Return the published records (tests; keep it off for big runs). */
  collect?: boolean;
  /**
   * Bulk mode for benchmarks: only this many distinct messages are generated, then their bodies repeat
   * (one shared Buffer each), so a million records cost a few MB and no generation time. Records are
   * then no longer unique. Default: every message distinct.
   */
  distinctMessages?: number;
}

export interface PublishResult {
  records: number;
  messages: number;
  malformed: number;
  byTable: Record<string, number>;
  byPartition: Record<string, number>;
  published?: StreamingRecord[];
}

export interface ReceiverInfo {
  hub: string;
  consumerGroup: string;
  partition: string;
  epoch: number | undefined;
  name: string;
}

export interface EventHubs {
  readonly namespace: string;
  readonly host: string;
  readonly ports: { amqp: number; amqps: number; wss: number };
  /** `customEndpointAddress` values that reach this stand-in while clients keep naming the namespace. */
  readonly endpoints: { amqps: string; wss: string };
  readonly caPem: string;
  readonly caFile: string;
  /** Its loopback server certificate (127.0.0.1, localhost, the namespace) and key, signed by that CA: other
   *  loopback services (Azurite over HTTPS) can serve under the same trust. */
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
  readonly sasKeys: readonly SasKey[];
  readonly hubNames: readonly string[];
  /**
   * A SAS connection string. `transport: 'amqp'` (default) is plain TCP with `UseDevelopmentEmulator=true`;
   * `'amqps'` is TLS to localhost (trust `caFile`). Key default: `splunk-listen`. EntityPath only when `hub` is given.
   */
  connectionString(o?: { hub?: string; keyName?: string; transport?: 'amqp' | 'amqps' }): string;
  publish(o: PublishOptions): PublishResult;
  /** Appends one message with exactly this body (bad bodies, custom shapes). */
  publishRaw(hub: string, partition: string, body: Buffer | string): { sequenceNumber: number; offset: string };
  /** Grows a hub by `count` partitions (Premium/Dedicated); the rest stays as it was. */
  addPartitions(hub: string, count: number): void;
  /** Deletes a consumer group (as in the portal): its readers are detached with the group's not-found error. */
  deleteConsumerGroup(hub: string, group: string): void;
  /** Detaches matching consumer links from the service side (`amqp:link:detach-forced`); returns how many. */
  detach(filter?: { hub?: string; partition?: string; consumerGroup?: string }): number;
  /** Drops every client connection without a goodbye (network failure). */
  dropConnections(): number;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  receivers(): ReceiverInfo[];
  /** Last enqueued sequence number per partition (-1 when empty). */
  lastSequenceNumbers(hub?: string): Record<string, number>;
  stop(): Promise<void>;
}

const DEFAULT_NAMESPACE = 'defender-sync.servicebus.windows.net';

function fetchJson(url: string, ca: string): Promise<JSONWebKeySet> {
  return new Promise((resolve, reject) => {
    httpsGet(url, { ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as JSONWebKeySet);
        } catch (e) {
          reject(e);
        }
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

function listening(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    const port = (): number => (server.address() as { port: number }).port;
    if (server.listening) return resolve(port());
    server.once('listening', () => resolve(port()));
    server.once('error', reject);
  });
}

export async function startEventHubs(options: EventHubsOptions = {}): Promise<EventHubs> {
  const now = options.now ?? Date.now;
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const ownDir = options.caDir === undefined;
  const dir = options.caDir ?? await mkdtemp(join(tmpdir(), 'defender-sync-eventhubs-'));
  if (!ownDir) await mkdir(dir, { recursive: true });
  const tls = await createServerTls(dir, !ownDir, now(), [namespace]);

  const hubs = new Map<string, EventHub>();
  for (const h of options.hubs ?? [{ name: 'defender-xdr' }]) {
    hubs.set(h.name.toLowerCase(), new EventHub(h.name, h.partitions ?? 4, h.consumerGroups ?? ['$Default', 'splunk'], now()));
  }
  const sasKeys: SasKey[] = (options.sasKeys ?? [
    { name: 'RootManageSharedAccessKey', rights: ['Listen', 'Send', 'Manage'] },
    { name: 'splunk-listen', rights: ['Listen'] },
    { name: 'defender-send', rights: ['Send'] },
  ]).map((k) => ({ name: k.name, key: k.key ?? randomBytes(32).toString('base64'), rights: [...k.rights] }));

  const sim = options.simulator;
  const assignments = options.roleAssignments ?? (sim ? sim.tenants.flatMap((t) => t.apps.slice(0, 2).map((a) => ({ principalId: a.clientId, role: 'Azure Event Hubs Data Receiver' as const }))) : []);
  const loadJwks = options.jwks ? async () => options.jwks as JSONWebKeySet
    : sim ? () => fetchJson(`${sim.loginUrl}/${sim.tenants[0]!.tenantId}/discovery/v2.0/keys`, sim.caPem) : undefined;
  const authority = new Authority(sasKeys, assignments, loadJwks, now);
  const faults = new FaultQueue();
  const broker = new Broker({ namespace, hubs, authority, faults, now });

  // Worlds per tenant, built on first use: the same tenants, devices and alerts as the simulator serves.
  const worlds = new Map<string, HuntingWorld>();
  if (options.world) worlds.set(options.world.tenantId, options.world);
  const worldOf = (tenantId?: string): HuntingWorld => {
    const id = tenantId ?? options.world?.tenantId ?? sim?.tenants[0]?.tenantId;
    if (!id) throw new Error('publish: no tenant to publish for; start the stand-in with a simulator or a world');
    let w = worlds.get(id);
    if (!w) {
      if (!sim) throw new Error(`publish: unknown tenant ${id}`);
      // The same world as the simulator's hunting API builds (seed, rows per hour): a streamed row is a hunted row.
      w = huntingWorld(sim.data.tenant(id), { seed: sim.seed, ...(options.rowsPerHour !== undefined ? { rowsPerHour: options.rowsPerHour } : {}) });
      worlds.set(id, w);
    }
    return w;
  };
  const streams = new Map<string, RecordStream>();
  const startMs = options.streamStartMs ?? now() - 3_600_000;
  let roundRobin = 0;
  let malformedCycle = 0;

  const hubOf = (name?: string): EventHub => {
    const hub = name === undefined ? hubs.values().next().value : hubs.get(name.toLowerCase());
    if (!hub) throw new Error(`unknown event hub '${name}'; hubs: ${[...hubs.values()].map((h) => h.name).join(', ')}`);
    return hub;
  };

  // Listeners: loopback only.
  const sockets = new Set<import('node:net').Socket>();
  const track = <S extends Server>(server: S): S => {
    server.on('connection', (s: import('node:net').Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    return server;
  };
  const amqpServer = track(broker.container.listen({ host: '127.0.0.1', port: 0 }) as unknown as Server);
  const amqpsServer = track(broker.container.listen({ host: '127.0.0.1', port: 0, transport: 'tls', key: tls.keyPem, cert: tls.certPem } as never) as unknown as Server);
  amqpsServer.on('secureConnection', (s: import('node:net').Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const httpsServer = createHttpsServer({ key: tls.keyPem, cert: tls.certPem });
  track(httpsServer);
  const wss = new WebSocketServer({
    server: httpsServer,
    path: '/$servicebus/websocket',
    handleProtocols: (protocols) => (protocols.has('AMQPWSB10') ? 'AMQPWSB10' : false),
  });
  wss.on('connection', (ws) => broker.container.websocket_accept(ws as never, undefined as never));
  httpsServer.listen(0, '127.0.0.1');
  const [amqp, amqps, wssPort] = await Promise.all([listening(amqpServer), listening(amqpsServer), listening(httpsServer)]);

  const keyOf = (name: string): SasKey => {
    const k = sasKeys.find((s) => s.name === name);
    if (!k) throw new Error(`unknown shared access key '${name}'; keys: ${sasKeys.map((s) => s.name).join(', ')}`);
    return k;
  };

  return {
    namespace,
    host: '127.0.0.1',
    ports: { amqp, amqps, wss: wssPort },
    endpoints: { amqps: `amqps://127.0.0.1:${amqps}`, wss: `https://127.0.0.1:${wssPort}` },
    caPem: tls.caPem,
    caFile: tls.caFile,
    serverCertPem: tls.certPem,
    serverKeyPem: tls.keyPem,
    sasKeys,
    hubNames: [...hubs.values()].map((h) => h.name),

    connectionString(o = {}) {
      const key = keyOf(o.keyName ?? 'splunk-listen');
      const endpoint = o.transport === 'amqps' ? `sb://localhost:${amqps}/` : `sb://127.0.0.1:${amqp}/`;
      return `Endpoint=${endpoint};SharedAccessKeyName=${key.name};SharedAccessKey=${key.key}${o.hub ? `;EntityPath=${o.hub}` : ''}${o.transport === 'amqps' ? '' : ';UseDevelopmentEmulator=true'}`;
    },

    publish(o) {
      const hub = hubOf(o.hub);
      const world = worldOf(o.tenantId);
      const tables = o.tables ?? [];
      const streamKey = `${world.tenantId}|${tables.join(',')}`;
      let stream = streams.get(streamKey);
      if (!stream) {
        stream = new RecordStream(world, startMs, o.tables);
        streams.set(streamKey, stream);
      }
      const result: PublishResult = { records: 0, messages: 0, malformed: 0, byTable: {}, byPartition: {}, ...(o.collect ? { published: [] } : {}) };
      const batch = Math.max(1, o.batchSize ?? 100);
      const target = (): EventHub['partitions'][number] => {
        if (o.partition !== undefined) {
          const p = hub.partition(o.partition);
          if (!p) throw new Error(`event hub '${hub.name}' has no partition '${o.partition}' (0–${hub.partitions.length - 1})`);
          return p;
        }
        return hub.partitions[roundRobin++ % hub.partitions.length]!;
      };
      const distinct: Array<{ message: ReturnType<RecordStream['next']>; body: Buffer }> = [];
      while (result.records < o.records) {
        const bare = (o.bareArrayEvery ?? 0) > 0 && (result.messages + 1) % (o.bareArrayEvery as number) === 0;
        const repeat = o.distinctMessages !== undefined && distinct.length >= Math.max(1, o.distinctMessages)
          ? distinct[result.messages % distinct.length]!
          : undefined;
        const message = repeat?.message.records.length !== undefined && repeat.message.records.length <= o.records - result.records
          ? repeat.message
          : stream.next(Math.min(batch, o.records - result.records));
        const body = repeat && message === repeat.message ? repeat.body : messageBody(message.records, bare);
        if (o.distinctMessages !== undefined && !repeat) distinct.push({ message, body });
        const partition = target();
        partition.append(body, now());
        result.messages++;
        result.records += message.records.length;
        result.byTable[message.table] = (result.byTable[message.table] ?? 0) + message.records.length;
        result.byPartition[partition.id] = (result.byPartition[partition.id] ?? 0) + message.records.length;
        result.published?.push(...message.records);
        if ((o.malformedEvery ?? 0) > 0 && result.messages % (o.malformedEvery as number) === 0) {
          target().append(malformedBody(MALFORMED_KINDS[malformedCycle++ % MALFORMED_KINDS.length]!), now());
          result.malformed++;
        }
      }
      return result;
    },

    publishRaw(hubName, partitionId, body) {
      const hub = hubOf(hubName);
      const p = hub.partition(partitionId);
      if (!p) throw new Error(`event hub '${hub.name}' has no partition '${partitionId}'`);
      const e = p.append(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), now());
      return { sequenceNumber: e.sequenceNumber, offset: e.offset };
    },

    addPartitions(hubName, count) {
      hubOf(hubName).addPartitions(count);
    },

    deleteConsumerGroup(hubName, group) {
      const hub = hubOf(hubName);
      if (!hub.removeConsumerGroup(group)) throw new Error(`event hub '${hub.name}' has no consumer group '${group}'`);
      for (const r of [...broker.receivers])
        if (r.hub === hub.name && r.consumerGroup.toLowerCase() === group.toLowerCase()) broker.detach(r, ehErrors.consumerGroupNotFound(namespace, hub.name, group, now()));
    },

    detach(filter = {}) {
      let n = 0;
      for (const r of [...broker.receivers]) {
        if (filter.hub !== undefined && r.hub.toLowerCase() !== filter.hub.toLowerCase()) continue;
        if (filter.partition !== undefined && r.partition.id !== filter.partition) continue;
        if (filter.consumerGroup !== undefined && r.consumerGroup.toLowerCase() !== filter.consumerGroup.toLowerCase()) continue;
        broker.detach(r, ehErrors.detachForced(now()));
        n++;
      }
      return n;
    },

    dropConnections() {
      const n = sockets.size;
      for (const s of sockets) s.destroy();
      for (const ws of wss.clients) ws.terminate();
      return n;
    },

    injectFault: (spec) => faults.add(spec),
    clearFaults: () => faults.clear(),

    receivers() {
      return [...broker.receivers].map((r) => ({ hub: r.hub, consumerGroup: r.consumerGroup, partition: r.partition.id, epoch: r.epoch, name: r.name }));
    },

    lastSequenceNumbers(hubName) {
      const out: Record<string, number> = {};
      for (const p of hubOf(hubName).partitions) out[p.id] = p.events.length - 1;
      return out;
    },

    async stop() {
      for (const s of sockets) s.destroy();
      for (const ws of wss.clients) ws.terminate();
      await Promise.all([amqpServer, amqpsServer, httpsServer].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      wss.close();
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

