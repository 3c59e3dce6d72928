// Advanced-hunting tables of the simulated tenants (see README.md): schemas, deterministic rows built
// from the tenant's own incidents and alerts, and the Streaming API record around a row. Read by the
// hunting API of the simulator and by the Event Hubs stand-in.
export { HUNTING_TABLES, type HuntingColumn, type HuntingTable, type KustoType } from './schemas';
export { huntingRows, UnknownTableError } from './rows';
export { streamingRecord, type StreamingRecord } from './record';
export {
  huntingWorld, machineGroupOf,
  type HuntingAlert, type HuntingDevice, type HuntingFile, type HuntingMessage, type HuntingUser, type HuntingWorld, type HuntingWorldOptions,
} from './world';
