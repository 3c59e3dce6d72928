// Public entry of the Event Hubs stand-in (see README.md).
export { startEventHubs } from './eventhubs';
export type { EventHubs, EventHubsOptions, HubSpec, PublishOptions, PublishResult, ReceiverInfo } from './eventhubs';
export { EVENT_HUBS_ROLES, type EventHubsRole, type RoleAssignment, type Right, type SasKey } from './auth';
export type { FaultSpec, FaultPoint } from './faults';
export { MALFORMED_KINDS, malformedBody, type MalformedKind } from './publisher';
