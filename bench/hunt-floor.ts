// The raw floor of the hunt benchmark: the least a program must do to turn a hunting query into CSV rows:
// one client-credentials token POST, one POST runHuntingQuery, JSON.parse, then the rows as CSV (header,
// minimal quoting, objects as JSON) on stdout in one write per 10,000 rows. No capability check, no
// splunkd calls, no chunk protocol, no types or multivalues. Run by the add-on's bundled Node.js directly
// (type stripping: plain `https`, only erasable TypeScript); its configuration (with the client secret)
// arrives as JSON on stdin.
import { request } from 'node:https';

interface FloorConfig {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  huntUrl: string;
  query: string;
  timespan: string;
}

function call(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function write(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const cfg = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FloorConfig;
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: cfg.clientId, client_secret: cfg.clientSecret, scope: cfg.scope });
  const token = await call(cfg.tokenUrl, 'POST', { 'Content-Type': 'application/x-www-form-urlencoded' }, form.toString());
  if (token.status !== 200) throw new Error(`token endpoint answered ${token.status}`);
  const auth = { Authorization: `Bearer ${(JSON.parse(token.text) as { access_token: string }).access_token}`, 'Content-Type': 'application/json' };
  const res = await call(cfg.huntUrl, 'POST', auth, JSON.stringify({ Query: cfg.query, Timespan: cfg.timespan }));
  if (res.status !== 200) throw new Error(`runHuntingQuery answered ${res.status}`);
  const result = JSON.parse(res.text) as { schema: Array<{ name: string }>; results: Array<Record<string, unknown>> };
  const names = result.schema.map((c) => c.name);
  let out = `${names.map(cell).join(',')}\r\n`;
  for (let i = 0; i < result.results.length; i++) {
    const row = result.results[i]!;
    out += `${names.map((n) => cell(row[n])).join(',')}\r\n`;
    if ((i + 1) % 10_000 === 0) {
      await write(out);
      out = '';
    }
  }
  await write(out);
  process.stderr.write(`INFO floor rows=${result.results.length}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`ERROR floor: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
