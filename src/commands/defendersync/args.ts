// Arguments of `| defendersync <subcommand> …` (DESIGN §3): checked in getinfo, before any network call, with
// one message per problem that says how to write it instead.
import { ACCOUNT_NAME_PATTERN } from '../../config/names';

export const USAGE = '| defendersync hunt account=<name> query="<KQL>" [timespan=<ISO 8601 duration>]';

export interface HuntRequest {
  subcommand: 'hunt';
  account: string;
  query: string;
  /** ISO 8601 duration (P7D, PT12H…); Graph's default (30 days) when absent. */
  timespan?: string;
}

export type ParsedArguments = { request: HuntRequest } | { problems: string[] };

const HUNT_OPTIONS = ['account', 'query', 'timespan'] as const;
type HuntOption = (typeof HUNT_OPTIONS)[number];

// PnYnMnWnDTnHnMnS with at least one part, seconds may be fractional.
const DURATION = /^P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$/;

export function isIsoDuration(text: string): boolean {
  return DURATION.test(text) && /[1-9]/.test(text);
}

/** Splunk's tokens (searchinfo.args): positional words and `name=value` options (split at the first '='). */
export function parseArguments(args: readonly string[]): ParsedArguments {
  const positional: string[] = [];
  const options = new Map<string, string>();
  const problems: string[] = [];
  for (const token of args) {
    const eq = token.indexOf('=');
    if (eq < 0) {
      positional.push(token);
      continue;
    }
    const name = token.slice(0, eq);
    if (name === '') {
      problems.push(`'${token}' has no option name: write options as name=value without spaces around '=' (${USAGE})`);
      continue;
    }
    if (options.has(name)) problems.push(`${name} is given twice: give it once`);
    options.set(name, token.slice(eq + 1));
  }

  const [subcommand, ...rest] = positional;
  if (subcommand === undefined) return { problems: [`no subcommand: use ${USAGE}`, ...problems] };
  if (subcommand !== 'hunt') return { problems: [`unknown subcommand '${subcommand}': the subcommand is hunt (${USAGE})`, ...problems] };
  if (rest.length > 0) {
    const dangling = rest.some((r) => r === '=') || options.has('') ? " without spaces around '='" : '';
    problems.push(
      `unexpected argument${rest.length > 1 ? 's' : ''} ${rest.map((r) => `'${r}'`).join(' ')}: write options as name=value${dangling} and put the KQL query in double quotes (${USAGE})`,
    );
  }
  for (const name of options.keys())
    if (!(HUNT_OPTIONS as readonly string[]).includes(name)) problems.push(`unknown option '${name}': hunt takes ${HUNT_OPTIONS.join(', ')} (${USAGE})`);

  const get = (name: HuntOption) => options.get(name);
  const account = get('account')?.trim() ?? '';
  if (account === '') problems.push(`account is required: add account=<name> with the name of an account on the add-on's Configuration page (${USAGE})`);
  else if (!ACCOUNT_NAME_PATTERN.test(account))
    problems.push(`account '${account}' is not an account name (letters, digits, '_' and '-' only): use the name shown on the add-on's Configuration page`);
  const query = get('query')?.trim() ?? '';
  if (query === '') problems.push(`query is required: add query="<KQL>", for example query="DeviceProcessEvents | take 10"`);
  const timespan = get('timespan')?.trim();
  if (timespan !== undefined && !isIsoDuration(timespan))
    problems.push(`timespan '${timespan}' is not an ISO 8601 duration: use for example P7D (7 days), PT12H (12 hours) or P1DT6H, or leave it out for Graph's default of 30 days`);

  if (problems.length > 0) return { problems };
  return { request: { subcommand: 'hunt', account, query, ...(timespan ? { timespan } : {}) } };
}
