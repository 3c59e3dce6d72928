// Copies of a package tree broken in one way, for proving that each check can fail.
import { normalisedPath, type PackageEntry, type PackageTree } from './checks/model';

const top = (tree: PackageTree) => normalisedPath(tree.entries[0]?.member ?? '').split('/')[0] ?? '';
const inApp = (tree: PackageTree, e: PackageEntry) => normalisedPath(e.member).split('/').slice(1).join('/');

export function cloneTree(tree: PackageTree): PackageTree {
  return { ...tree, entries: tree.entries.map((e) => ({ ...e, ...(e.content ? { content: Buffer.from(e.content) } : {}) })) };
}

/** Adds or replaces a file at an app-relative path. */
export function withFile(tree: PackageTree, path: string, content: string | Buffer, mode = 0o644): PackageTree {
  const copy = withoutPath(tree, path);
  const bytes = Buffer.from(content);
  copy.entries.push({ member: `${top(tree)}/${path}`, type: 'file', mode, size: bytes.length, content: bytes });
  return copy;
}

export function withDirectory(tree: PackageTree, path: string, mode = 0o755): PackageTree {
  const copy = cloneTree(tree);
  copy.entries.push({ member: `${top(tree)}/${path}/`, type: 'directory', mode, size: 0 });
  return copy;
}

/** Removes an app-relative path and everything under it. */
export function withoutPath(tree: PackageTree, path: string): PackageTree {
  const copy = cloneTree(tree);
  copy.entries = copy.entries.filter((e) => {
    const p = inApp(tree, e);
    return p !== path && !p.startsWith(`${path}/`);
  });
  return copy;
}

export function editText(tree: PackageTree, path: string, edit: (text: string) => string): PackageTree {
  const entry = tree.entries.find((e) => inApp(tree, e) === path && e.type === 'file');
  if (!entry?.content) throw new Error(`test setup: ${path} is not in ${tree.source}`);
  return withFile(tree, path, edit(entry.content.toString('utf8')), entry.mode);
}

export function withMode(tree: PackageTree, path: string, mode: number): PackageTree {
  const copy = cloneTree(tree);
  const entry = copy.entries.find((e) => inApp(tree, e) === path);
  if (!entry) throw new Error(`test setup: ${path} is not in ${tree.source}`);
  entry.mode = mode;
  return copy;
}

export function withMembers(tree: PackageTree, rename: (member: string) => string): PackageTree {
  const copy = cloneTree(tree);
  for (const e of copy.entries) e.member = rename(e.member);
  return copy;
}
