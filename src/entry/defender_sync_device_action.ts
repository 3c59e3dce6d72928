// Entry point of bin/defender_sync_device_action.{sh,cmd} (docs/response.md). The action is a separate chunk.
import { alertActionEntry } from '../splunk/alert/entry';

await alertActionEntry('defender_sync_device_action', () => import('../actions/device-action/main'));

export {};
