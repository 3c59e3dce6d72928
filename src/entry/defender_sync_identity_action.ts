// Entry point of bin/defender_sync_identity_action.{sh,cmd} (docs/response.md). The action is a separate chunk.
import { alertActionEntry } from '../splunk/alert/entry';

await alertActionEntry('defender_sync_identity_action', () => import('../actions/identity/main'));

export {};
