// defender_sync_update: the seam src/entry/defender_sync_update.ts loads on demand.
import { runAction } from './run';

export function executeFromProcess(payload: string): Promise<number> {
  return runAction(payload, { stderr: process.stderr, ...(process.env.SPLUNK_HOME ? { splunkHome: process.env.SPLUNK_HOME } : {}) });
}
