import { expect } from 'chai';
import { normaliseScope, tokenCredential, tokenExpiry } from '../../src/stream/credential';
import { describeStreamError, type StreamContext } from '../../src/stream/errors';
import { checkConnectionString } from '../../src/stream/client';
import { connectionStringSecrets } from '../../src/stream/config';
import { checkedParams } from '../../src/stream/run';

const account: StreamContext = { input: 'prod', namespace: 'contoso.servicebus.windows.net', eventHub: 'defender', consumerGroup: 'splunk', auth: { kind: 'account', account: 'acme', clientId: '11111111-1111-1111-1111-111111111111' } };
const sas: StreamContext = { ...account, auth: { kind: 'sas' } };
const err = (name: string, code: string, message: string) => Object.assign(new Error(message), { name, code });

describe('stream errors: one actionable message per problem', () => {
  it('missing role: names the role, the app and where to assign it; SAS: the Listen claim', () => {
    const f = describeStreamError(err('MessagingError', 'UnauthorizedError', "Unauthorized access. 'Listen' claim(s) are required to perform this operation."), account);
    expect(f).to.include({ code: 'unauthorized', fatal: true });
    expect(f.message).to.equal("input 'prod' (contoso.servicebus.windows.net/defender, consumer group splunk): Event Hubs refused access: grant the app of account 'acme' (client id 11111111-1111-1111-1111-111111111111) the role 'Azure Event Hubs Data Receiver' on the Event Hub or its namespace (Azure portal > Event Hub > Access control (IAM) > Add role assignment); a new assignment can take a few minutes to apply.");
    expect(describeStreamError(err('MessagingError', 'UnauthorizedError', 'x'), sas).message).to.match(/shared access policy with the Listen claim/);
  });

  it('wrong hub, missing consumer group, unknown namespace, refused connection', () => {
    expect(describeStreamError(err('MessagingError', 'MessagingEntityNotFoundError', "The messaging entity 'sb://contoso.servicebus.windows.net/defender2' could not be found."), account)).to.include({ code: 'event_hub_not_found', fatal: true });
    const cg = describeStreamError(err('MessagingError', 'MessagingEntityNotFoundError', "The messaging entity 'contoso:eventhub:defender~32767|splunk' could not be found. consumer group splunk"), account);
    expect(cg.code).to.equal('consumer_group_not_found');
    expect(cg.message).to.match(/create it \(Azure portal > Event Hub > Consumer groups > \+ Consumer group\)/);
    expect(describeStreamError(err('MessagingError', 'ENOTFOUND', 'getaddrinfo ENOTFOUND contoso.servicebus.windows.net'), account).message).to.match(/does not resolve: check the input's namespace/);
    expect(describeStreamError(err('MessagingError', 'MessagingEntityNotFoundError', "The messaging entity 'sb://nope.servicebus.windows.net/' could not be found."), account).code).to.equal('namespace_not_found');
    expect(describeStreamError(err('Error', 'ECONNREFUSED', 'connect ECONNREFUSED'), account).code).to.equal('connection_refused');
  });

  it('epoch conflict says to give the input its own consumer group; proxy refusals name the proxy', () => {
    const e = describeStreamError(err('MessagingError', 'ReceiverDisconnectedError', "New receiver 'x' with higher epoch of '0' is created hence current receiver with epoch '0' is getting disconnected."), account);
    expect(e.code).to.equal('epoch_conflict');
    expect(e.message).to.match(/consumer group of its own/);
    const proxied = { ...account, proxy: 'proxy.corp:3128' };
    expect(describeStreamError(new Error('proxy answered 407'), proxied)).to.include({ code: 'proxy_auth', fatal: true });
    expect(describeStreamError(new Error('proxy answered 403'), proxied).message).to.match(/proxy proxy\.corp:3128 refused the WebSocket connection to contoso\.servicebus\.windows\.net:443 with 403/);
  });

  it('anything else is a transient connection error the SDK retries', () => {
    expect(describeStreamError(err('MessagingError', 'ServiceUnavailableError', 'link detached'), account)).to.include({ code: 'connection_error', fatal: false });
  });
});

describe('stream secrets and credentials', () => {
  const params = checkedParams({ namespace: 'contoso.servicebus.windows.net', event_hub: 'defender' });
  const good = 'Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=splunk;SharedAccessKey=CANARY-KEY-123=;EntityPath=defender';

  it('checks the SAS connection string against the input without ever quoting it', () => {
    expect(() => checkConnectionString(good, params, 'stream.prod')).not.to.throw();
    const problems = [
      [good.replace('contoso', 'fabrikam'), /for namespace fabrikam\.servicebus\.windows\.net, but the input's namespace is contoso/],
      [good.replace('EntityPath=defender', 'EntityPath=other'), /for Event Hub other, but the input's event_hub is defender/],
      ['SharedAccessKey=CANARY-KEY-123=', /not an Event Hubs connection string/],
    ] as const;
    for (const [cs, message] of problems) {
      let thrown: Error | undefined;
      try {
        checkConnectionString(cs, params, 'stream.prod');
      } catch (e) {
        thrown = e as Error;
      }
      expect(thrown?.message).to.match(message);
      expect(thrown?.message).not.to.contain('CANARY');
    }
    expect(connectionStringSecrets(good)).to.deep.equal([good, 'CANARY-KEY-123=']);
  });

  it('asks MSAL for the documented Event Hubs resource and reports the token expiry', async () => {
    expect(normaliseScope('https://eventhubs.azure.net//.default')).to.equal('https://eventhubs.azure.net/.default');
    expect(normaliseScope('https://storage.azure.com/.default')).to.equal('https://storage.azure.com/.default');
    const jwt = `x.${Buffer.from(JSON.stringify({ exp: 2_000_000_000 })).toString('base64url')}.y`;
    expect(tokenExpiry(jwt, 0)).to.equal(2_000_000_000_000);
    expect(tokenExpiry('opaque', 1000)).to.equal(301_000);
    const asked: string[] = [];
    const credential = tokenCredential({ token: async (scope) => (asked.push(scope), jwt) });
    expect(await credential.getToken('https://eventhubs.azure.net//.default')).to.deep.equal({ token: jwt, expiresOnTimestamp: 2_000_000_000_000 });
    expect(asked).to.deep.equal(['https://eventhubs.azure.net/.default']);
  });
});
