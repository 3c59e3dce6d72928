// Starts bench/raw-floor.ts on the package's bundled Node.js, with the same environment as the inputs.
import { join } from 'node:path';
import { runChild, type ChildRun } from './child';
import { repoRoot, type BenchWorld } from './world';

export interface FloorQuery {
  /** Graph path under /v1.0, e.g. /security/alerts_v2. */
  path: string;
  filter: string;
  orderby: string;
  top: number;
  expand?: string;
}

/** The first page's URL, encoded as the add-on encodes its list calls (src/defender/odata.ts). */
export function firstPageUrl(graphUrl: string, q: FloorQuery): string {
  const parts = [`$filter=${encodeURIComponent(q.filter)}`, `$orderby=${encodeURIComponent(q.orderby)}`, `$top=${q.top}`];
  if (q.expand) parts.push(`$expand=${encodeURIComponent(q.expand)}`);
  return `${graphUrl}/v1.0${q.path}?${parts.join('&')}`;
}

export function runFloor(w: BenchWorld, q: FloorQuery, tenant = 0, timeoutMs = 600_000): Promise<ChildRun> {
  const t = w.tenants[tenant];
  if (!t) throw new Error(`the bench world has no tenant ${tenant}`);
  const stdin = JSON.stringify({
    tokenUrl: `${w.sim.loginUrl}/${t.tenantId}/oauth2/v2.0/token`,
    clientId: t.clientId,
    clientSecret: t.clientSecret,
    scope: w.sim.scopes.graph,
    firstUrl: firstPageUrl(w.sim.graphUrl, q),
  });
  return runChild({ file: w.runtime, args: [join(repoRoot, 'bench', 'raw-floor.ts')], env: w.env, cwd: w.splunkd.splunkHome, stdin, timeoutMs });
}
