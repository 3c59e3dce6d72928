// Archive shape: one top-level folder named after [package] id, nothing Splunk must not receive.
import { appConf } from './conf';
import { appPath, findEntry, normalisedPath } from './model';
import type { Finding, PackageCheck } from './types';

export const topLevelFolder: PackageCheck = {
  id: 'top-level-folder',
  rule: 'every member sits in one top-level folder named like [package] id',
  run(tree) {
    if (tree.entries.length === 0) return [{ check: this.id, message: `${tree.source} is empty` }];
    const tops = [...new Set(tree.entries.map((e) => normalisedPath(e.member).split('/')[0]))];
    const findings: Finding[] = tops.length > 1 ? [{ check: this.id, message: `more than one top-level entry: ${tops.join(', ')}` }] : [];
    const id = appConf(tree).package?.id;
    if (tops.length === 1 && id !== undefined && tops[0] !== id)
      findings.push({ check: this.id, message: `top-level folder '${tops[0]}' differs from [package] id '${id}'` });
    // Members that are only the folder name without a trailing slash but are files would also be "outside".
    for (const e of tree.entries)
      if (e.type !== 'directory' && !normalisedPath(e.member).includes('/'))
        findings.push({ check: this.id, path: e.member, message: `file '${e.member}' is outside the app folder` });
    return findings;
  },
};

export const archiveFormat: PackageCheck = {
  id: 'archive-format',
  rule: 'a gzip-compressed tar (.tgz/.spl) that holds more than default/app.conf',
  run(tree) {
    const findings: Finding[] = [];
    if (tree.gzip === false) findings.push({ check: this.id, message: `${tree.source} is not gzip-compressed` });
    if (tree.entries.filter((e) => e.type === 'file').length < 2)
      findings.push({ check: this.id, message: `${tree.source} holds no more than one file` });
    return findings;
  },
};

export const appConfPresent: PackageCheck = {
  id: 'app-conf-present',
  rule: 'default/app.conf exists',
  run(tree) {
    return findEntry(tree, 'default/app.conf') ? [] : [{ check: this.id, message: 'default/app.conf is missing' }];
  },
};

export const noLocal: PackageCheck = {
  id: 'no-local',
  rule: 'no local/ folder and no metadata/local.meta',
  run(tree) {
    return tree.entries
      .filter((e) => {
        const p = appPath(e);
        return p === 'local' || p.startsWith('local/') || p === 'metadata/local.meta';
      })
      .map((e) => ({ check: this.id, path: appPath(e), message: `'${appPath(e)}' must not be packaged (it is the admin's, and overrides their settings on upgrade)` }));
  },
};

export const noHiddenFiles: PackageCheck = {
  id: 'no-hidden-files',
  rule: 'no file or folder whose name starts with a dot, no __MACOSX',
  run(tree) {
    return tree.entries
      .filter((e) => normalisedPath(e.member).split('/').some((part) => part.startsWith('.') || part === '__MACOSX'))
      .map((e) => ({ check: this.id, path: e.member, message: `hidden or macOS metadata entry '${e.member}'` }));
  },
};

export const noDotSlashMembers: PackageCheck = {
  id: 'no-dot-slash-members',
  rule: "no member name starting with './' or '/', none containing '..'",
  run(tree) {
    return tree.entries
      .filter((e) => e.member.startsWith('./') || e.member.startsWith('/') || e.member.split('/').includes('..'))
      .map((e) => ({ check: this.id, path: e.member, message: `member name '${e.member}' is not a plain relative path` }));
  },
};
