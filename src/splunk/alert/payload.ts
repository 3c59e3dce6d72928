// The JSON document splunkd writes on a custom alert action's stdin when it runs `--execute` with
// `payload_format = json` (splunk-platform.md §4.2).

export type ResultValue = string | string[];

export interface AlertPayload {
  app: string;
  owner: string;
  sid: string;
  /** Empty for ad-hoc `| sendalert` runs. */
  search_name: string;
  search_uri: string;
  results_link: string;
  /** Gzipped CSV of the results; read it with `readResultsFile`. */
  results_file: string;
  server_host: string;
  server_uri: string;
  session_key: string;
  /** The action's `param.*` values with the prefix stripped. */
  configuration: Record<string, string>;
  /** The first result row; multi-value fields are arrays. */
  result: Record<string, ResultValue>;
}

export class AlertPayloadError extends Error {
  override name = 'AlertPayloadError';
}

const WHAT = 'alert action payload';
const REQUIRED = ['results_file', 'session_key', 'server_uri'] as const;
const OPTIONAL = ['app', 'owner', 'sid', 'search_name', 'search_uri', 'results_link', 'server_host'] as const;

export function parseAlertPayload(json: string): AlertPayload {
  const doc = parseJson(json);
  const strings = {} as Record<(typeof REQUIRED)[number] | (typeof OPTIONAL)[number], string>;
  for (const key of REQUIRED) {
    const value = doc[key];
    if (value === undefined || value === null || value === '')
      throw new AlertPayloadError(
        `${WHAT}: '${key}' is missing; Splunk sends it when the action is started with --execute and payload_format = json`,
      );
    strings[key] = requireString(value, key);
  }
  for (const key of OPTIONAL) strings[key] = doc[key] == null ? '' : requireString(doc[key], key);
  return {
    ...strings,
    configuration: parseConfiguration(doc.configuration),
    result: parseResult(doc.result),
  };
}

function parseJson(json: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (err) {
    // JSON.parse messages quote the input, which holds the session key: keep only the position.
    const position = /position (\d+)/.exec(err instanceof Error ? err.message : '')?.[1];
    throw new AlertPayloadError(
      `${WHAT}: stdin is not valid JSON${position ? ` (error at character ${position})` : ''}; set payload_format = json for the action in alert_actions.conf`,
    );
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new AlertPayloadError(`${WHAT}: expected a JSON object on stdin`);
  return doc as Record<string, unknown>;
}

// Never echo the value: for session_key it is the secret itself.
function requireString(value: unknown, key: string): string {
  if (typeof value !== 'string') throw new AlertPayloadError(`${WHAT}: '${key}' must be a string, got ${describe(value)}`);
  return value;
}

function parseConfiguration(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(requireObject(value, 'configuration'))) {
    // Splunk sends strings; numbers and booleans from hand-written payloads are accepted as text.
    if (v !== null && typeof v === 'object')
      throw new AlertPayloadError(`${WHAT}: configuration.${key} must be a string, got ${describe(v)}`);
    setOwn(out, key, v == null ? '' : String(v));
  }
  return out;
}

function parseResult(value: unknown): Record<string, ResultValue> {
  const out: Record<string, ResultValue> = {};
  for (const [key, v] of Object.entries(requireObject(value, 'result'))) {
    if (Array.isArray(v)) setOwn(out, key, v.map((item) => (item == null ? '' : String(item))));
    else if (v !== null && typeof v === 'object')
      throw new AlertPayloadError(`${WHAT}: result.${key} must be a string or an array, got ${describe(v)}`);
    else setOwn(out, key, v == null ? '' : String(v));
  }
  return out;
}

function requireObject(value: unknown, key: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new AlertPayloadError(`${WHAT}: '${key}' must be an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

// Field names come from the search: `__proto__` must stay an ordinary key.
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
