// When a long-running input must stop, turned into one AbortSignal: SIGTERM (splunkd stopping, the input disabled
// or edited), SIGINT (someone at a terminal), stdin closed mid-run (watchStdin: the parent let go of the pipe), or
// splunkd gone (the process was re-parented: a crashed splunkd sends no signal, and nobody would read our events).
export type StopReason = 'sigterm' | 'sigint' | 'stdin_closed' | 'orphaned';

export interface Lifetime {
  readonly signal: AbortSignal;
  /** Removes the handlers (the run is over). */
  dispose(): void;
}

/** What of `process` the lifetime uses. */
export interface ProcessEdges {
  readonly ppid: number;
  once(event: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  removeListener(event: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

export interface LifetimeOptions {
  stdinClosed?: AbortSignal;
  onStop?: (reason: StopReason) => void;
  /** How often the parent is checked (default 5 s). */
  orphanCheckMs?: number;
  /** The process edges and the timer (tests inject fakes). */
  proc?: ProcessEdges;
  every?: (check: () => void, ms: number) => () => void;
}

const everyUnref = (check: () => void, ms: number): (() => void) => {
  const timer = setInterval(check, ms);
  timer.unref();
  return () => clearInterval(timer);
};

export function processLifetime(o: LifetimeOptions = {}): Lifetime {
  const proc = o.proc ?? process;
  const controller = new AbortController();
  const stop = (reason: StopReason): void => {
    if (controller.signal.aborted) return;
    o.onStop?.(reason);
    controller.abort(reason);
  };
  const onTerm = (): void => stop('sigterm');
  const onInt = (): void => stop('sigint');
  const onStdinClosed = (): void => stop('stdin_closed');
  proc.once('SIGTERM', onTerm);
  proc.once('SIGINT', onInt);
  if (o.stdinClosed?.aborted) onStdinClosed();
  else o.stdinClosed?.addEventListener('abort', onStdinClosed, { once: true });
  const parent = proc.ppid;
  const cancelOrphanCheck = (o.every ?? everyUnref)(() => {
    if (proc.ppid !== parent) stop('orphaned');
  }, o.orphanCheckMs ?? 5_000);
  return {
    signal: controller.signal,
    dispose: () => {
      cancelOrphanCheck();
      proc.removeListener('SIGTERM', onTerm);
      proc.removeListener('SIGINT', onInt);
      o.stdinClosed?.removeEventListener('abort', onStdinClosed);
    },
  };
}
