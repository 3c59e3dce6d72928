// Acceptance guard: every golden vector shipped in shared/splunk/modinput-vectors is exercised by a test here.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { sharedPath } from '../../helpers/shared';

describe('modular-input golden vectors', () => {
  it('are each used by at least one test in this folder', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const tests = readdirSync(here)
      .filter((f) => f.endsWith('.test.ts') && f !== 'vectors.test.ts')
      .map((f) => readFileSync(join(here, f), 'utf8'))
      .join('\n');
    const vectors = readdirSync(sharedPath('splunk', 'modinput-vectors')).filter((f) => f.endsWith('.xml'));
    expect(vectors).to.have.length.greaterThan(0);
    const unused = vectors.filter((v) => !tests.includes(`'${v}'`));
    expect(unused).to.deep.equal([]);
  });
});
