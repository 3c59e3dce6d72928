// Which splunkd endpoints Splunk Web proxies under /<locale>/splunkd/__raw: web.conf [expose:<name>]
// stanzas (pattern, methods; web.conf.spec 9.2). The stand-in's built-in list covers the standard
// endpoints a setup page uses (unverified against Splunk's own system web.conf, which exposes more);
// an app's own default/web.conf [expose:*] stanzas are added, as Splunk Web does.

export interface ExposeRule {
  pattern: string;
  methods: string[];
}

export const BUILT_IN_EXPOSE: ExposeRule[] = [
  { pattern: 'server/info', methods: ['GET'] },
  { pattern: 'authentication/current-context', methods: ['GET'] },
  { pattern: 'configs/conf-*', methods: ['GET', 'POST'] },
  { pattern: 'configs/conf-*/*', methods: ['GET', 'POST', 'DELETE'] },
  { pattern: 'storage/passwords', methods: ['GET', 'POST'] },
  { pattern: 'storage/passwords/*', methods: ['GET', 'POST', 'DELETE'] },
  { pattern: 'data/inputs/**', methods: ['GET', 'POST', 'DELETE'] },
  { pattern: 'data/indexes', methods: ['GET'] },
  { pattern: 'data/indexes/*', methods: ['GET'] },
  { pattern: 'apps/local', methods: ['GET'] },
  { pattern: 'apps/local/*', methods: ['GET', 'POST'] },
  { pattern: 'apps/local/*/_reload', methods: ['GET', 'POST'] },
  { pattern: 'search/jobs', methods: ['GET', 'POST'] },
];

/** web.conf.spec pattern semantics: `*` one element, `**` any number, `prefix*` an element prefix. */
export function patternMatches(pattern: string, segments: string[]): boolean {
  const want = pattern.split('/');
  const got = segments;
  const match = (i: number, j: number): boolean => {
    if (i === want.length) return j === got.length;
    const w = want[i]!;
    if (w === '**') return Array.from({ length: got.length - j + 1 }, (_, n) => j + n).some((k) => match(i + 1, k));
    if (j === got.length) return false;
    const g = got[j]!;
    const ok = w === '*' || w === g || (w.endsWith('*') && g.startsWith(w.slice(0, -1)));
    return ok && match(i + 1, j + 1);
  };
  return match(0, 0);
}

/** The endpoint path under /services or /servicesNS/<owner>/<app>, or undefined for anything else. */
export function endpointOf(rawPath: string): string | undefined {
  const parts = rawPath.split('/').filter((s) => s !== '');
  if (parts[0] === 'services') return parts.slice(1).join('/');
  if (parts[0] === 'servicesNS' && parts.length >= 3) return parts.slice(3).join('/');
  return undefined;
}

export function isExposed(rules: ExposeRule[], rawPath: string, method: string): boolean {
  const endpoint = endpointOf(rawPath);
  if (endpoint === undefined) return false;
  let segments: string[];
  try {
    segments = endpoint.split('/').map(decodeURIComponent);
  } catch {
    return false;
  }
  return rules.some((r) => r.methods.includes(method) && patternMatches(r.pattern, segments));
}

/** [expose:*] stanzas of a web.conf text. */
export function exposeRulesFromWebConf(text: string): ExposeRule[] {
  const rules: ExposeRule[] = [];
  let current: { pattern?: string; methods?: string } | undefined;
  const flush = () => {
    if (current?.pattern) rules.push({ pattern: current.pattern, methods: (current.methods ?? 'GET').split(',').map((m) => m.trim().toUpperCase()) });
  };
  for (const line of text.split(/\r?\n/)) {
    const stanza = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (stanza) {
      flush();
      current = stanza[1]!.startsWith('expose:') ? {} : undefined;
      continue;
    }
    const kv = /^\s*(pattern|methods)\s*=\s*(.*?)\s*$/.exec(line);
    if (kv && current) current[kv[1] as 'pattern' | 'methods'] = kv[2];
  }
  flush();
  return rules;
}
