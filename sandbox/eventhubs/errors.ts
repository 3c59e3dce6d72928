// The AMQP errors Event Hubs answers with, worded the way the service words them (the Event Hubs
// client turns "The messaging entity … could not be found" into MessagingEntityNotFoundError,
// `amqp:link:stolen` into ReceiverDisconnectedError, `amqp:unauthorized-access` into UnauthorizedError).
import { randomUUID } from 'node:crypto';

export interface AmqpError {
  condition: string;
  description: string;
}

const tail = (nowMs: number): string =>
  ` TrackingId:${randomUUID().replace(/-/g, '')}_G1, SystemTracker:gateway5, Timestamp:${new Date(nowMs).toISOString().replace('T', ' ').slice(0, 19)}`;

export const ehErrors = {
  namespaceNotFound: (host: string, now: number): AmqpError => ({
    condition: 'amqp:not-found',
    description: `The messaging entity 'sb://${host}/' could not be found. To know more visit https://aka.ms/sbResourceMgrExceptions.${tail(now)}`,
  }),
  hubNotFound: (ns: string, hub: string, now: number): AmqpError => ({
    condition: 'amqp:not-found',
    description: `The messaging entity 'sb://${ns}/${hub}' could not be found. To know more visit https://aka.ms/sbResourceMgrExceptions.${tail(now)}`,
  }),
  consumerGroupNotFound: (ns: string, hub: string, group: string, now: number): AmqpError => ({
    condition: 'amqp:not-found',
    description: `The messaging entity '${ns}:eventhub:${hub}/${group}~32766' could not be found. To know more visit https://aka.ms/sbResourceMgrExceptions.${tail(now)}`,
  }),
  partitionOutOfRange: (count: number, now: number): AmqpError => ({
    condition: 'com.microsoft:argument-out-of-range',
    description: `The specified partition is invalid for an EventHub partition sender or receiver. It should be between 0 and ${count - 1}.${tail(now)}`,
  }),
  badFilter: (filter: string, now: number): AmqpError => ({
    condition: 'com.microsoft:argument-error',
    description: `The selector filter '${filter}' is not supported; use amqp.annotation.x-opt-offset, x-opt-sequence-number or x-opt-enqueued-time with > or >=.${tail(now)}`,
  }),
  unauthorized: (claim: string, resource: string, now: number): AmqpError => ({
    condition: 'amqp:unauthorized-access',
    description: `Unauthorized access. '${claim}' claim(s) are required to perform this operation. Resource: '${resource}'.${tail(now)}`,
  }),
  noToken: (resource: string, now: number): AmqpError => ({
    condition: 'amqp:unauthorized-access',
    description: `Unauthorized access. No token was put on $cbs for '${resource}'.${tail(now)}`,
  }),
  epochStolen: (newName: string, newEpoch: number, oldName: string, oldEpoch: number | undefined, now: number): AmqpError => ({
    condition: 'amqp:link:stolen',
    description: `New receiver '${newName}' with higher epoch of '${newEpoch}' is created hence current receiver '${oldName}' with epoch '${oldEpoch ?? 'nil'}' is getting disconnected. If you are recreating the receiver, make sure a higher epoch is used.${tail(now)}`,
  }),
  lowerEpoch: (name: string, epoch: number, holder: number, now: number): AmqpError => ({
    condition: 'amqp:link:stolen',
    description: `Receiver '${name}' with epoch '${epoch}' cannot be created because a receiver with a higher epoch '${holder}' already exists.${tail(now)}`,
  }),
  nonEpochNotAllowed: (holder: number, now: number): AmqpError => ({
    condition: 'amqp:link:stolen',
    description: `At least one receiver for the endpoint is created with epoch of '${holder}', and so non-epoch receiver is not allowed. Either reconnect with a higher epoch, or make sure all epoch receivers are closed or disconnected.${tail(now)}`,
  }),
  tooManyReceivers: (now: number): AmqpError => ({
    condition: 'amqp:resource-limit-exceeded',
    description: `Exceeded the maximum number of allowed receivers per partition in a consumer group which is 5.${tail(now)}`,
  }),
  detachForced: (now: number): AmqpError => ({
    condition: 'amqp:link:detach-forced',
    description: `The link was detached by the service because of an update or a load balancing operation; reconnect.${tail(now)}`,
  }),
  serverBusy: (now: number): AmqpError => ({
    condition: 'com.microsoft:server-busy',
    description: `The request was terminated because the entity is being throttled. Error code : 50002. Sub error : 102. Please wait 4 seconds and try again.${tail(now)}`,
  }),
};
