// Entry point of bin/defender_sync_push_alert.{sh,cmd} (docs/response.md). The action is a separate chunk.
import { alertActionEntry } from '../splunk/alert/entry';

await alertActionEntry('defender_sync_push_alert', () => import('../actions/push-alert/main'));

export {};
