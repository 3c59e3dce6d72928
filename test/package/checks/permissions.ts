// File modes: owner can read/write files and enter folders, nothing world-writable, exec bits only where
// Splunk executes files, launchers executable by everyone.
import { appPath } from './model';
import type { Finding, PackageCheck } from './types';

const octal = (mode: number) => mode.toString(8).padStart(3, '0');
const mayBeExecutable = (path: string) => path.startsWith('bin/') || path.startsWith('appserver/controllers/');

export const permissions: PackageCheck = {
  id: 'permissions',
  rule: 'files >= 600, folders >= 700, nothing world-writable, exec bits only in bin/, bin/*.sh 755',
  run(tree) {
    const findings: Finding[] = [];
    const add = (path: string, message: string) => findings.push({ check: this.id, path, message });
    for (const e of tree.entries) {
      const path = appPath(e) || e.member;
      if (e.type === 'directory') {
        if ((e.mode & 0o700) !== 0o700) add(path, `folder '${path}' has mode ${octal(e.mode)}: the owner needs rwx (700)`);
      } else if ((e.mode & 0o600) !== 0o600) add(path, `file '${path}' has mode ${octal(e.mode)}: the owner needs rw (600)`);
      if (e.mode & 0o002) add(path, `'${path}' is world-writable (mode ${octal(e.mode)})`);
      if (e.type === 'file' && e.mode & 0o111 && !mayBeExecutable(path))
        add(path, `'${path}' has an exec bit (mode ${octal(e.mode)}) outside bin/`);
      if (e.type === 'file' && /^bin\/[^/]+\.sh$/.test(path) && (e.mode & 0o755) !== 0o755)
        add(path, `launcher '${path}' has mode ${octal(e.mode)}: splunkd executes it directly, it needs 755`);
    }
    return findings;
  },
};
