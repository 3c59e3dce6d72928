// Request bodies for the sandbox's splunkd and Splunk Web stand-ins: read whole, refused past 16 MB (neither
// real server takes more from a client of ours), with the error each server answers that with.
import type { IncomingMessage } from 'node:http';

export const MAX_BODY = 16 * 1024 * 1024;

export function readBody(req: IncomingMessage, tooLarge: () => Error): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(tooLarge());
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
