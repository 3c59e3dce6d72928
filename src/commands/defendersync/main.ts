// The hunting runtime the entry point loads on the first execute request (a separate chunk: splunkd client,
// MSAL, axios). Logs go to ta_defender_sync.log only: splunkd files every stderr line of a chunked command
// as an error in search.log.
import { runHuntingQuery } from '../../defender/hunting';
import { createLogger } from '../../splunk/log';
import { DEFAULT_LIMITS } from './chunks';
import type { HuntRuntime } from './command';
import { hunt } from './hunt';
import { openHunt } from './session';

const COMPONENT = 'defendersync';

export function huntRuntime(): HuntRuntime {
  return {
    services: { open: (info, account, logger) => openHunt(info, account, logger), runHuntingQuery },
    logger: () =>
      createLogger({ component: COMPONENT, stderr: { write: () => true }, ...(process.env.SPLUNK_HOME ? { splunkHome: process.env.SPLUNK_HOME } : {}) }),
    limits: DEFAULT_LIMITS,
    now: Date.now,
    hunt,
  };
}
