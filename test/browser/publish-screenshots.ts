// `npm run screenshots`: after the browser suite ran, copy its screenshots (both themes) from
// test-output/screenshots/ to docs/screenshots/, which the README shows. Fails if one is missing.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/shared';
import { SCREENSHOT_DIR, SCREENSHOT_NAMES } from './helpers/ui';

const target = join(repoRoot, 'docs', 'screenshots');
mkdirSync(target, { recursive: true });
const missing: string[] = [];
for (const name of SCREENSHOT_NAMES) {
  for (const theme of ['light', 'dark']) {
    const file = `${name}-${theme}.png`;
    if (!existsSync(join(SCREENSHOT_DIR, file))) missing.push(file);
    else copyFileSync(join(SCREENSHOT_DIR, file), join(target, file));
  }
}
if (missing.length > 0) {
  console.error(`missing screenshots in ${SCREENSHOT_DIR}: ${missing.join(', ')}; run the browser suite first (it failed?)`);
  process.exit(1);
}
console.log(`copied ${SCREENSHOT_NAMES.length * 2} screenshots to ${target}`);
