// No secrets in the package: no secret-named setting with a value in a conf, no secret-looking value anywhere
// in default/ or metadata/, and no secret-named setting declared in the app's own spec files (secrets belong
// in storage/passwords).
import { confStanzas } from './conf';
import { appPath, fileText, type PackageTree } from './model';
import { parseSpec } from './spec';
import type { Finding, PackageCheck } from './types';

const SECRET_KEY = /(^|[._-])(pass(word|wd)?|secret|client_secret|token|api_?key|private_?key|session_?key|credentials?)($|[._-])/i;

const SECRET_VALUES: ReadonlyArray<[string, RegExp]> = [
  ['a PEM private key', /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/],
  ['a JSON Web Token', /\beyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/],
  ['an Entra ID client secret', /\b[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}\b/],
  ['an HTTP authorization header', /\b(Bearer|Basic)\s+[A-Za-z0-9+/=._-]{16,}/],
  ['a Splunk session key', /\bSplunk\s+[A-Za-z0-9^_]{40,}/],
];

const confFiles = (tree: PackageTree) =>
  tree.entries.map(appPath).filter((p) => /^default\/[^/]+\.conf$/.test(p) || p === 'metadata/default.meta');

export const noSecrets: PackageCheck = {
  id: 'no-secrets',
  rule: 'no secret values in default/*.conf or metadata/, no secret settings in README/*.conf.spec',
  run(tree) {
    const findings: Finding[] = [];
    for (const path of confFiles(tree)) {
      for (const stanza of confStanzas(tree, path) ?? []) {
        for (const { key, value, line } of stanza.entries) {
          if (SECRET_KEY.test(key) && value !== '')
            findings.push({ check: this.id, path, message: `${path} line ${line}: [${stanza.name}] ${key} holds a value; secrets belong in storage/passwords` });
          for (const [what, pattern] of SECRET_VALUES)
            if (pattern.test(value)) findings.push({ check: this.id, path, message: `${path} line ${line}: [${stanza.name}] ${key} looks like ${what}` });
        }
      }
    }
    for (const path of tree.entries.map(appPath).filter((p) => /^README\/[^/]+\.conf\.spec$/.test(p))) {
      const spec = parseSpec(fileText(tree, path) ?? '');
      for (const key of [...spec.global, ...spec.stanzas.flatMap((s) => s.keys)])
        if (SECRET_KEY.test(key)) findings.push({ check: this.id, path, message: `${path} declares the secret setting '${key}'; secrets belong in storage/passwords` });
    }
    return findings;
  },
};
