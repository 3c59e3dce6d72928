import { expect } from 'chai';
import { setConfValues } from '../../scripts/packaging/app-conf';
import { builtPackages } from '../build/fixture';
import { sharedPath } from '../helpers/shared';
import { loadSplunkSpecs, PACKAGE_CHECKS, runChecks, type CheckContext } from './checks/index';
import { fileText, treeFromDirectory, treeFromTarball, type PackageTree } from './checks/model';
import { cloneTree, editText, withDirectory, withFile, withMembers, withMode, withoutPath } from './mutate';

const setAppConf = (stanza: string, key: string, value: string) => (t: PackageTree) =>
  editText(t, 'default/app.conf', (text) => setConfValues(text, { [stanza]: { [key]: value } }));
const appendTo = (path: string, text: string) => (t: PackageTree) => editText(t, path, (s) => `${s}\n${text}\n`);

interface BreakCase {
  check: string;
  breakage: string;
  mutate: (tree: PackageTree) => PackageTree;
  /** A platform package (with its runtime) instead of the runtime-less one. */
  base?: 'linux' | 'windows';
  message: RegExp;
  /** Other checks legitimately fail too (e.g. no app.conf at all). */
  alsoFails?: string[];
}

const PEM_KEY = ['-----BEGIN', 'PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-----END', 'PRIVATE KEY-----'].join(' ');

const CASES: BreakCase[] = [
  { check: 'top-level-folder', breakage: 'top-level folder named differently from [package] id', mutate: (t) => withMembers(t, (m) => m.replace(/^TA_defender_sync/, 'Defender_Sync')), message: /top-level folder 'Defender_Sync' differs from \[package\] id 'TA_defender_sync'/ },
  { check: 'top-level-folder', breakage: 'a file beside the app folder', mutate: (t) => ({ ...cloneTree(t), entries: [...cloneTree(t).entries, { member: 'notes.txt', type: 'file', mode: 0o644, size: 1, content: Buffer.from('x') }] }), message: /more than one top-level entry: TA_defender_sync, notes.txt/ },
  { check: 'archive-format', breakage: 'not gzip-compressed', mutate: (t) => ({ ...cloneTree(t), gzip: false }), message: /is not gzip-compressed/ },
  { check: 'app-conf-present', breakage: 'default/app.conf missing', mutate: (t) => withoutPath(t, 'default/app.conf'), message: /default\/app.conf is missing/, alsoFails: ['app-version', 'app-id', 'app-label', 'launcher-description', 'install-build'] },
  { check: 'no-local', breakage: 'a local/ folder', mutate: (t) => withFile(withDirectory(t, 'local'), 'local/inputs.conf', '[defender_sync_incidents://x]\naccount = a\n'), message: /'local\/inputs.conf' must not be packaged/ },
  { check: 'no-local', breakage: 'metadata/local.meta', mutate: (t) => withFile(t, 'metadata/local.meta', '[]\naccess = read : [ * ]\n'), message: /'metadata\/local.meta' must not be packaged/ },
  { check: 'no-hidden-files', breakage: 'a .DS_Store file', mutate: (t) => withFile(t, 'static/.DS_Store', 'x'), message: /hidden or macOS metadata entry 'TA_defender_sync\/static\/.DS_Store'/ },
  { check: 'no-hidden-files', breakage: 'a __MACOSX folder', mutate: (t) => withDirectory(t, '__MACOSX'), message: /__MACOSX/ },
  { check: 'no-dot-slash-members', breakage: "members stored as './TA_defender_sync/…'", mutate: (t) => withMembers(t, (m) => `./${m}`), message: /member name '.\/TA_defender_sync\/default\/app.conf' is not a plain relative path/ },
  { check: 'permissions', breakage: 'a world-writable file', mutate: (t) => withMode(t, 'default/app.conf', 0o666), message: /'default\/app.conf' is world-writable \(mode 666\)/ },
  { check: 'permissions', breakage: 'an exec bit outside bin/', mutate: (t) => withMode(t, 'static/appIcon.png', 0o755), message: /'static\/appIcon.png' has an exec bit \(mode 755\) outside bin\// },
  { check: 'permissions', breakage: 'a launcher without exec bits', mutate: (t) => withMode(t, 'bin/defender_sync_incidents.sh', 0o644), message: /launcher 'bin\/defender_sync_incidents.sh' has mode 644: .* it needs 755/ },
  { check: 'permissions', breakage: 'a file the owner cannot write', mutate: (t) => withMode(t, 'README.txt', 0o444), message: /file 'README.txt' has mode 444: the owner needs rw/ },
  { check: 'permissions', breakage: 'a folder the owner cannot enter', mutate: (t) => withMode(t, 'default', 0o644), message: /folder 'default' has mode 644: the owner needs rwx/ },
  { check: 'app-version', breakage: '[launcher] version differs from [id] version', mutate: setAppConf('launcher', 'version', '1.0.1'), message: /\[id\] version '.*' differs from \[launcher\] version '1.0.1'/ },
  { check: 'app-version', breakage: 'a version that is not semver', mutate: (t) => setAppConf('launcher', 'version', '1.0')(setAppConf('id', 'version', '1.0')(t)), message: /\[id\] version '1.0' is not semver 2.0.0/ },
  { check: 'app-id', breakage: '[id] name differs from [package] id', mutate: setAppConf('id', 'name', 'defender_sync'), message: /\[id\] name 'defender_sync' differs from \[package\] id 'TA_defender_sync'/ },
  { check: 'app-label', breakage: 'a 3-character label', mutate: setAppConf('ui', 'label', 'DSA'), message: /has 3 characters; use 5 to 80/ },
  { check: 'app-label', breakage: 'a label with "Splunk for"', mutate: setAppConf('ui', 'label', 'Splunk for Defender'), message: /must not contain "Splunk for"/ },
  { check: 'launcher-description', breakage: 'a 201-character description', mutate: setAppConf('launcher', 'description', 'x'.repeat(201)), message: /has 201 characters; use at most 200/ },
  { check: 'install-build', breakage: '[install] build 0', mutate: setAppConf('install', 'build', '0'), message: /\[install\] build '0' must be a positive integer/ },
  { check: 'icons', breakage: 'appIcon.png of the wrong size', mutate: (t) => withFile(t, 'static/appIcon.png', fileText(t, 'static/appIcon_2x.png') === undefined ? '' : treeFile(t, 'static/appIcon_2x.png')), message: /static\/appIcon.png is 72x72; it must be 36x36/ },
  { check: 'icons', breakage: 'appIconAlt.png missing', mutate: (t) => withoutPath(t, 'static/appIconAlt.png'), message: /static\/appIconAlt.png is missing/ },
  { check: 'icons', breakage: 'appLogo.png that is not a PNG', mutate: (t) => withFile(t, 'static/appLogo.png', 'GIF89a'), message: /static\/appLogo.png is not a PNG file/ },
  { check: 'modinput-executables', breakage: 'no Windows launcher for one scheme', mutate: (t) => withoutPath(t, 'bin/defender_sync_alerts.cmd'), message: /modular input 'defender_sync_alerts' has no Windows executable/ },
  { check: 'modinput-executables', breakage: 'no *nix launcher for one scheme', mutate: (t) => withoutPath(t, 'bin/defender_sync_endpoint_alerts.sh'), message: /modular input 'defender_sync_endpoint_alerts' has no \*nix executable/ },
  { check: 'inputs-spec-line-breaks', breakage: 'two settings on one line of README/inputs.conf.spec', mutate: appendTo('README/inputs.conf.spec', 'first_one = <string> second_one = <string>'), message: /holds more than one setting/ },
  { check: 'shell-scripts', breakage: 'a launcher with CRLF line endings', mutate: (t) => editText(t, 'bin/defender_sync_incidents.sh', (s) => s.replace(/\n/g, '\r\n')), message: /bin\/defender_sync_incidents.sh has CR characters/ },
  { check: 'shell-scripts', breakage: 'a launcher without #!', mutate: (t) => editText(t, 'bin/defender_sync_alerts.sh', (s) => s.replace(/^#!.*\n/, '')), message: /bin\/defender_sync_alerts.sh does not start with a #! line/ },
  { check: 'alert-actions', breakage: 'an alert action whose icon_path does not exist', mutate: (t) => withFile(t, 'default/alert_actions.conf', '[defender_sync_probe]\nis_custom = 1\nicon_path = missing.png\npayload_format = json\n'), message: /\[defender_sync_probe\] icon_path 'missing.png' does not exist in appserver\/static\// },
  { check: 'alert-actions', breakage: 'an alert action with payload_format yaml', mutate: (t) => withFile(t, 'default/alert_actions.conf', '[defender_sync_probe]\nicon_path = defender_sync_update.png\npayload_format = yaml\n'), message: /payload_format 'yaml' must be json or xml/ },
  { check: 'search-commands', breakage: 'a v1-only key (generating) in a chunked stanza', mutate: appendTo('default/commands.conf', '[defendersync]\ngenerating = true'), message: /\[defendersync\] generating is not valid in a chunked command/ },
  { check: 'search-commands', breakage: 'run_in_preview, which the 10.2 spec allows but AppInspect fails', mutate: appendTo('default/commands.conf', '[defendersync]\nrun_in_preview = false'), message: /run_in_preview is not valid in a chunked command/ },
  { check: 'search-commands', breakage: 'filename pointing at a .js script', mutate: (t) => editText(t, 'default/commands.conf', (s) => s.replace('filename = defendersync.sh', 'filename = defendersync.js')), message: /filename 'defendersync.js': Splunk 10.2 no longer runs .js commands/ },
  { check: 'search-commands', breakage: 'filename with a path', mutate: (t) => editText(t, 'default/commands.conf', (s) => s.replace('filename = defendersync.sh', 'filename = ../bin/defendersync.sh')), message: /must be a file name in bin\/, not a path/ },
  { check: 'search-commands', breakage: 'the executable missing from bin/', mutate: (t) => withoutPath(t, 'bin/defendersync.sh'), message: /filename 'defendersync.sh' does not exist in bin\/ or <platform>\/bin\// },
  { check: 'search-commands', breakage: 'a chunked stanza without filename', mutate: (t) => editText(t, 'default/commands.conf', (s) => s.replace(/^filename = .*$/m, '')), message: /has no filename: splunkd's ChunkedExternProcessor needs one/ },
  { check: 'search-commands', breakage: 'the .sh launcher in the Windows package', base: 'windows', mutate: (t) => editText(t, 'default/commands.conf', (s) => s.replace('filename = defendersync.cmd', 'filename = defendersync.sh')), message: /filename 'defendersync.sh' cannot run on Windows/ },
  { check: 'search-commands', breakage: 'an upper-case command name', mutate: appendTo('default/commands.conf', '[DefenderSync]\nchunked = true\nfilename = defendersync.sh'), message: /\[DefenderSync\] is not a valid command name/ },
  { check: 'search-commands', breakage: 'no search-assistant help', mutate: (t) => withoutPath(t, 'default/searchbnf.conf'), message: /has no \[defendersync-command\] stanza in default\/searchbnf.conf/ },
  { check: 'conf-keys', breakage: 'a misspelt searchbnf.conf key', mutate: appendTo('default/searchbnf.conf', '[defendersync-command]\nexampel1 = x'), message: /\[defendersync-command\] exampel1 is not a setting of searchbnf.conf/ },
  { check: 'conf-keys', breakage: 'an unknown key in app.conf [ui]', mutate: appendTo('default/app.conf', '[ui]\nfrobnicate = 1'), message: /\[ui\] frobnicate is not a setting of app.conf/ },
  { check: 'conf-keys', breakage: 'a misspelt macros.conf key', mutate: appendTo('default/macros.conf', '[defender_sync_index]\ndefiniton = (index=x)'), message: /\[defender_sync_index\] definiton is not a setting of macros.conf/ },
  { check: 'conf-keys', breakage: 'a key of our own conf missing from its README spec', mutate: appendTo('default/ta_defender_sync_settings.conf', '[proxy]\nproxy_colour = blue'), message: /\[proxy\] proxy_colour is not a setting of ta_defender_sync_settings.conf .*README\/ta_defender_sync_settings.conf.spec/ },
  { check: 'conf-keys', breakage: 'a conf without any spec', mutate: (t) => withFile(t, 'default/frobnicator.conf', '[x]\ny = 1\n'), message: /no spec file for frobnicator.conf/ },
  { check: 'conf-keys', breakage: 'an unknown default.meta setting', mutate: appendTo('metadata/default.meta', '[macros]\nshared = yes'), message: /\[macros\] shared is not a default.meta setting/ },
  { check: 'conf-keys', breakage: 'an input setting the scheme does not declare', mutate: appendTo('default/inputs.conf', '[defender_sync_incidents]\npage_size = 50'), message: /\[defender_sync_incidents\] page_size is not a setting of inputs.conf/ },
  { check: 'no-secrets', breakage: 'a private key in a conf value', mutate: appendTo('default/macros.conf', `[defender_sync_index]\ndescription = ${PEM_KEY}`), message: /description looks like a PEM private key/ },
  { check: 'no-secrets', breakage: 'an Entra ID client secret in a conf value', mutate: appendTo('default/macros.conf', `[defender_sync_index]\ndescription = abc8Q~${'Ab1_'.repeat(8)}xy`), message: /looks like an Entra ID client secret/ },
  { check: 'no-secrets', breakage: 'a secret setting declared in our own spec', mutate: appendTo('README/ta_defender_sync_settings.conf.spec', '[proxy]\nproxy_password = <string>'), message: /declares the secret setting 'proxy_password'/ },
  { check: 'no-secrets', breakage: 'a password with a value in a conf', mutate: appendTo('default/ta_defender_sync_settings.conf', '[proxy]\nproxy_password = hunter2'), message: /proxy_password holds a value; secrets belong in storage\/passwords/, alsoFails: ['conf-keys'] },
  { check: 'binary-declaration', breakage: 'the bundled runtime without a Binary File Declaration', base: 'linux', mutate: (t) => editText(t, 'README.txt', (s) => s.replace('# Binary File Declaration', '# Binaries')), message: /no "# Binary File Declaration" section/ },
  { check: 'binary-declaration', breakage: 'an unfilled version placeholder in README.txt', mutate: appendTo('README.txt', 'Node.js @NODE_VERSION@'), message: /unfilled placeholders @NODE_VERSION@/ },
  { check: 'studio-dashboards', breakage: 'Dashboard Studio JSON that does not parse', mutate: (t) => editText(t, 'default/data/ui/views/defender_sync_sla.xml', (s) => s.replace('"visualizations": {', '"visualizations": {,')), message: /defender_sync_sla.xml: the definition is not valid JSON/ },
  { check: 'studio-dashboards', breakage: 'a panel whose data source does not exist', mutate: (t) => editText(t, 'default/data/ui/views/defender_sync_soc_overview.xml', (s) => s.replace('"primary": "ds_open_total"', '"primary": "ds_open_totals"')), message: /visualization viz_open_total: data source "ds_open_totals" does not exist/ },
  { check: 'studio-dashboards', breakage: 'a visualization type Dashboard Studio does not have', mutate: (t) => editText(t, 'default/data/ui/views/defender_sync_workload.xml', (s) => s.replace('"type": "splunk.bar"', '"type": "splunk.barchart"')), message: /viz_open_per_assignee: type "splunk.barchart" is not a Dashboard Studio visualization/ },
  { check: 'studio-dashboards', breakage: 'a visualization left out of the layout', mutate: (t) => editText(t, 'default/data/ui/views/defender_sync_response_audit.xml', (s) => s.replace('"item": "viz_audit_trail"', '"item": "viz_outcomes_by_user"')), message: /visualization viz_audit_trail is not placed in the layout/ },
  { check: 'studio-dashboards', breakage: 'a time token no input sets', mutate: (t) => editText(t, 'default/data/ui/views/defender_sync_health.xml', (s) => s.replace('"token": "global_time"', '"token": "time_range"')), message: /token \$global_time…\$ is set by no input/ },
  { check: 'nav-views', breakage: 'a view missing from the nav', mutate: (t) => editText(t, 'default/data/ui/nav/default.xml', (s) => s.replace('<view name="defender_sync_sla" />', '')), message: /view 'defender_sync_sla' is not in default\/data\/ui\/nav\/default.xml/ },
  { check: 'nav-views', breakage: 'the nav naming a view the app lacks', mutate: (t) => withoutPath(t, 'default/data/ui/views/defender_sync_workload.xml'), message: /names view 'defender_sync_workload', which the app does not ship/ },
  { check: 'conf-keys', breakage: 'a misspelt collections.conf key', mutate: appendTo('default/collections.conf', '[defender_sync_state]\nfeild.kind = string'), message: /\[defender_sync_state\] feild.kind is not a setting of collections.conf/ },
  { check: 'conf-keys', breakage: 'a misspelt transforms.conf key', mutate: appendTo('default/transforms.conf', '[defender_sync_state_lookup]\ncolection = defender_sync_state'), message: /\[defender_sync_state_lookup\] colection is not a setting of transforms.conf/ },
  { check: 'conf-keys', breakage: 'a misspelt savedsearches.conf key', mutate: appendTo('default/savedsearches.conf', '[Defender Sync - Incident reopened]\ncron_schedul = */5 * * * *'), message: /\[Defender Sync - Incident reopened\] cron_schedul is not a setting of savedsearches.conf/ },
];

function treeFile(t: PackageTree, path: string): Buffer {
  const entry = t.entries.find((e) => e.member.endsWith(`/${path}`));
  if (!entry?.content) throw new Error(`test setup: ${path} missing`);
  return entry.content;
}

describe('package checks (AppInspect packaging and structure, re-implemented)', function () {
  this.timeout(180_000);
  let ctx: CheckContext;
  const trees: Record<'linux' | 'windows' | 'noarch' | 'buildTree', PackageTree> = {} as never;

  before(async () => {
    ctx = { splunkSpecs: loadSplunkSpecs(sharedPath('splunk', 'spec', '9.2')) };
    const built = await builtPackages();
    trees.linux = await treeFromTarball(built.linux);
    trees.windows = await treeFromTarball(built.windows);
    trees.noarch = await treeFromTarball(built.noarch);
    trees.buildTree = treeFromDirectory(built.appDir);
  });

  for (const name of ['linux', 'windows', 'noarch', 'buildTree'] as const) {
    it(`the ${name === 'buildTree' ? 'build/TA_defender_sync tree' : `${name} package`} passes every check`, () => {
      expect(runChecks(trees[name], ctx)).to.deep.equal([]);
    });
  }

  it('the checks read the packages for real (schemes, specs, icons, confs found)', () => {
    const tree = trees.linux;
    expect(fileText(tree, 'README/inputs.conf.spec')).to.contain('[defender_sync_incidents://<name>]');
    expect(ctx.splunkSpecs.get('app')?.stanzas.map((s) => s.name)).to.include.members(['id', 'launcher', 'ui', 'install', 'triggers']);
    expect(tree.entries.some((e) => e.member === 'TA_defender_sync/bin/runtime/linux-x64/node' && e.mode === 0o755)).to.equal(true);
  });

  describe('each check fails on a copy of the package broken in exactly its way', () => {
    for (const c of CASES) {
      it(`${c.check}: ${c.breakage}`, () => {
        const findings = runChecks(c.mutate(trees[c.base ?? 'noarch']), ctx);
        expect([...new Set(findings.map((f) => f.check))].sort()).to.deep.equal([c.check, ...(c.alsoFails ?? [])].sort());
        expect(findings.filter((f) => f.check === c.check).map((f) => f.message).join('\n')).to.match(c.message);
      });
    }

    it('covers every check', () => {
      const proven = new Set(CASES.map((c) => c.check));
      expect(PACKAGE_CHECKS.map((c) => c.id).filter((id) => !proven.has(id))).to.deep.equal([]);
    });
  });
});
