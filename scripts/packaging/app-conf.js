// Stamps the version from package.json into the packaged default/app.conf: [id] version,
// [launcher] version and [install] build. The source app.conf carries none of them.

/**
 * Splunk wants `[install] build` to be a positive integer that changes with every release; derive it from
 * the semver core so that it grows with the version (1.2.3 → 1002003).
 */
export function buildNumber(version) {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(version);
  if (!m) throw new Error(`package.json version '${version}' is not semver (MAJOR.MINOR.PATCH): fix it in package.json.`);
  const [major, minor, patch] = m.slice(1).map(Number);
  if (minor > 999 || patch > 999) throw new Error(`version '${version}': minor and patch must stay below 1000 to derive [install] build.`);
  return major * 1_000_000 + minor * 1_000 + patch;
}

/**
 * Sets `key = value` in the given stanzas of a .conf text, replacing an existing key or appending it at
 * the end of the stanza (before trailing blank lines). Every stanza named in `values` must exist.
 */
export function setConfValues(text, values) {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const pending = new Map(Object.entries(values).map(([stanza, keys]) => [stanza, new Map(Object.entries(keys))]));
  const out = [];
  let stanza = 'default';
  const flush = () => {
    const keys = pending.get(stanza);
    if (!keys) return;
    let at = out.length;
    while (at > 0 && out[at - 1].trim() === '') at--;
    out.splice(at, 0, ...[...keys].map(([k, v]) => `${k} = ${v}`));
    keys.clear();
  };
  for (const line of lines) {
    const header = /^\s*\[([^\]]*)\]\s*$/.exec(line);
    if (header) {
      flush();
      stanza = header[1];
      out.push(line);
      continue;
    }
    const setting = /^\s*([^#=\s][^=]*?)\s*=/.exec(line);
    const keys = pending.get(stanza);
    if (setting && keys?.has(setting[1])) {
      out.push(`${setting[1]} = ${keys.get(setting[1])}`);
      keys.delete(setting[1]);
      continue;
    }
    out.push(line);
  }
  flush();
  const missing = [...pending].filter(([, keys]) => keys.size > 0).map(([name]) => `[${name}]`);
  if (missing.length) throw new Error(`default/app.conf has no ${missing.join(', ')} stanza: add it.`);
  return out.join('\n');
}

export function stampAppConf(text, version) {
  return setConfValues(text, {
    id: { version },
    launcher: { version },
    install: { build: String(buildNumber(version)) },
  });
}
