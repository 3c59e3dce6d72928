// Binaries without source (the bundled Node.js runtime) must be declared in README.txt's
// "# Binary File Declaration" section, stamped with real values.
import { appPath, fileText } from './model';
import type { Finding, PackageCheck } from './types';

export const binaryDeclaration: PackageCheck = {
  id: 'binary-declaration',
  rule: 'README.txt declares every bundled binary (bin/runtime/*/node, node.exe) under "# Binary File Declaration", with no unfilled @PLACEHOLDER@',
  run(tree) {
    const readme = fileText(tree, 'README.txt');
    if (readme === undefined) return [{ check: this.id, message: 'README.txt is missing' }];
    const findings: Finding[] = [];
    const placeholders = readme.match(/@[A-Z_]+@/g);
    if (placeholders) findings.push({ check: this.id, path: 'README.txt', message: `README.txt has unfilled placeholders ${[...new Set(placeholders)].join(', ')}` });
    const binaries = tree.entries.filter((e) => e.type === 'file').map(appPath).filter((p) => /^bin\/runtime\/[^/]+\/node(\.exe)?$/.test(p));
    if (binaries.length === 0) return findings;
    const at = readme.indexOf('# Binary File Declaration');
    if (at < 0) return [...findings, { check: this.id, path: 'README.txt', message: 'README.txt has no "# Binary File Declaration" section for the bundled runtime' }];
    const section = readme.slice(at);
    for (const binary of binaries)
      if (!section.includes(binary)) findings.push({ check: this.id, path: binary, message: `README.txt's Binary File Declaration does not name ${binary}` });
    return findings;
  },
};
