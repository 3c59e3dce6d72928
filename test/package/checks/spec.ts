// Splunk .spec files read the way Splunk's conf checker reads them (shared/splunk/spec/9.2/conf_checker.rules):
// - `[stanza]` lines at the left edge declare stanzas; settings before any stanza, or after `[default]`,
//   are valid in every stanza;
// - `key = …` lines (indented ones too, but not `*`/`#` doc lines) declare settings;
// - a spec stanza containing `<`, `:` or `.` matches every conf stanza that starts with the text before
//   that character (`[<name>]` matches all);
// - a spec key containing `<` or `-` matches every conf key that starts with the text before that character
//   (`reload.<conf_file_name>` matches `reload.x`; `<name>` matches anything).

export interface SpecStanza {
  name: string;
  keys: string[];
}

export interface ConfSpec {
  /** Keys valid in every stanza. */
  global: string[];
  stanzas: SpecStanza[];
}

const STANZA_LINE = /^\[(.*)\]\s*$/;
// A key is one token; placeholders like `<conf_file_name>` may contain spaces.
const SETTING_LINE = /^((?:<[^>]*>|[A-Za-z_])(?:<[^>]*>|[^\s=<])*)\s*=/;

export function parseSpec(text: string): ConfSpec {
  const spec: ConfSpec = { global: [], stanzas: [] };
  let keys = spec.global;
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    const stanza = STANZA_LINE.exec(line);
    if (stanza) {
      const name = stanza[1] ?? '';
      if (name === 'default') keys = spec.global;
      else {
        const s: SpecStanza = { name, keys: [] };
        spec.stanzas.push(s);
        keys = s.keys;
      }
      continue;
    }
    const trimmed = line.trimStart();
    if (trimmed.startsWith('#') || trimmed.startsWith('*')) continue;
    const setting = SETTING_LINE.exec(trimmed);
    if (setting?.[1]) keys.push(setting[1]);
  }
  return spec;
}

export function stanzaMatches(specStanza: string, confStanza: string): boolean {
  if (specStanza === confStanza) return true;
  const cut = specStanza.search(/[<:.]/);
  return cut >= 0 && confStanza.startsWith(specStanza.slice(0, cut));
}

export function keyMatches(specKey: string, confKey: string): boolean {
  if (specKey === confKey) return true;
  const cut = specKey.search(/[<-]/);
  return cut >= 0 && confKey.startsWith(specKey.slice(0, cut));
}

/** Spec stanzas that apply to a conf stanza. */
export function matchingStanzas(spec: ConfSpec, confStanza: string): SpecStanza[] {
  return spec.stanzas.filter((s) => stanzaMatches(s.name, confStanza));
}

export function isKeyAllowed(spec: ConfSpec, confStanza: string, key: string): boolean {
  if (spec.global.some((k) => keyMatches(k, key))) return true;
  if (confStanza === 'default') return false;
  return matchingStanzas(spec, confStanza).some((s) => s.keys.some((k) => keyMatches(k, key)));
}
