// Reads the XML document splunkd writes on stdin. splunkd closes stdin after it, but a parent that
// keeps the pipe open must not hang us: stop as soon as the text ends with the root's closing tag
// (as the JS SDK did), or at EOF, whichever comes first.
import { StringDecoder } from 'node:string_decoder';

export function readDocument(stdin: NodeJS.ReadableStream, closingTag: string): Promise<string> {
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
      // Release stdin: an open pipe that is still being read keeps the process alive (pause() alone
      // does not stop the underlying read), and nothing after the document is meant for us.
      stdin.pause();
      (stdin as { destroy?: () => void }).destroy?.();
    };
    const finish = (): void => {
      cleanup();
      resolve(text);
    };
    if ((stdin as { readableEnded?: boolean }).readableEnded) return resolve('');
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.on('error', onError);
  });
}
