// Raw HTTPS calls to the stand-in (trusting its CA), to check status codes and bodies exactly.
import https from 'node:https';

export interface CallResult {
  status: number;
  text: string;
  // Tests index freely into splunkd JSON.
  json: any;
  headers: Record<string, string | string[] | undefined>;
}

export interface CallOptions {
  key?: string;
  authorization?: string;
  form?: Record<string, string>;
  body?: string;
  /** Defaults to true: adds output_mode=json. */
  json?: boolean;
}

export function call(base: { uri: string; caPem: string }, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const url = new URL(path, base.uri);
  if (options.json !== false) url.searchParams.set('output_mode', 'json');
  const body = options.form ? new URLSearchParams(options.form).toString() : options.body;
  const headers: Record<string, string> = {};
  if (options.key) headers.Authorization = `Splunk ${options.key}`;
  if (options.authorization) headers.Authorization = options.authorization;
  if (options.form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, ca: base.caPem }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, json, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
