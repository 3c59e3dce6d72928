// PLACEHOLDER, to be replaced by the defender_sync_alerts input's implementation. It fixes the seam the
// entry point src/entry/defender_sync_alerts.ts loads with a dynamic import(): `validate` and `stream`, as
// runModularInput calls them.
import { SCHEME_ALERTS } from '../../config/names';
import type { EventWriter } from '../../splunk/modinput/event-writer';
import type { InputConfig, ValidationConfig } from '../../splunk/modinput/input-xml';

/** Placeholder: accepts every configuration the definition's own checks accept. */
export async function validate(_cfg: ValidationConfig): Promise<string | undefined> {
  return undefined;
}

/** Placeholder: refuses to run. */
export async function stream(_cfg: InputConfig, _writer: EventWriter): Promise<number> {
  process.stderr.write(`FATAL ${SCHEME_ALERTS}: run mode is not implemented yet\n`);
  return 1;
}
