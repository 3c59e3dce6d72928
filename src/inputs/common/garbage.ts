// A full garbage collection between pages (see COLLECT_AFTER_PAGE_BYTES in ingest.ts). node's --expose-gc
// flag would make every start ~10 ms slower (it invalidates the code cache of node's built-in modules, and
// splunkd runs --scheme for every input), so gc is exposed only when first needed, after the first big page.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined | null = null;

function exposeGc(): (() => void) | undefined {
  const own = (globalThis as { gc?: () => void }).gc;
  if (own) return own;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined; // a runtime that refuses: V8 still collects on its own, only less promptly
  }
}

export function collectFullGarbage(): void {
  if (gc === null) gc = exposeGc();
  gc?.();
}
