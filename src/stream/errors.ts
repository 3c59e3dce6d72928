// What went wrong talking to Event Hubs, as one actionable message and an error_code for the health line.
// `fatal` errors need an admin (wrong name, missing role, missing consumer group): the input stops reading and
// tries again after a growing pause instead of hammering the service; the others are the SDK's to retry.
import { EVENT_HUBS_RECEIVER_ROLE } from '../config/names';
import { DefenderError } from '../defender/errors';

export interface StreamContext {
  input: string;
  namespace: string;
  eventHub: string;
  consumerGroup: string;
  /** 'sas' or the account's name and client id. */
  auth: { kind: 'sas' } | { kind: 'account'; account: string; clientId: string };
  proxy?: string;
}

export interface StreamFailure {
  code: string;
  message: string;
  fatal: boolean;
}

export class StreamConfigError extends Error {
  override name = 'StreamConfigError';
}

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  condition?: string;
  cause?: unknown;
}

/** Every code, condition, name and message, including those of wrapped errors (AggregateError, cause). */
function text(err: ErrorLike, depth = 0): string {
  if (!err || typeof err !== 'object' || depth > 3) return '';
  const inner = [...((err as { errors?: ErrorLike[] }).errors ?? []), ...(err.cause ? [err.cause as ErrorLike] : [])];
  return [`${err.code ?? ''} ${err.condition ?? ''} ${err.name ?? ''} ${err.message ?? ''}`, ...inner.map((e) => text(e, depth + 1))].join(' ');
}

/** The most specific message: an AggregateError's first inner error, else the error's own. */
function messageOf(err: ErrorLike): string {
  const first = (err as { errors?: ErrorLike[] }).errors?.[0];
  return (err.message || (first ? messageOf(first) : '')) ?? '';
}

/**
 * `receiving`: the error came from a partition receiver, after the hub itself was found (its partitions were
 * listed), so "not found" there means the consumer group (Event Hubs names it `<hub>~<n>|<group>` or
 * `…/ConsumerGroups/<group>`).
 */
export function describeStreamError(err: unknown, ctx: StreamContext, receiving = false): StreamFailure {
  const where = ctx.namespace ? `input '${ctx.input}' (${ctx.namespace}/${ctx.eventHub}, consumer group ${ctx.consumerGroup})` : `input '${ctx.input}'`;
  if (err instanceof StreamConfigError) return { code: 'config_error', message: `${where}: ${err.message}`, fatal: true };
  if (err instanceof DefenderError) return { code: err.code, message: `${where}: ${err.message}`, fatal: !['throttled', 'server', 'network'].includes(err.category) };
  const e = (err ?? {}) as ErrorLike;
  const all = text(e);
  const proxyStatus = /proxy[^0-9]*(\d{3})|(\d{3})[^0-9]*proxy/i.exec(all);
  if (ctx.proxy && (proxyStatus || /ERR_PROXY|tunneling socket|proxy/i.test(all))) {
    const status = proxyStatus?.[1] ?? proxyStatus?.[2];
    return {
      code: status === '407' ? 'proxy_auth' : 'proxy_refused',
      message:
        status === '407'
          ? `${where}: the proxy ${ctx.proxy} refused the connection to Event Hubs with 407 (proxy authentication required): check the proxy user name and password on the Configuration page (Proxy tab).`
          : `${where}: the proxy ${ctx.proxy} refused the WebSocket connection to ${ctx.namespace}:443${status ? ` with ${status}` : ''}: allow CONNECT to ${ctx.namespace}:443 on the proxy, or fix the proxy settings on the Configuration page (Proxy tab).`,
      fatal: true,
    };
  }
  if (/ENOTFOUND|EAI_AGAIN/.test(all))
    return {
      code: 'namespace_not_found',
      message: `${where}: the namespace ${ctx.namespace} does not resolve: check the input's namespace (Azure portal > Event Hubs namespace > Overview > Host name, e.g. contoso.servicebus.windows.net).`,
      fatal: true,
    };
  if (/ECONNREFUSED/.test(all))
    return {
      code: 'connection_refused',
      message: `${where}: ${ctx.namespace} refused the connection: check the namespace name, that outbound port ${ctx.proxy ? 443 : '5671 (AMQP) or 443 (transport websockets)'} is open, and the namespace's networking rules.`,
      fatal: true,
    };
  if (/certificate|self[- ]signed|UNABLE_TO_VERIFY|CERT_/i.test(all))
    return {
      code: 'tls_untrusted',
      message: `${where}: the TLS certificate of ${ctx.namespace} is not trusted: if a TLS-inspecting proxy or private endpoint presents its own certificate, add its CA to [network] ca_bundle on the Configuration page.`,
      fatal: true,
    };
  if (/Unauthorized|unauthorized-access|\b401\b|\b403\b/.test(all)) {
    const fix =
      ctx.auth.kind === 'account'
        ? `grant the app of account '${ctx.auth.account}' (client id ${ctx.auth.clientId}) the role '${EVENT_HUBS_RECEIVER_ROLE}' on the Event Hub or its namespace (Azure portal > Event Hub > Access control (IAM) > Add role assignment); a new assignment can take a few minutes to apply`
        : `the SAS connection string was refused: store a connection string of a shared access policy with the Listen claim on this Event Hub or namespace (input ${ctx.input} on the setup page)`;
    return { code: 'unauthorized', message: `${where}: Event Hubs refused access: ${fix}.`, fatal: true };
  }
  // Event Hubs answers an unknown namespace on a shared gateway with the namespace itself as the entity.
  if (/messaging entity 'sb:\/\/[^/']+\/?'/i.test(all))
    return {
      code: 'namespace_not_found',
      message: `${where}: the namespace ${ctx.namespace} does not exist: check the input's namespace (Azure portal > Event Hubs namespace > Overview > Host name, e.g. contoso.servicebus.windows.net).`,
      fatal: true,
    };
  if (/MessagingEntityNotFound|amqp:not-found|could not be found|not found/i.test(all)) {
    if (receiving || /consumer ?groups?|~\d+/i.test(all))
      return {
        code: 'consumer_group_not_found',
        message: `${where}: the consumer group ${ctx.consumerGroup} does not exist on Event Hub ${ctx.eventHub}: create it (Azure portal > Event Hub > Consumer groups > + Consumer group) or set consumer_group to an existing one.`,
        fatal: true,
      };
    return {
      code: 'event_hub_not_found',
      message: `${where}: the Event Hub ${ctx.eventHub} does not exist in namespace ${ctx.namespace}: check event_hub (the name under the namespace's Event Hubs; Defender's Streaming API may create one per table named insights-logs-advancedhunting-<table>).`,
      fatal: true,
    };
  }
  if (/ReceiverDisconnected|link:stolen|epoch|QuotaExceeded.*receiver/i.test(all))
    return {
      code: 'epoch_conflict',
      message: `${where}: another reader with a higher owner level (epoch) took the partition over in consumer group ${ctx.consumerGroup}: give this input a consumer group of its own (Azure portal > Event Hub > Consumer groups), or stop the other reader; with several forwarders use checkpoint_store azure_blob so they share the partitions.`,
      fatal: false,
    };
  return {
    code: 'connection_error',
    message: `${where}: ${(e.name ?? 'Error').replace(/Error$/, ' error')}: ${messageOf(e) || String(err)}; the input reconnects by itself.`,
    fatal: false,
  };
}
