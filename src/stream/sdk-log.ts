// The Event Hubs client's own log, for two things: it must never reach stderr unprefixed (splunkd files such
// lines as ERROR; AZURE_LOG_LEVEL would turn it on), and it is the only place that says when a partition's
// receiver link was opened again (after the service detached it or the connection dropped: the client
// reconnects by itself without calling any handler), which the health line counts as `reconnects`.
import { logger as sdkLogger } from '@azure/event-hubs';

type Listener = (partitionId: string) => void;

const receiverOpened = new Map<string, Listener>();
// "[connection-1] Receiver P3-<client identifier>: is created successfully"
const CREATED = /Receiver P([^-\s]+)-(\S+?): is created successfully/;
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const sink = (...args: unknown[]): void => {
    const m = CREATED.exec(args.map(String).join(' '));
    if (m) receiverOpened.get(m[2] as string)?.(m[1] as string);
  };
  for (const level of ['error', 'warning', 'info', 'verbose'] as const) {
    const debug = sdkLogger[level] as unknown as { log: (...args: unknown[]) => void; enabled: boolean };
    debug.log = level === 'verbose' ? sink : () => undefined;
  }
  (sdkLogger.verbose as unknown as { enabled: boolean }).enabled = true;
}

/** Calls `listener` with the partition id each time a receiver of the client `identifier` is (re)created. */
export function onReceiverOpened(identifier: string, listener: Listener): () => void {
  install();
  receiverOpened.set(identifier, listener);
  return () => receiverOpened.delete(identifier);
}
