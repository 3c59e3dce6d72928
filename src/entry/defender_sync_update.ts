// Entry point of bin/defender_sync_update.{sh,cmd}: splunkd starts custom alert actions with `--execute`
// and the JSON payload on stdin (payload_format = json). The action itself is a separate chunk.
import { alertActionEntry } from '../splunk/alert/entry';

await alertActionEntry('defender_sync_update', () => import('../actions/update/main'));

export {};
