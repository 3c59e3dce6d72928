// File-system helpers for the app tree: copy without local/ or dot-files, normalise modes, list entries.
import { chmodSync, copyFileSync, cpSync, linkSync, lstatSync, readdirSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';

/** Never packaged: Splunk's local/ and local.meta (the admin's changes), and dot-files. */
export function isExcluded(name) {
  return name.startsWith('.') || name === 'local' || name === 'local.meta' || name === '__MACOSX';
}

export function copyAppPath(from, to) {
  cpSync(from, to, { recursive: true, filter: (src) => !isExcluded(basename(src)) });
}

/** Hard link when possible (the runtime is >100 MB), copy across file systems. */
export function linkOrCopy(from, to) {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** Relative paths (POSIX separators) of every directory and file under `dir`, sorted, directories first. */
export function listTree(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const rel = relative(dir, full).split(sep).join('/');
      if (lstatSync(full).isDirectory()) {
        out.push(`${rel}/`);
        walk(full);
      } else out.push(rel);
    }
  };
  walk(dir);
  return out;
}

/** Launchers and runtime binaries are executed directly: 755. Everything else 644, directories 755. */
export function packagedMode(relPath) {
  if (relPath.endsWith('/')) return 0o755;
  if (/^bin\/[^/]+\.(sh|cmd)$/.test(relPath) || /^bin\/runtime\/[^/]+\/node(\.exe)?$/.test(relPath)) return 0o755;
  return 0o644;
}

export function normaliseModes(dir) {
  for (const rel of listTree(dir)) chmodSync(join(dir, rel), packagedMode(rel));
}
