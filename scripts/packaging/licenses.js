// LICENSES/THIRD-PARTY-NOTICES.txt: the name, version, license and full license file of every npm package
// whose code esbuild put into the bundles, found from the bundles' metafiles.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const LICENSE_FILE = /^(licen[cs]e|copying|notice)(\.|-|$)/i;

// Some packages declare MIT in package.json but ship no license file; the MIT terms require the notice
// to travel with the code, so their notice is the standard MIT text with the declared author.
const MIT_TEXT = (holder) => `MIT License (standard text; the package ships no license file)

Copyright (c) ${holder}

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and
to permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions
of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO
THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF
CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
IN THE SOFTWARE.`;

const authorOf = (pkg) => (typeof pkg.author === 'string' ? pkg.author : pkg.author?.name) ?? `the ${pkg.name} authors`;

/** `node_modules/@scope/name/lib/x.js` → `node_modules/@scope/name` (the innermost package). */
export function packageDirOf(input) {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const scoped = parts[at + 1]?.startsWith('@');
  return parts.slice(0, at + (scoped ? 3 : 2)).join('/');
}

export function bundledPackageDirs(metafiles) {
  const dirs = new Set();
  for (const meta of metafiles) {
    for (const input of Object.keys(meta.inputs)) {
      const dir = packageDirOf(input);
      if (dir) dirs.add(dir);
    }
  }
  return [...dirs].sort();
}

export function renderThirdPartyNotices(root, metafiles) {
  const sections = [];
  const missing = [];
  for (const dir of bundledPackageDirs(metafiles)) {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const files = existsSync(join(root, dir)) ? readdirSync(join(root, dir)).filter((f) => LICENSE_FILE.test(f)).sort() : [];
    const texts = files.map((f) => readFileSync(join(root, dir, f), 'utf8').trim());
    if (texts.length === 0 && pkg.license === 'MIT') texts.push(MIT_TEXT(authorOf(pkg)));
    if (texts.length === 0) missing.push(`${pkg.name}@${pkg.version}`);
    sections.push(
      [`${pkg.name}@${pkg.version}`, `License: ${pkg.license ?? 'see below'}`, '', ...texts].join('\n'),
    );
  }
  if (missing.length)
    throw new Error(`no license file found for bundled package(s) ${missing.join(', ')}: add their license text to scripts/packaging/licenses.js or drop the dependency.`);
  const rule = `\n\n${'='.repeat(78)}\n\n`;
  return `Third-party software bundled in bin/lib/ and appserver/static/ of TA_defender_sync${rule}${sections.join(rule)}\n`;
}
