// Reads the XML document splunkd writes on stdin, then (run mode) watches the pipe for the rest of the run.
// splunkd closes stdin right after the document, but a parent that keeps the pipe open must not hang us: stop
// reading as soon as the text ends with the root's closing tag (as the JS SDK did), or at EOF, whichever comes
// first.
import { StringDecoder } from 'node:string_decoder';

export function readDocument(stdin: NodeJS.ReadableStream, closingTag: string, o: { keepOpen?: boolean } = {}): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let text = '';
    const onData = (chunk: Buffer | string): void => {
      text += typeof chunk === 'string' ? chunk : decoder.write(chunk);
      if (text.trimEnd().endsWith(closingTag)) finish();
    };
    const onEnd = (): void => {
      text += decoder.end();
      finish();
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const cleanup = (): void => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.removeListener('error', onError);
      stdin.pause();
      // keepOpen: watchStdin takes the pipe over. Otherwise release it: an open pipe that is still being read
      // keeps the process alive (pause() alone does not stop the underlying read).
      if (!o.keepOpen) release(stdin);
    };
    const finish = (): void => {
      cleanup();
      resolve(text);
    };
    if (isEnded(stdin)) return resolve('');
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.on('error', onError);
  });
}

export interface StdinWatch {
  /** Aborts when the parent closes stdin during the run (not as part of handing the document over). */
  readonly closed: AbortSignal;
  /** Stops watching and lets go of the pipe (the process may then exit). */
  release(): void;
}

/**
 * After the document: splunkd closes stdin as part of handing it over, so an EOF within `handOffMs` of the
 * document (or already seen) is that hand-off and means nothing. An EOF later means the parent that kept the pipe
 * open let go of it (a supervisor stopping us, splunkd gone without a signal): DESIGN §4's "stops when stdin
 * closes". Anything written after the document is not for us and is discarded.
 */
export function watchStdin(stdin: NodeJS.ReadableStream, o: { handOffMs: number; now: () => number }): StdinWatch {
  const controller = new AbortController();
  if (isEnded(stdin)) {
    release(stdin);
    return { closed: controller.signal, release: () => undefined };
  }
  const since = o.now();
  const discard = (): void => undefined;
  const onEnd = (): void => {
    stop();
    if (o.now() - since >= o.handOffMs) controller.abort();
  };
  const stop = (): void => {
    stdin.removeListener('data', discard);
    stdin.removeListener('end', onEnd);
    stdin.removeListener('error', onEnd);
    release(stdin);
  };
  stdin.on('data', discard);
  stdin.on('end', onEnd);
  stdin.on('error', onEnd);
  stdin.resume();
  return { closed: controller.signal, release: stop };
}

function isEnded(stdin: NodeJS.ReadableStream): boolean {
  return (stdin as { readableEnded?: boolean }).readableEnded === true;
}

/** Lets go of the pipe: paused and destroyed, it no longer keeps the process alive. */
export function release(stdin: NodeJS.ReadableStream): void {
  stdin.pause();
  (stdin as { destroy?: () => void }).destroy?.();
}
