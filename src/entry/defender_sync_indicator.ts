// Entry point of bin/defender_sync_indicator.{sh,cmd} (docs/response.md). The action is a separate chunk.
import { alertActionEntry } from '../splunk/alert/entry';

await alertActionEntry('defender_sync_indicator', () => import('../actions/indicator/main'));

export {};
