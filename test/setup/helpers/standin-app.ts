// TA_defender_sync as the splunkd stand-in sees it, without building it: the repo's default/ and
// metadata/, and for each of our three schemes a /bin/sh launcher whose --scheme prints the scheme
// rendered from our InputDefinitions and whose --validate-arguments fails for account 'reject' (the
// live check's place). Enough for the setup services; the browser suite uses the real built app.
import { chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ID } from '../../../src/config/names';
import { INPUT_DEFINITIONS } from '../../../src/inputs/definitions';
import { renderScheme } from '../../../src/splunk/modinput/scheme';
import { repoRoot } from '../../helpers/shared';

export const REJECT_MESSAGE = "account 'reject': Entra ID refused the client secret (AADSTS7000215): create a new secret and save it on the Configuration page";

export function writeStandInApp(splunkHome: string): string {
  const dir = join(splunkHome, 'etc', 'apps', APP_ID);
  for (const part of ['default', 'metadata']) cpSync(join(repoRoot, part), join(dir, part), { recursive: true });
  mkdirSync(join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'README'), { recursive: true });
  writeFileSync(join(dir, 'README', 'inputs.conf.spec'), INPUT_DEFINITIONS.map((d) => `[${d.scheme}://<name>]\n${d.args.map((a) => `${a.name} = <string>\n`).join('')}`).join('\n'));
  for (const def of INPUT_DEFINITIONS) {
    const file = join(dir, 'bin', `${def.scheme}.sh`);
    writeFileSync(
      file,
      `#!/bin/sh
if [ "$1" = "--scheme" ]; then
cat <<'EOF_SCHEME'
${renderScheme(def)}
EOF_SCHEME
exit 0
fi
input=$(cat)
if [ "$1" = "--validate-arguments" ]; then
  case "$input" in
    *'<param name="account">reject</param>'*) echo "<error><message>${REJECT_MESSAGE}</message></error>"; exit 1 ;;
  esac
  exit 0
fi
exit 0
`,
    );
    chmodSync(file, 0o755);
  }
  return dir;
}
