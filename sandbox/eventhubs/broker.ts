// The AMQP 1.0 side of the stand-in, on rhea: connection open (which namespace), `$cbs` put-token,
// `$management` READ of hub and partition runtime information, and receiver links on
// `<hub>/ConsumerGroups/<group>/Partitions/<id>` with start filters, owner levels (epochs) and
// credit-driven delivery. Protocol details from streaming.md §4.1 and §5.3.
import rhea, { type Connection, type EventContext, type Message, type Receiver, type Sender } from 'rhea';
import { ConnectionGrants, type Authority, type Right } from './auth';
import { ehErrors, type AmqpError } from './errors';
import type { FaultQueue } from './faults';
import { parseStartFilter, type EventHub, type Partition } from './store';

const RECEIVER_ADDRESS = /^([^/]+)\/ConsumerGroups\/([^/]+)\/Partitions\/([^/]+)$/i;
const RUNTIME_METRIC = 'com.microsoft:enable-receiver-runtime-metric';
const EPOCH = 'com.microsoft:epoch';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export interface BrokerConfig {
  namespace: string;
  hubs: Map<string, EventHub>;
  authority: Authority;
  faults: FaultQueue;
  now: () => number;
}

/** One open receiver link (a consumer reading one partition). */
export interface ReceiverLink {
  sender: Sender;
  connection: Connection;
  hub: string;
  consumerGroup: string;
  partition: Partition;
  epoch: number | undefined;
  name: string;
  next: number;
  runtimeMetric: boolean;
  unsubscribe: () => void;
}

interface Attach {
  name?: string;
  source?: { address?: string; filter?: Record<string, unknown> } | null;
  target?: { address?: string } | null;
  properties?: Record<string, unknown> | null;
  desired_capabilities?: unknown;
}

const attachOf = (link: Sender | Receiver): Attach => ((link as unknown as { remote: { attach?: Attach } }).remote.attach ?? {});
const filterText = (v: unknown): string => (typeof v === 'string' ? v : typeof (v as { value?: unknown })?.value === 'string' ? (v as { value: string }).value : String(v ?? ''));
// rhea's typings want complete termini; echoing what the client sent is what brokers do.
const terminus = (t: unknown): never => (t ?? {}) as never;
const capabilities = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

export class Broker {
  readonly container = rhea.create_container({ id: 'defender-sync-eventhubs-standin' });
  readonly receivers = new Set<ReceiverLink>();
  private readonly grants = new WeakMap<Connection, ConnectionGrants>();
  readonly connections = new Set<Connection>();

  constructor(private readonly c: BrokerConfig) {
    const container = this.container;
    // Event Hubs takes SASL ANONYMOUS (or MSSBCBS) and authorises through $cbs afterwards.
    (container.sasl_server_mechanisms as { enable_anonymous(): void }).enable_anonymous();
    container.on('connection_open', (ctx: EventContext) => this.onConnectionOpen(ctx));
    container.on('sender_open', (ctx: EventContext) => this.onSenderOpen(ctx));
    container.on('receiver_open', (ctx: EventContext) => this.onReceiverOpen(ctx));
    container.on('message', (ctx: EventContext) => void this.onMessage(ctx));
    container.on('sendable', (ctx: EventContext) => {
      for (const r of this.receivers) if (r.sender === ctx.sender) this.pump(r);
    });
    const forgetLink = (ctx: EventContext): void => {
      for (const r of this.receivers) if (r.sender === ctx.sender) this.forget(r);
    };
    container.on('sender_close', forgetLink);
    container.on('sender_error', forgetLink);
    const forgetConnection = (ctx: EventContext): void => {
      this.connections.delete(ctx.connection);
      for (const r of this.receivers) if (r.connection === ctx.connection) this.forget(r);
    };
    container.on('connection_close', forgetConnection);
    container.on('connection_error', forgetConnection);
    container.on('disconnected', forgetConnection);
    // Errors of a client's own links end up here when nothing else handles them; they are the client's business.
    container.on('error', () => undefined);
  }

  private now(): number {
    return this.c.now();
  }

  private onConnectionOpen(ctx: EventContext): void {
    this.connections.add(ctx.connection);
    this.grants.set(ctx.connection, new ConnectionGrants());
  }

  /**
   * A namespace this stand-in is not. Azure would fail the DNS lookup; here the client reached us
   * through a custom endpoint, so every claim it puts for that namespace is answered "not found"
   * (closing the connection instead leaves the client retrying until its timeout).
   */
  private foreignHost(uri: string): string | undefined {
    const host = (/^[a-z]+:\/\/([^/:]+)/i.exec(uri)?.[1] ?? '').toLowerCase();
    return host && !LOOPBACK.has(host) && host !== this.c.namespace.toLowerCase() ? host : undefined;
  }

  private refuse(link: Sender | Receiver, error: AmqpError): void {
    link.set_source(terminus(null));
    link.close(error);
  }

  /** $cbs and $management are request-response endpoints: both link directions echo the client's termini. */
  private acceptControlLink(link: Sender | Receiver, address: string): boolean {
    if (address !== '$cbs' && address !== '$management') return false;
    const attach = attachOf(link);
    link.set_source(terminus(attach.source ?? { address }));
    link.set_target(terminus(attach.target ?? { address }));
    return true;
  }

  /** The client opens a receiver: a reply link of $cbs/$management, or a partition consumer. */
  private onSenderOpen(ctx: EventContext): void {
    const sender = ctx.sender as Sender;
    const attach = attachOf(sender);
    const address = attach.source?.address ?? '';
    if (this.acceptControlLink(sender, address)) return;
    const fault = this.c.faults.take('attach');
    if (fault) return this.refuse(sender, fault);
    const m = RECEIVER_ADDRESS.exec(address);
    const hub = m ? this.c.hubs.get((m[1] as string).toLowerCase()) : undefined;
    if (!m || !hub) return this.refuse(sender, ehErrors.hubNotFound(this.c.namespace, m ? m[1] as string : address, this.now()));
    const [, , group, partitionId] = m as unknown as [string, string, string, string];
    if (!hub.hasConsumerGroup(group)) return this.refuse(sender, ehErrors.consumerGroupNotFound(this.c.namespace, hub.name, group, this.now()));
    const partition = hub.partition(partitionId);
    if (!partition) return this.refuse(sender, ehErrors.partitionOutOfRange(hub.partitions.length, this.now()));
    const resource = `sb://${this.c.namespace}/${hub.name}/consumergroups/${group}/partitions/${partitionId}`.toLowerCase();
    const denied = this.authorise(ctx.connection, resource, 'Listen');
    if (denied) return this.refuse(sender, denied);

    const filters = attach.source?.filter ?? {};
    const selector = Object.entries(filters).find(([k]) => k.toLowerCase().includes('selector-filter'));
    const filter = selector ? filterText(selector[1]) : "amqp.annotation.x-opt-offset > '@latest'";
    const start = parseStartFilter(filter);
    if (!start) return this.refuse(sender, ehErrors.badFilter(filter, this.now()));

    const rawEpoch = attach.properties?.[EPOCH];
    const epoch = rawEpoch === undefined || rawEpoch === null ? undefined : Number(rawEpoch);
    const name = String(attach.properties?.['com.microsoft:receiver-name'] ?? attach.name ?? 'nil');
    const peers = [...this.receivers].filter((r) => r.partition === partition && r.hub === hub.name && r.consumerGroup.toLowerCase() === group.toLowerCase());
    const holder = Math.max(-Infinity, ...peers.map((r) => r.epoch ?? -Infinity));
    if (epoch !== undefined) {
      if (holder > epoch) return this.refuse(sender, ehErrors.lowerEpoch(name, epoch, holder, this.now()));
      for (const old of peers) this.detach(old, ehErrors.epochStolen(name, epoch, old.name, old.epoch, this.now()));
    } else {
      if (holder > -Infinity) return this.refuse(sender, ehErrors.nonEpochNotAllowed(holder, this.now()));
      if (peers.length >= 5) return this.refuse(sender, ehErrors.tooManyReceivers(this.now()));
    }

    sender.set_source(terminus(attach.source ?? { address }));
    sender.set_target(terminus(attach.target));
    const link: ReceiverLink = {
      sender, connection: ctx.connection, hub: hub.name, consumerGroup: group, partition, epoch, name,
      next: partition.startIndex(start), runtimeMetric: capabilities(attach.desired_capabilities).includes(RUNTIME_METRIC),
      unsubscribe: () => undefined,
    };
    link.unsubscribe = partition.onAppend(() => this.pump(link));
    this.receivers.add(link);
  }

  /** The client opens a sender: the request side of $cbs/$management. Publishing over AMQP is not offered. */
  private onReceiverOpen(ctx: EventContext): void {
    const receiver = ctx.receiver as Receiver;
    const attach = attachOf(receiver);
    if (this.acceptControlLink(receiver, attach.target?.address ?? '')) return;
    this.refuse(receiver, { condition: 'amqp:not-implemented', description: 'The Event Hubs stand-in takes events through its control API (publish), not over AMQP.' });
  }

  /** Missing or insufficient claims for `resource`, as the error to answer with; undefined when allowed. */
  private authorise(connection: Connection, resource: string, right: Right): AmqpError | undefined {
    const grant = this.grants.get(connection)?.covering(resource, this.now());
    if (!grant) return ehErrors.noToken(resource, this.now());
    if (!grant.rights.includes(right)) return ehErrors.unauthorized(right, resource, this.now());
    return undefined;
  }

  private reply(ctx: EventContext, request: Message, endpoint: string, status: number, description: string, body?: unknown, condition?: string): void {
    const replyTo = request.reply_to;
    let target: Sender | undefined;
    ctx.connection.each_link((link: Sender | Receiver) => {
      if (target || !link.is_sender()) return;
      const a = attachOf(link);
      if (a.source?.address !== endpoint) return;
      if (a.name === replyTo || a.target?.address === replyTo || replyTo === undefined) target = link as Sender;
    });
    if (!target) return;
    const application_properties: Record<string, unknown> = { 'status-code': status, 'status-description': description };
    if (condition) application_properties['error-condition'] = condition;
    target.send({ to: replyTo, correlation_id: request.message_id, application_properties, body: body ?? null } as Message);
  }

  private async onMessage(ctx: EventContext): Promise<void> {
    const message = ctx.message as Message;
    const endpoint = attachOf(ctx.receiver as Receiver).target?.address;
    const props = (message.application_properties ?? {}) as Record<string, unknown>;
    if (endpoint === '$cbs') return this.onPutToken(ctx, message, props);
    if (endpoint === '$management') return this.onManagement(ctx, message, props);
  }

  private async onPutToken(ctx: EventContext, message: Message, props: Record<string, unknown>): Promise<void> {
    const fault = this.c.faults.take('put-token');
    if (fault) return this.reply(ctx, message, '$cbs', 401, fault.description);
    if (props.operation !== 'put-token') return this.reply(ctx, message, '$cbs', 400, `Unsupported $cbs operation '${String(props.operation)}'.`);
    const audience = String(props.name ?? '');
    const foreign = this.foreignHost(audience);
    if (foreign) return this.reply(ctx, message, '$cbs', 404, ehErrors.namespaceNotFound(foreign, this.now()).description);
    const token = Buffer.isBuffer(message.body) ? message.body.toString('utf8') : String(message.body ?? '');
    const verdict = await this.c.authority.verify(String(props.type ?? ''), token, audience);
    if (!verdict.ok) return this.reply(ctx, message, '$cbs', verdict.status, verdict.description);
    this.grants.get(ctx.connection)?.put(verdict.grant);
    this.reply(ctx, message, '$cbs', 202, 'Accepted');
  }

  private async onManagement(ctx: EventContext, message: Message, props: Record<string, unknown>): Promise<void> {
    const now = this.now();
    const fault = this.c.faults.take('management');
    if (fault) return this.reply(ctx, message, '$management', 503, fault.description, undefined, fault.condition);
    const hubName = String(props.name ?? '');
    const hub = this.c.hubs.get(hubName.toLowerCase());
    if (props.operation !== 'READ') return this.reply(ctx, message, '$management', 400, `Unsupported operation '${String(props.operation)}'.`, undefined, 'com.microsoft:argument-error');
    if (!hub) {
      const e = ehErrors.hubNotFound(this.c.namespace, hubName, now);
      return this.reply(ctx, message, '$management', 404, e.description, undefined, e.condition);
    }
    // The request carries its own token (security_token); without one, a token put on $cbs still counts.
    const resource = `sb://${this.c.namespace}/${hub.name}`;
    const token = props.security_token;
    let denied: AmqpError | undefined;
    if (typeof token === 'string' && token) {
      const verdict = await this.c.authority.verify(token.startsWith('SharedAccessSignature') ? 'servicebus.windows.net:sastoken' : 'jwt', token, resource);
      if (!verdict.ok) denied = { condition: 'amqp:unauthorized-access', description: verdict.description };
      else if (!verdict.grant.rights.some((r) => r === 'Listen' || r === 'Manage')) denied = ehErrors.unauthorized('Listen', resource, now);
    } else {
      denied = this.authorise(ctx.connection, resource, 'Listen');
    }
    if (denied) return this.reply(ctx, message, '$management', 401, denied.description, undefined, denied.condition);
    if (props.type === 'com.microsoft:eventhub') {
      const info = hub.info();
      info.partition_ids = rhea.types.wrap_array(info.partition_ids, 0xa1, undefined);
      return this.reply(ctx, message, '$management', 200, 'OK', info);
    }
    if (props.type === 'com.microsoft:partition') {
      const partition = hub.partition(String(props.partition ?? ''));
      if (!partition) {
        const e = ehErrors.partitionOutOfRange(hub.partitions.length, now);
        return this.reply(ctx, message, '$management', 400, e.description, undefined, e.condition);
      }
      const info = partition.info(hub.name);
      info.begin_sequence_number = rhea.types.wrap_long(info.begin_sequence_number as number);
      info.last_enqueued_sequence_number = rhea.types.wrap_long(info.last_enqueued_sequence_number as number);
      return this.reply(ctx, message, '$management', 200, 'OK', info);
    }
    return this.reply(ctx, message, '$management', 400, `Unsupported type '${String(props.type)}'.`, undefined, 'com.microsoft:argument-error');
  }

  /** Sends what the link has credit for. */
  pump(link: ReceiverLink): void {
    const events = link.partition.events;
    while (link.next < events.length && link.sender.sendable()) {
      const e = events[link.next++]!;
      const message: Message = {
        body: rhea.message.data_section(e.body),
        message_annotations: {
          'x-opt-sequence-number': rhea.types.wrap_long(e.sequenceNumber),
          'x-opt-offset': e.offset,
          'x-opt-enqueued-time': new Date(e.enqueuedMs),
        },
      } as Message;
      if (link.runtimeMetric) {
        const last = events[events.length - 1]!;
        message.delivery_annotations = {
          last_enqueued_sequence_number: rhea.types.wrap_long(last.sequenceNumber),
          last_enqueued_offset: last.offset,
          last_enqueued_time_utc: new Date(last.enqueuedMs),
          runtime_info_retrieval_time_utc: new Date(this.now()),
        };
      }
      link.sender.send(message);
    }
  }

  /** Closes a consumer's link from the service side with `error`. */
  detach(link: ReceiverLink, error: AmqpError): void {
    this.forget(link);
    link.sender.close(error);
  }

  private forget(link: ReceiverLink): void {
    link.unsubscribe();
    this.receivers.delete(link);
  }
}
