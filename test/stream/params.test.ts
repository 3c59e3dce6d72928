import { expect } from 'chai';
import { streamInput } from '../../src/inputs/definitions';
import { validateArguments } from '../../src/splunk/modinput/runner';
import { checkedParams } from '../../src/stream/run';
import { StreamConfigError } from '../../src/stream/errors';

const base = { namespace: 'contoso.servicebus.windows.net', event_hub: 'insights-logs-advancedhunting-deviceevents' };

describe('stream input parameters (defender_sync_stream)', () => {
  it('defaults: $Default, latest, amqp, local store, 60 s status lines, 5 s checkpoints, every table', () => {
    expect(checkedParams(base)).to.deep.include({
      account: '',
      namespace: 'contoso.servicebus.windows.net',
      eventHub: 'insights-logs-advancedhunting-deviceevents',
      consumerGroup: '$Default',
      tables: [],
      startPosition: 'latest',
      transport: 'amqp',
      checkpointStore: 'local',
      statusIntervalMs: 60_000,
      checkpointIntervalMs: 5_000,
    });
  });

  it('reads every parameter; tables may carry the AdvancedHunting- prefix', () => {
    const p = checkedParams({ ...base, account: 'prod', consumer_group: 'splunk', tables: 'DeviceProcessEvents, AdvancedHunting-EmailEvents', start_position: 'earliest', transport: 'websockets', checkpoint_store: 'azure_blob', blob_container: 'defender-checkpoints', storage_account: 'https://contoso.blob.core.windows.net/', status_interval: '2', checkpoint_interval: '0.5', index: 'defender' });
    expect(p).to.deep.include({ account: 'prod', consumerGroup: 'splunk', tables: ['DeviceProcessEvents', 'EmailEvents'], startPosition: 'earliest', transport: 'websockets', checkpointStore: 'azure_blob', blobContainer: 'defender-checkpoints', storageAccount: 'https://contoso.blob.core.windows.net', statusIntervalMs: 2000, checkpointIntervalMs: 500, index: 'defender' });
  });

  it('answers each bad value with what is wrong and what to use instead', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ event_hub: 'x' }, /parameter 'namespace' is required/],
      [{ namespace: 'x.servicebus.windows.net' }, /parameter 'event_hub' is required/],
      [{ ...base, namespace: 'sb://contoso.servicebus.windows.net/' }, /host name only .*without sb:\/\//],
      [{ ...base, namespace: 'contoso_ns' }, /not a host name: .*contoso\.servicebus\.windows\.net/],
      [{ ...base, endpoint: 'https://10.0.0.1' }, /endpoint 'https:\/\/10\.0\.0\.1' must be a host name or IP address with an optional port/],
      [{ ...base, event_hub: 'a/b' }, /event_hub 'a\/b' is not an Event Hub name/],
      [{ ...base, consumer_group: '-x' }, /consumer_group '-x' is not a consumer group name/],
      [{ ...base, tables: 'DeviceEvents,Device Events' }, /tables: 'Device Events' is not an advanced hunting table name/],
      [{ ...base, start_position: 'oldest' }, /start_position 'oldest' is not one of latest, earliest/],
      [{ ...base, transport: 'http' }, /transport 'http' is not one of amqp, websockets/],
      [{ ...base, checkpoint_store: 'kvstore' }, /checkpoint_store 'kvstore' is not one of local, azure_blob/],
      [{ ...base, checkpoint_store: 'azure_blob' }, /azure_blob needs blob_container/],
      [{ ...base, blob_container: 'Bad_Name' }, /not a Blob container name/],
      [{ ...base, storage_account: 'http://x.blob.core.windows.net' }, /https Blob service endpoint/],
      [{ ...base, status_interval: '0' }, /status_interval '0' must be a number of seconds from 1 to 3600/],
      [{ ...base, account: 'a:b' }, /account 'a:b' is not a valid account name/],
    ];
    for (const [params, message] of cases) expect(() => checkedParams(params), JSON.stringify(params)).to.throw(StreamConfigError, message);
  });

  it('is what --validate-arguments and the setup page check (the definition carries the same validators)', () => {
    expect(validateArguments(streamInput.args, { ...base, transport: 'http' })).to.match(/transport 'http'/);
    expect(validateArguments(streamInput.args, base)).to.equal(undefined);
    expect(streamInput.args.map((a) => a.name)).to.deep.equal(['account', 'namespace', 'event_hub', 'endpoint', 'consumer_group', 'tables', 'start_position', 'transport', 'checkpoint_store', 'storage_account', 'blob_container', 'status_interval', 'checkpoint_interval']);
    expect(streamInput.args.some((a) => /connection_string|secret|key/i.test(a.name)), 'no secret is ever a conf parameter').to.equal(false);
  });
});
