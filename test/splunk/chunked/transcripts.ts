// Byte-exact exchanges of the chunked protocol v2, written by hand from search-commands.md §1.4–§1.7 (the
// splunklib wire format and the recorded Splunk 8.2 traces): what splunkd sends, and exactly what a
// generating command must answer. Lengths are counted in UTF-8 bytes; CSV rows end in CRLF.

/** getinfo of `| defendersync hunt account=prod query=DeviceInfo`, maxresultrows 2 (536 bytes of metadata). */
export const GETINFO =
  'chunked 1.0,536,0\n' +
  '{"action":"getinfo","preview":false,"streaming_command_will_restart":false,"searchinfo":{"args":["hunt","account=prod","query=DeviceInfo"],"raw_args":["hunt","account=prod","query=DeviceInfo"],"dispatch_dir":"/opt/splunk/var/run/splunk/dispatch/1764583200.42","sid":"1764583200.42","app":"search","owner":"admin","username":"admin","session_key":"SESSIONKEY","splunkd_uri":"https://127.0.0.1:8089","splunk_version":"10.2.0","search":"%7C%20defendersync","command":"defendersync","maxresultrows":2,"earliest_time":"0","latest_time":"0"}}';

/** getinfo of `| defendersync hunt` (no account). */
export const GETINFO_NO_ACCOUNT =
  'chunked 1.0,468,0\n' +
  '{"action":"getinfo","preview":false,"streaming_command_will_restart":false,"searchinfo":{"args":["hunt"],"raw_args":["hunt"],"dispatch_dir":"/opt/splunk/var/run/splunk/dispatch/1764583200.42","sid":"1764583200.42","app":"search","owner":"admin","username":"admin","session_key":"SESSIONKEY","splunkd_uri":"https://127.0.0.1:8089","splunk_version":"10.2.0","search":"%7C%20defendersync","command":"defendersync","maxresultrows":2,"earliest_time":"0","latest_time":"0"}}';

/** splunkd's execute request to a generating command: finished true, empty body (Splunk 8.2 trace). */
export const EXECUTE = 'chunked 1.0,36,0\n{"action":"execute","finished":true}';

/** The getinfo reply of a generating command that runs on the search head. */
export const GETINFO_REPLY = 'chunked 1.0,37,0\n{"type":"stateful","generating":true}';

export const GETINFO_REFUSED =
  'chunked 1.0,126,0\n{"type":"stateful","generating":true,"finished":true,"inspector":{"messages":[["ERROR","defendersync: account is required"]]}}';

/** Rows 1-2 of 3 (CSV with quoting), more to come. */
export const CHUNK_1 = 'chunked 1.0,18,19\n{"finished":false}a,b\r\n1,x\r\n2,"y,z"\r\n';
/** Row 3 of 3: 11 bytes of body for 10 characters (é is two bytes). */
export const CHUNK_2 = 'chunked 1.0,17,11\n{"finished":true}a,b\r\n3,é\r\n';
export const FINISHED_EMPTY = 'chunked 1.0,17,0\n{"finished":true}';
export const ERROR_REPLY = 'chunked 1.0,72,0\n{"finished":true,"inspector":{"messages":[["ERROR","no such account"]]}}';
export const UNEXPECTED_REPLY = 'chunked 1.0,68,0\n{"finished":true,"inspector":{"messages":[["ERROR","Ünexpected"]]}}';
