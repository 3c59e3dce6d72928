// Splunk .conf text: `[stanza]`, `key = value`, `#` comments, values continued with a trailing backslash.
// Used by the package checks, the splunkd stand-in and the build; the app itself reads confs over REST.

export interface ConfEntry {
  key: string;
  value: string;
  line: number;
}

export interface ConfStanza {
  name: string;
  line: number;
  entries: ConfEntry[];
}

/** Keys outside any stanza belong to the stanza named `default`, as in Splunk. */
export function parseConf(text: string): ConfStanza[] {
  const stanzas: ConfStanza[] = [];
  let current: ConfStanza = { name: 'default', line: 0, entries: [] };
  stanzas.push(current);
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? '';
    const lineNo = i + 1;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
      current = { name: trimmed.slice(1, -1), line: lineNo, entries: [] };
      stanzas.push(current);
      continue;
    }
    // A trailing backslash continues the value on the next line, keeping the newline.
    while (line.endsWith('\\') && i + 1 < lines.length) {
      line = `${line.slice(0, -1)}\n${lines[++i] ?? ''}`;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`line ${lineNo}: expected 'key = value' or '[stanza]', got '${trimmed}'`);
    current.entries.push({ key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim(), line: lineNo });
  }
  return stanzas.filter((s) => s.name !== 'default' || s.entries.length > 0 || s.line > 0);
}

/** Stanza name → key → value (last one wins, as in Splunk). */
export function confToObject(stanzas: ConfStanza[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const s of stanzas) {
    const target = (out[s.name] ??= {});
    for (const e of s.entries) target[e.key] = e.value;
  }
  return out;
}

export function stringifyConf(conf: Record<string, Record<string, string>>): string {
  const parts: string[] = [];
  for (const [name, keys] of Object.entries(conf)) {
    parts.push(`[${name}]`);
    for (const [key, value] of Object.entries(keys)) {
      parts.push(`${key} = ${value.replace(/\n/g, '\\\n')}`);
    }
    parts.push('');
  }
  return parts.join('\n');
}
