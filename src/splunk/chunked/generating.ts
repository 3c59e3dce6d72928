// The life of a generating chunked command (search-commands.md §1.5, §1.6, §1.9): answer getinfo from the
// arguments alone (splunkd may start the command only to probe it), then answer each execute request with
// exactly one chunk of results, `finished: false` while more remain, until a reply says `finished: true`.
// Results are produced lazily, one chunk per request, so the first rows reach Splunk before the last are
// converted and a cancelled search stops the work.
import { ChunkProtocolError, encodeChunk, readChunks } from './framing';
import { errorMessage, withMessages, type InspectorMessage } from './messages';
import { parseSearchInfo, type SearchInfo } from './search-info';

export interface ResultChunk {
  /** CSV with its header row; '' for no rows. */
  body: string;
  /** Whether this is the last chunk of results. */
  last: boolean;
  messages?: InspectorMessage[];
}

export interface GeneratingCommand {
  /** Checks the arguments; no network, no files (getinfo may run in a probe process). Problems become ERRORs. */
  getinfo(info: SearchInfo): { problems: string[]; messages?: InspectorMessage[] };
  /** The results, one chunk per execute request. `signal` aborts when Splunk goes away. */
  generate(info: SearchInfo, signal: AbortSignal): AsyncIterator<ResultChunk>;
  /** For a failure of generate() itself (a bug): the ERROR text the user sees. */
  describeUnexpected(err: unknown): string;
}

export interface ChunkSink {
  write(bytes: Buffer): Promise<void>;
}

/** A stream-backed sink that waits until each chunk has been handed to the OS (backpressure). */
export function streamSink(stream: NodeJS.WritableStream): ChunkSink {
  return {
    write: (bytes) => new Promise<void>((resolve, reject) => void stream.write(bytes, (err) => (err ? reject(err) : resolve()))),
  };
}

export type RunOutcome = 'probe' | 'refused' | 'finished' | 'abandoned';

/** getinfo reply of a generating command that runs on the search head (not on indexers): `stateful`. */
export const GETINFO_REPLY = { type: 'stateful', generating: true } as const;

/**
 * Runs the protocol over `input`/`sink`. Resolves with what happened: `probe` (stdin ended before any execute),
 * `refused` (getinfo found problems), `finished`, or `abandoned` (stdin ended before the last chunk).
 * Throws ChunkProtocolError when splunkd's side breaks the protocol.
 */
export async function runGeneratingCommand(command: GeneratingCommand, input: AsyncIterable<Buffer | string>, sink: ChunkSink): Promise<RunOutcome> {
  const requests = readChunks(input)[Symbol.asyncIterator]();
  const first = await requests.next();
  if (first.done) return 'probe';
  if (first.value.metadata.action !== 'getinfo')
    throw new ChunkProtocolError(`the first request must be getinfo, got action ${JSON.stringify(first.value.metadata.action)}`);
  const info = parseSearchInfo(first.value.metadata);
  const checked = command.getinfo(info);
  if (checked.problems.length > 0) {
    const messages = [...(checked.messages ?? []), ...checked.problems.map(errorMessage)];
    await sink.write(encodeChunk(withMessages({ ...GETINFO_REPLY, finished: true }, messages)));
    await answerFinished(requests, sink);
    return 'refused';
  }
  await sink.write(encodeChunk(withMessages({ ...GETINFO_REPLY }, checked.messages)));

  const abort = new AbortController();
  let results: AsyncIterator<ResultChunk> | undefined;
  let finished = false;
  let cancelled = false;
  // The next request is read while a chunk is being produced: splunkd sends nothing before our reply, so
  // the only thing that can arrive is the end of stdin (a cancelled search), which aborts the work at once.
  let pending = requests.next();
  try {
    for (;;) {
      const request = await pending;
      if (request.done) return finished && !cancelled ? 'finished' : results ? 'abandoned' : 'probe';
      const action = request.value.metadata.action;
      if (action !== 'execute') throw new ChunkProtocolError(`expected an execute request, got action ${JSON.stringify(action)}`);
      pending = requests.next();
      if (finished) {
        // splunkd may ask again after the last chunk; there is nothing more.
        await sink.write(encodeChunk({ finished: true }));
        continue;
      }
      void pending.then(
        (r) => {
          if (r.done && !finished) (cancelled = true), abort.abort();
        },
        () => abort.abort(),
      );
      results ??= command.generate(info, abort.signal);
      let chunk: ResultChunk;
      try {
        const next = await results.next();
        chunk = next.done ? { body: '', last: true } : next.value;
      } catch (err) {
        chunk = { body: '', last: true, messages: [errorMessage(command.describeUnexpected(err))] };
      }
      finished = chunk.last;
      if (cancelled) continue;
      await sink.write(encodeChunk(withMessages({ finished: chunk.last }, chunk.messages), chunk.body));
    }
  } finally {
    if (!finished) {
      abort.abort();
      await results?.return?.().catch(() => undefined);
    }
  }
}

/** After a refusal splunkd closes stdin; should it still ask for results, each request gets 'finished'. */
async function answerFinished(requests: AsyncIterator<{ metadata: Record<string, unknown> }>, sink: ChunkSink): Promise<void> {
  for (let r = await requests.next(); !r.done; r = await requests.next())
    if (r.value.metadata.action === 'execute') await sink.write(encodeChunk({ finished: true }));
}
