// The `defendersync` generating command: getinfo checks the arguments (no network: splunkd may run getinfo
// in probe processes), execute loads the hunting code on first use and streams its chunks. Imported by the
// entry point, so it stays light: the runtime (splunkd client, MSAL, axios) comes in through `load`.
import type { GeneratingCommand, ResultChunk } from '../../splunk/chunked/generating';
import type { SearchInfo } from '../../splunk/chunked/search-info';
import { parseArguments } from './args';
import type { ChunkLimits } from './chunks';
import type { HuntServices } from './hunt';
import type { Logger } from '../../splunk/log';

export interface HuntRuntime {
  services: HuntServices;
  /** A logger for this search (file only: splunkd files a chunked command's stderr as errors). */
  logger(info: SearchInfo): Logger;
  limits: ChunkLimits;
  now: () => number;
  hunt: typeof import('./hunt').hunt;
}

export const UNEXPECTED =
  "defendersync: unexpected error; the details are in $SPLUNK_HOME/var/log/splunk/ta_defender_sync.log (action=command_failed). Please report it to the add-on's maintainers";

export function defendersyncCommand(load: () => Promise<HuntRuntime>): GeneratingCommand {
  return {
    getinfo(info) {
      const parsed = parseArguments(info.args);
      return { problems: 'problems' in parsed ? parsed.problems.map((p) => `defendersync: ${p}`) : [] };
    },
    async *generate(info, signal): AsyncGenerator<ResultChunk> {
      const parsed = parseArguments(info.args);
      if ('problems' in parsed) throw new Error('execute without a successful getinfo');
      const rt = await load();
      const logger = rt.logger(info);
      try {
        yield* rt.hunt(parsed.request, info, rt.services, logger, { limits: rt.limits, now: rt.now, signal });
      } catch (err) {
        logger.error(`unexpected error: ${(err as Error)?.stack ?? String(err)}`, { action: 'command_failed', sid: info.sid });
        throw err;
      }
    },
    describeUnexpected: () => UNEXPECTED,
  };
}
