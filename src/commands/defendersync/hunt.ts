// `| defendersync hunt`: one Graph runHuntingQuery for the search's user, its rows streamed back as result
// chunks. Everything that can go wrong ends as one ERROR message that says what to fix: the user sees it in
// the search's error bar, the log file keeps it with the search id. Never a stack trace, never a secret.
import type { DefenderSession } from '../../defender/session';
import type { ResultChunk } from '../../splunk/chunked/generating';
import { errorMessage, type InspectorMessage } from '../../splunk/chunked/messages';
import type { SearchInfo } from '../../splunk/chunked/search-info';
import type { Logger } from '../../splunk/log';
import type { HuntRequest } from './args';
import { resultChunks, type ChunkLimits } from './chunks';
import type { SchemaColumn } from './columns';
import { userMessage } from './messages';

export interface HuntingResult {
  schema: SchemaColumn[];
  results: Array<Record<string, unknown>>;
}

/** What a hunt needs from the outside world (splunkd and Microsoft), injected so tests can replace it. */
export interface HuntServices {
  /** Checks the capability with the search's session key and opens the account's Defender session. */
  open(info: SearchInfo, account: string, logger: Logger): Promise<{ user: string; session: DefenderSession }>;
  runHuntingQuery(session: DefenderSession, request: { query: string; timespan?: string }, opts?: { signal?: AbortSignal }): Promise<HuntingResult>;
}

export interface HuntOptions {
  limits: ChunkLimits;
  now: () => number;
  signal: AbortSignal;
}

export async function* hunt(request: HuntRequest, info: SearchInfo, services: HuntServices, logger: Logger, o: HuntOptions): AsyncGenerator<ResultChunk> {
  const started = o.now();
  logger.addSecret(info.sessionKey);
  const log = logger.child({ sid: info.sid, user: info.username, account: request.account });
  let result: HuntingResult;
  let session: DefenderSession | undefined;
  let failure: InspectorMessage | undefined;
  try {
    const opened = await services.open(info, request.account, log);
    session = opened.session;
    result = await services.runHuntingQuery(session, { query: request.query, ...(request.timespan ? { timespan: request.timespan } : {}) }, { signal: o.signal });
  } catch (err) {
    const described = userMessage(err);
    const message = log.redact(described.message);
    const cut = cutOffResult(err);
    log.error(message, { action: 'hunt_failed', tenant: session?.account.tenantId ?? '', error_code: described.code, rows: cut?.results.length ?? 0, duration_ms: o.now() - started, query: request.query });
    if (!cut) {
      yield { body: '', last: true, messages: [errorMessage(message)] };
      return;
    }
    // Over the row cap: the rows that came back are shown, and the error says they are not all.
    result = cut;
    failure = errorMessage(message);
  }
  const rows = result.results.length;
  let chunks = 0;
  for (const chunk of resultChunks(result, { ...o.limits, maxRows: Math.min(o.limits.maxRows, info.maxResultRows) })) {
    chunks++;
    if (!chunk.last) {
      yield chunk;
      continue;
    }
    if (!failure)
      log.info('', { action: 'hunt_complete', tenant: session?.account.tenantId ?? '', rows, chunks, duration_ms: o.now() - started, timespan: request.timespan ?? '', query: request.query });
    yield failure ? { ...chunk, messages: [failure] } : chunk;
  }
}

/** The rows a failure still carries (the row-cap error keeps what Graph returned). */
function cutOffResult(err: unknown): HuntingResult | undefined {
  const r = (err as { result?: Partial<HuntingResult> } | undefined)?.result;
  return r && Array.isArray(r.schema) && Array.isArray(r.results) ? (r as HuntingResult) : undefined;
}
