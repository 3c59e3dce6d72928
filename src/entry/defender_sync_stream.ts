// Entry point of bin/defender_sync_stream.{sh,cmd}: the Defender XDR event stream (Event Hubs). Only the
// definition and the protocol runner are imported statically (fast --scheme); the input is a separate chunk.
import { streamInput } from '../inputs/definitions';
import { runInputEntry } from '../splunk/modinput/entry';

await runInputEntry(streamInput, () => import('../stream/main'));
