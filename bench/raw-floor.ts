// The raw floor of the ingest benchmarks: the least a program must do to move the same records: one
// client-credentials token POST, then the same list pages (same $filter, $orderby, $top, $expand) following
// @odata.nextLink, one JSON line per record on stdout (an incident and each of its alerts as separate lines).
// No retries, no checkpoint, no XML, no logging. With `hunt` in its configuration it is the hunt benchmark's
// floor instead: one POST runHuntingQuery, JSON.parse, the rows as CSV (header, minimal quoting, objects as
// JSON) on stdout, one write per 10,000 rows; no capability check, no splunkd, no chunk protocol, no types. Run by the add-on's bundled Node.js directly (type
// stripping), so it uses plain `https` and only erasable TypeScript. Its configuration (with the client
// secret) arrives as JSON on stdin, so the secret is never on a command line.
import { request } from 'node:https';

interface FloorConfig {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  /** The first page, e.g. https://…/graph/v1.0/security/alerts_v2?$filter=…&$orderby=…&$top=2000. */
  firstUrl?: string;
  /** Hunt instead: runHuntingQuery's URL and body. */
  hunt?: { url: string; query: string; timespan: string };
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

/** Resolves once stdout has taken the text (back-pressure honoured, as the input's event writer does). */
function write(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const cfg = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FloorConfig;

  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: cfg.clientId, client_secret: cfg.clientSecret, scope: cfg.scope });
  const token = await call(cfg.tokenUrl, 'POST', { 'Content-Type': 'application/x-www-form-urlencoded' }, form.toString());
  if (token.status !== 200) throw new Error(`token endpoint answered ${token.status}`);
  const auth = { Authorization: `Bearer ${(JSON.parse(token.text) as { access_token: string }).access_token}` };
  if (cfg.hunt) return huntToCsv(cfg.hunt, auth);

  let records = 0;
  let lines = 0;
  let pages = 0;
  for (let url: string | undefined = cfg.firstUrl; url; ) {
    const res = await call(url, 'GET', auth);
    if (res.status !== 200) throw new Error(`GET page ${pages + 1} answered ${res.status}`);
    const page = JSON.parse(res.text) as { value: Array<Record<string, unknown>>; '@odata.nextLink'?: string };
    pages++;
    let out = '';
    for (const record of page.value) {
      records++;
      const { alerts, ...rest } = record;
      out += JSON.stringify(Array.isArray(alerts) ? rest : record) + '\n';
      lines++;
      if (Array.isArray(alerts)) {
        for (const alert of alerts) out += JSON.stringify(alert) + '\n';
        lines += alerts.length;
      }
    }
    await write(out);
    url = page['@odata.nextLink'];
  }
  process.stderr.write(`INFO floor records=${records} events=${lines} pages=${pages} requests=${pages + 1}\n`);
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

async function huntToCsv(hunt: { url: string; query: string; timespan: string }, auth: Record<string, string>): Promise<void> {
  const res = await call(hunt.url, 'POST', { ...auth, 'Content-Type': 'application/json' }, JSON.stringify({ Query: hunt.query, Timespan: hunt.timespan }));
  if (res.status !== 200) throw new Error(`runHuntingQuery answered ${res.status}`);
  const result = JSON.parse(res.text) as { schema: Array<{ name: string }>; results: Array<Record<string, unknown>> };
  const names = result.schema.map((c) => c.name);
  let out = `${names.map(csvCell).join(',')}\r\n`;
  for (let i = 0; i < result.results.length; i++) {
    const row = result.results[i]!;
    out += `${names.map((n) => csvCell(row[n])).join(',')}\r\n`;
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
