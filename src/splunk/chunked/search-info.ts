// What splunkd tells a chunked command about its search in the getinfo request (search-commands.md §1.5).
import { ChunkProtocolError } from './framing';

export interface SearchInfo {
  /** Arguments as Splunk tokenised them, quotes removed. */
  args: string[];
  /** Arguments as typed (quotes and escapes kept). */
  rawArgs: string[];
  sessionKey: string;
  splunkdUri: string;
  sid: string;
  app: string;
  username: string;
  owner: string;
  command: string;
  dispatchDir: string;
  /** How many rows one reply may carry (limits.conf maxresultrows; 50000 by default). */
  maxResultRows: number;
  /** Epoch seconds as splunkd sends them (strings; "0" or absent = unbounded). */
  earliestTime?: string;
  latestTime?: string;
}

export const DEFAULT_MAX_RESULT_ROWS = 50_000;

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(text) : []);

/** The searchinfo of a getinfo request; missing fields become empty (splunkd's probes send few). */
export function parseSearchInfo(metadata: Record<string, unknown>): SearchInfo {
  const si = metadata.searchinfo;
  if (typeof si !== 'object' || si === null || Array.isArray(si)) throw new ChunkProtocolError('the getinfo request has no searchinfo object');
  const s = si as Record<string, unknown>;
  const max = Number(s.maxresultrows);
  return {
    args: strings(s.args),
    rawArgs: strings(s.raw_args),
    sessionKey: text(s.session_key),
    splunkdUri: text(s.splunkd_uri),
    sid: text(s.sid),
    app: text(s.app),
    username: text(s.username),
    owner: text(s.owner),
    command: text(s.command),
    dispatchDir: text(s.dispatch_dir),
    maxResultRows: Number.isInteger(max) && max > 0 ? max : DEFAULT_MAX_RESULT_ROWS,
    ...(s.earliest_time !== undefined ? { earliestTime: text(s.earliest_time) } : {}),
    ...(s.latest_time !== undefined ? { latestTime: text(s.latest_time) } : {}),
  };
}
