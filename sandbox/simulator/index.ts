// Public entry of the Defender simulator (see README.md): startSimulator and its types.
export { startSimulator, REAL_AUDIENCES, EVENT_HUBS_AUDIENCE } from './simulator';
export type { Simulator, FaultApi, RequestHook, RequestInfo } from './simulator';
export type { SimulatorOptions, TenantSpec, AutoMutateOptions } from './options';
export { SimulatorOptionsError } from './options';
export type { TenantInfo, AppInfo, AppSpec, CertificateInfo, AppRoles } from './auth/tenants';
export { GRAPH_ROLES, MDE_ROLES } from './auth/tenants';
export type { FaultSpec, FaultState, FaultTarget } from './faults';
export type { DataApi, ScheduledMutation } from './data/data-api';
export type { RecordKind } from './data/tenant-data';
export type { RequestRecord, SimulatorStats, ApiKind } from './request-log';
export type { BucketPolicy, RetryAfterForm, WindowLimit } from './rate-limits';
export { manualClock, systemClock, type Clock, type ManualClock } from './clock';
export type { HuntingSource, Column as HuntingColumn, KustoType, Row as HuntingRow } from './hunting/kql/evaluate';
export { HUNTING_ROLE, HUNTING_ROW_CAP } from './hunting/route';
export type { MdeResponseControl, MdeResponseOptions, Retirement } from './mde/response-world';
export type { Machine } from './mde/machines';
export { AMBIGUOUS_MACHINE_NAME, INACTIVE_MACHINE_NAME } from './mde/machines';
export type { MachineActionTiming } from './mde/machine-actions';
