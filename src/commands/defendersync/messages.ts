// The one ERROR line a failed hunt shows: the catalog's actionable text for Defender and configuration
// failures, splunkd refusals in terms of roles, and for anything else a line that asks for a report.
import { ConfigError } from '../../config/account';
import { DefenderError } from '../../defender/errors';
import { describeFailure } from '../../inputs/common/run';

export const MESSAGE_PREFIX = 'defendersync hunt: ';

export function userMessage(err: unknown): { message: string; code: string } {
  const e = err as { name?: string; message?: string; status?: number; endpoint?: string; code?: string };
  if (err instanceof DefenderError || err instanceof ConfigError) return { message: MESSAGE_PREFIX + err.message, code: describeFailure(err).code };
  if (e?.name === 'CapabilityError') return { message: MESSAGE_PREFIX + String(e.message), code: 'capability_refused' };
  if (e?.name === 'AbortError') return { message: `${MESSAGE_PREFIX}the search was cancelled before Defender answered`, code: 'cancelled' };
  if (e?.name === 'SplunkdError' && (e.status === 401 || e.status === 403))
    return {
      message: `${MESSAGE_PREFIX}splunkd refused to give your search the add-on's account configuration (${e.status} on ${e.endpoint ?? 'a REST call'}): ask a Splunk admin to give your role the role defender_sync_hunter, which may read the add-on's accounts`,
      code: 'splunkd_refused',
    };
  const { message, code } = describeFailure(err);
  return { message: MESSAGE_PREFIX + message, code };
}
