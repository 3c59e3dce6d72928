// A package as the checks see it: its members (as stored in the tarball, or as found in a folder), with
// modes and, for small files, contents. Checks are pure functions over this model, so a test can break a
// copy of a real package in exactly one way and see the matching check fail.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import * as tar from 'tar';

export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

export interface PackageEntry {
  /** Member name as stored (tarball) or relative path with the folder's own name first (folder). */
  member: string;
  type: EntryType;
  /** Permission bits (0o7777). */
  mode: number;
  size: number;
  /** Contents of files up to CONTENT_LIMIT bytes (the runtime binary is left out). */
  content?: Buffer;
}

export interface PackageTree {
  /** Where it came from, for messages: the tarball's or folder's name. */
  source: string;
  /** For tarballs: whether the file is gzip-compressed (AppInspect accepts only .tgz/.spl/.tar.gz). */
  gzip?: boolean;
  entries: PackageEntry[];
}

export const CONTENT_LIMIT = 4 * 1024 * 1024;

/** Member name without `./`, leading or trailing slashes. */
export function normalisedPath(member: string): string {
  return member.replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
}

/** Path inside the app folder (`default/app.conf`), or '' for the folder itself. */
export function appPath(entry: PackageEntry): string {
  const parts = normalisedPath(entry.member).split('/');
  return parts.slice(1).join('/');
}

export function findEntry(tree: PackageTree, path: string): PackageEntry | undefined {
  return tree.entries.find((e) => appPath(e) === path && e.type !== 'directory');
}

export function fileText(tree: PackageTree, path: string): string | undefined {
  return findEntry(tree, path)?.content?.toString('utf8');
}

export function filesUnder(tree: PackageTree, dir: string): PackageEntry[] {
  return tree.entries.filter((e) => e.type === 'file' && appPath(e).startsWith(`${dir}/`));
}

export async function treeFromTarball(file: string): Promise<PackageTree> {
  const head = readFileSync(file).subarray(0, 2);
  const entries: PackageEntry[] = [];
  await tar.t({
    file,
    onReadEntry: (entry) => {
      const type: EntryType =
        entry.type === 'File' || entry.type === 'OldFile'
          ? 'file'
          : entry.type === 'Directory'
            ? 'directory'
            : entry.type === 'SymbolicLink'
              ? 'symlink'
              : 'other';
      const item: PackageEntry = { member: entry.path, type, mode: (entry.mode ?? 0) & 0o7777, size: entry.size };
      entries.push(item);
      if (type === 'file' && entry.size <= CONTENT_LIMIT) {
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => (item.content = Buffer.concat(chunks)));
      } else entry.resume();
    },
  });
  return { source: basename(file), gzip: head[0] === 0x1f && head[1] === 0x8b, entries };
}

/** `dir` is the app folder itself (…/TA_defender_sync). */
export function treeFromDirectory(dir: string): PackageTree {
  const entries: PackageEntry[] = [];
  const top = basename(dir);
  const walk = (d: string) => {
    const st = lstatSync(d);
    const member = [top, relative(dir, d).split(sep).join('/')].filter(Boolean).join('/');
    if (st.isDirectory()) {
      entries.push({ member: `${member}/`, type: 'directory', mode: st.mode & 0o7777, size: 0 });
      for (const name of readdirSync(d).sort()) walk(join(d, name));
      return;
    }
    const type: EntryType = st.isFile() ? 'file' : st.isSymbolicLink() ? 'symlink' : 'other';
    entries.push({
      member,
      type,
      mode: st.mode & 0o7777,
      size: st.size,
      ...(type === 'file' && st.size <= CONTENT_LIMIT ? { content: readFileSync(d) } : {}),
    });
  };
  walk(dir);
  return { source: top, entries };
}
