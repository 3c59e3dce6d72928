// The ConfigSource of a running input or alert action: splunkd, with the session key splunkd gave us.
import type { SplunkdClient } from '../splunk/rest';
import { getSecret } from '../splunk/passwords';
import type { ConfigSource } from './source';

export function splunkdConfigSource(client: SplunkdClient): ConfigSource {
  return {
    confStanza: (conf, stanza) => client.getConfStanza(conf, stanza),
    secret: (realm, username) => getSecret(client, realm, username),
  };
}
