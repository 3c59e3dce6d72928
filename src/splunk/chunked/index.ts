// Chunked custom search command protocol v2 (search-commands.md §1): framing, CSV, messages, the generating loop.
export { ChunkProtocolError, encodeChunk, readChunks, type Chunk } from './framing';
export { csvField, csvRow, mvCells, mvColumn, mvEncode } from './csv';
export { errorMessage, withMessages, type InspectorMessage, type MessageLevel } from './messages';
export { DEFAULT_MAX_RESULT_ROWS, parseSearchInfo, type SearchInfo } from './search-info';
export { GETINFO_REPLY, runGeneratingCommand, streamSink, type ChunkSink, type GeneratingCommand, type ResultChunk, type RunOutcome } from './generating';
