// Entry point of bin/defender_sync_hunting.{sh,cmd}. Only the definition and the protocol runner are imported
// statically so that `--scheme` (run at every splunkd start) stays cheap; the input is a separate chunk.
import { huntingInput } from '../inputs/definitions';
import { runInputEntry } from '../splunk/modinput/entry';

await runInputEntry(huntingInput, () => import('../inputs/hunting/main'));
