// A small app for testing the splunkd stand-in: a modular input and an alert action written as /bin/sh
// scripts (so they run with a PATH that has no node), whose behaviour is chosen by a `mode` parameter.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FAKE_APP = 'TA_fake';
export const FAKE_SCHEME = 'fake_input';
export const FAKE_ACTION = 'fake_action';

const SCHEME_XML = `<scheme>
  <title>Fake input</title>
  <description>For tests &amp; demos</description>
  <use_external_validation>true</use_external_validation>
  <use_single_instance>false</use_single_instance>
  <streaming_mode>xml</streaming_mode>
  <endpoint>
    <args>
      <arg name="mode"><data_type>string</data_type><required_on_edit>false</required_on_edit><required_on_create>true</required_on_create></arg>
      <arg name="account"><data_type>string</data_type><required_on_edit>false</required_on_edit><required_on_create>false</required_on_create></arg>
    </args>
  </endpoint>
</scheme>`;

const INPUT_SCRIPT = `#!/bin/sh
if [ "$1" = "--scheme" ]; then
  cat <<'EOF'
${SCHEME_XML}
EOF
  exit 0
fi
input=$(cat)
if [ "$1" = "--validate-arguments" ]; then
  printf '%s' "$input" > "$SPLUNK_HOME/last_validate.xml"
  case "$input" in
    *'>reject<'*) echo "<error><message>account 'prod': Graph returned 403: grant SecurityIncident.Read.All &amp; admin-consent</message></error>"; exit 1 ;;
    *'>crash<'*) echo "boom" >&2; exit 7 ;;
  esac
  exit 0
fi
printf '%s' "$input" > "$SPLUNK_HOME/last_input.xml"
printf '%s\\n' "$@" > "$SPLUNK_HOME/last_argv.txt"
env > "$SPLUNK_HOME/last_env.txt"
pwd > "$SPLUNK_HOME/last_cwd.txt"
mode=$(printf '%s' "$input" | sed -n 's/.*<param name="mode">\\([^<]*\\)<.*/\\1/p')
case "$mode" in
  good)
    printf '<stream>\\n<event stanza="fake_input://good" unbroken="1"><time>1763800100.123</time><data>{"a":1}</data><done/></event>\\n'
    printf '<event><sourcetype>st2</sourcetype><index>summary</index><source>src2</source><host>h2</host><data>x &amp; y &lt;z&gt; é</data></event>\\n</stream>\\n'
    echo "INFO action=run_complete events=2" >&2 ;;
  fragments)
    printf '<stream><event unbroken="1"><data>part one, </data></event><event unbroken="1"><data><![CDATA[part <two>]]></data><done/></event></stream>' ;;
  broken)
    printf '<stream><event><data>ok</data></event><event><data>unterminated</dat></event><event><data>after</data></event></stream>' ;;
  nodata)
    printf '<stream><event><time>1</time></event></stream>' ;;
  badutf8)
    printf '<stream><event><data>ok</data></event><event><data>\\377\\376</data></event></stream>' ;;
  unclosed)
    printf '<stream><event><data>only</data></event>' ;;
  noindex)
    printf '<stream><event><index>nosuchindex</index><data>lost</data></event></stream>' ;;
  stderr)
    echo "no level here" >&2; echo "WARN careful now" >&2; echo "DEBUG detail" >&2; echo "ERROR bad" >&2; printf 'FATAL last without newline' >&2; exit 3 ;;
  slow)
    printf '<stream><event><data>first</data></event>\\n'
    sleep 30
    printf '<event><data>never</data></event></stream>' ;;
esac
exit 0
`;

const ACTION_SCRIPT = `#!/bin/sh
if [ "$1" != "--execute" ]; then echo "FATAL expected --execute, got: $*" >&2; exit 9; fi
cat > "$SPLUNK_HOME/last_payload.json"
printf '%s\\n' "$@" > "$SPLUNK_HOME/last_action_argv.txt"
echo "INFO action ran" >&2
echo "unprefixed line" >&2
case "$(cat "$SPLUNK_HOME/last_payload.json")" in
  *'"mode":"slow"'*) sleep 30 ;;
  *'"mode":"fail"'*) echo "ERROR row 2 failed" >&2; exit 2 ;;
esac
exit 0
`;

export interface FakeApp {
  dir: string;
  write(relative: string, content: string, mode?: number): void;
}

/** Writes TA_fake under `<splunkHome>/etc/apps` (or under `parent` for installApp tests). */
export function writeFakeApp(parent: string, options: { inputsConf?: string } = {}): FakeApp {
  const dir = join(parent, FAKE_APP);
  const write = (relative: string, content: string, mode = 0o644) => {
    const path = join(dir, relative);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
    chmodSync(path, mode);
  };
  write('default/app.conf', '[install]\nis_configured = false\n\n[ui]\nis_visible = true\nlabel = Fake Add-on\n\n[launcher]\nversion = 1.2.3\nauthor = tests\n\n[id]\nname = TA_fake\nversion = 1.2.3\n');
  write('README/inputs.conf.spec', `[${FAKE_SCHEME}://<name>]\nmode = <string>\naccount = <string>\n\n[broken_scheme://<name>]\nx = <string>\n\n[missing_exe://<name>]\ny = <string>\n`);
  write(
    'default/inputs.conf',
    options.inputsConf ??
      `[${FAKE_SCHEME}]\ninterval = 300\nindex = main\n\n` +
        ['good', 'fragments', 'broken', 'nodata', 'badutf8', 'unclosed', 'noindex', 'stderr', 'slow']
          .map((m) => `[${FAKE_SCHEME}://${m}]\nmode = ${m}\n`)
          .join('\n') +
        `\n[${FAKE_SCHEME}://off]\nmode = good\ndisabled = 1\n`,
  );
  write('default/ta_fake_settings.conf', '[logging]\nloglevel = INFO\n\n[proxy]\nproxy_enabled = 0\n');
  write('default/alert_actions.conf', `[${FAKE_ACTION}]\nis_custom = 1\nlabel = Fake action\npayload_format = json\nmaxtime = 1s\nparam.mode = ok\nparam.index = main\nparam.comment =\n`);
  write(`bin/${FAKE_SCHEME}.sh`, INPUT_SCRIPT, 0o755);
  write('bin/broken_scheme.sh', '#!/bin/sh\necho "ERROR cannot start" >&2\nexit 2\n', 0o755);
  write(`bin/${FAKE_ACTION}.sh`, ACTION_SCRIPT, 0o755);
  return { dir, write };
}

/** A PATH directory with the few tools the fake scripts use, and no node. */
export function pathWithoutNode(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ds-path-'));
  for (const tool of ['sh', 'cat', 'sed', 'sleep', 'env', 'printf', 'pwd']) {
    const from = [`/usr/bin/${tool}`, `/bin/${tool}`].find((p) => existsSync(p));
    if (from) symlinkSync(from, join(dir, tool));
  }
  return dir;
}
