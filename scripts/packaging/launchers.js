// Launchers: bin/<name>.sh (POSIX sh, LF) and bin/<name>.cmd (CRLF) from the readable templates in
// scripts/launchers/, one pair per entry point.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

export function readLauncherTemplates(root) {
  return {
    sh: readFileSync(join(root, 'scripts/launchers/launcher.sh'), 'utf8'),
    cmd: readFileSync(join(root, 'scripts/launchers/launcher.cmd'), 'utf8'),
  };
}

/** Fills in the entry name; `.sh` gets LF only, `.cmd` gets CRLF only (cmd.exe misparses bare LF labels). */
export function renderLaunchers(name, templates) {
  if (!NAME_PATTERN.test(name))
    throw new Error(`entry point '${name}' cannot name a launcher: use lower-case letters, digits and '_' (src/entry/<name>.ts).`);
  const fill = (t) => t.replaceAll('@NAME@', name).replace(/\r\n/g, '\n');
  return { sh: fill(templates.sh), cmd: fill(templates.cmd).replace(/\n/g, '\r\n') };
}
