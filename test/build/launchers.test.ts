// The packaged launchers, extracted under a temporary SPLUNK_HOME/etc/apps/ and run the way splunkd runs
// them (acceptance 2 of issue 2): bundled runtime first, else node >= 20 on PATH, never Splunk's node.
import { chmodSync, existsSync, mkdirSync, readFileSync, readlinkSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { incidentsInput } from '../../src/inputs/definitions';
import { builtPackages, installPackage, tempDir } from './fixture';
import { runLauncher } from './run-launcher';

const FATAL_NO_NODE =
  "FATAL TA_defender_sync: no Node.js runtime: this package has no bundled runtime and no node >= 20 was found on PATH. Install Node.js 20 or later (e.g. the distribution's nodejs package) or install the linux-x86_64 package of this add-on.\n";

// Node 20 on this machine's PATH; elsewhere the node running the tests (the repo needs >= 20 anyway).
const SYSTEM_NODE = existsSync('/usr/bin/node') ? '/usr/bin/node' : process.execPath;

/** A PATH folder holding only the given executables (name → target path or script text). */
function pathDir(entries: Record<string, { link: string } | { script: string }> = {}): string {
  const dir = tempDir('defender-sync-path-');
  for (const [name, what] of Object.entries(entries)) {
    if ('link' in what) symlinkSync(what.link, join(dir, name));
    else {
      writeFileSync(join(dir, name), what.script);
      chmodSync(join(dir, name), 0o755);
    }
  }
  return dir;
}

/** A fake node that records every invocation and claims `version`. */
function fakeNode(version: string, log: string): { script: string } {
  return { script: `#!/bin/sh\necho "$*" >> '${log}'\n[ "$1" = --version ] && echo ${version}\nexit 0\n` };
}

function parseScheme(xml: string): { title: string } {
  const doc = new XMLParser().parse(xml) as { scheme?: { title?: string } };
  if (!doc.scheme?.title) throw new Error(`not a scheme: ${xml.slice(0, 200)}`);
  return { title: doc.scheme.title };
}

async function exeOf(pid: number, launcher: string): Promise<string> {
  // Until exec replaces the shell, /proc/<pid>/exe is /bin/sh (dash).
  for (let i = 0; i < 200; i++) {
    const exe = readlinkSync(`/proc/${pid}/exe`);
    if (!/\/(da|ba)?sh$/.test(exe)) return exe;
    await sleep(10);
  }
  throw new Error(`${launcher} never exec'd node`);
}

/** argv after the executable. /proc/<pid>/exe switches to node a moment before execve sets up the new argv. */
async function argvOf(pid: number): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline !== '') return cmdline.split('\0').slice(1, -1);
    await sleep(10);
  }
  throw new Error(`no argv for pid ${pid}`);
}

const usageRe = /^ERROR defender_sync_incidents: unexpected arguments \["--bogus","a b"\]/;
const validationXml = (startDate: string) =>
  `<items><server_host>sh1</server_host><server_uri>https://127.0.0.1:8089</server_uri><session_key>k</session_key><checkpoint_dir>/tmp</checkpoint_dir><item name="prod"><param name="account">prod</param><param name="start_date">${startDate}</param></item></items>`;

describe('launchers in the installed packages', function () {
  this.timeout(180_000);
  let linux: { splunkHome: string; appDir: string };
  let noarch: { splunkHome: string; appDir: string };
  let nodeRuntime = '';

  before(async () => {
    const built = await builtPackages();
    nodeRuntime = built.nodeRuntime;
    [linux, noarch] = await Promise.all([installPackage(built.linux), installPackage(built.noarch)]);
  });

  const launcher = (app: { appDir: string }, name = 'defender_sync_incidents') => join(app.appDir, 'bin', `${name}.sh`);

  describe('linux-x86_64 package (bundled runtime)', () => {
    it('prints the scheme and exits 0 with no node anywhere on PATH', async () => {
      const r = await runLauncher(launcher(linux), ['--scheme'], { env: { PATH: pathDir(), SPLUNK_HOME: linux.splunkHome } });
      expect(r.code).to.equal(0);
      expect(r.stderr).to.equal('');
      expect(parseScheme(r.stdout).title).to.equal(incidentsInput.title);
    });

    it('ships the pinned Node.js as bin/runtime/linux-x64/node and execs it (no shell left), even with node on PATH', async () => {
      const runtime = join(linux.appDir, 'bin/runtime/linux-x64/node');
      const version = await runLauncher(runtime, ['--version'], { env: {} });
      expect(version.stdout.trim()).to.equal(`v${nodeRuntime}`);
      let exe = '';
      let argv: string[] = [];
      const r = await runLauncher(launcher(linux), [], {
        env: { PATH: pathDir({ node: { link: SYSTEM_NODE } }), SPLUNK_HOME: linux.splunkHome },
        onSpawn: (child) => {
          void exeOf(child.pid ?? 0, 'launcher').then((e) => {
            exe = e;
            return argvOf(child.pid ?? 0);
          }).then((a) => {
            argv = a;
            child.kill('SIGTERM');
          });
        },
      });
      expect(exe).to.equal(realpathSync(runtime));
      // The memory flag that keeps long backlogs flat (src/inputs/common/garbage.ts), then the entry point.
      expect(argv).to.deep.equal(['--max-semi-space-size=4', join(linux.appDir, 'bin/lib/defender_sync_incidents.mjs')]);
      // exec left no shell in between: SIGTERM reached node, which ended (killed by it, or on its own terms if
      // the input handles it). A shell in between would leave node running and runLauncher would time out.
      expect(r.signal === 'SIGTERM' || r.code !== null).to.equal(true);
    });

    it("ignores splunkd's LD_LIBRARY_PATH (Splunk's libraries must not load into the runtime)", async () => {
      const libs = tempDir('defender-sync-lib-');
      writeFileSync(join(libs, 'libstdc++.so.6'), 'not a library');
      const r = await runLauncher(launcher(linux), ['--scheme'], {
        env: { PATH: pathDir(), SPLUNK_HOME: linux.splunkHome, LD_LIBRARY_PATH: libs },
      });
      expect(r.stderr).to.equal('');
      expect(r.code).to.equal(0);
    });

    it('passes argv and the exit code through (unknown arguments: exit 2)', async () => {
      const r = await runLauncher(launcher(linux), ['--bogus', 'a b'], { env: { PATH: pathDir(), SPLUNK_HOME: linux.splunkHome }, stdin: '' });
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match(usageRe);
    });

    it('passes stdin and stdout through (--validate-arguments answers a bad start_date)', async () => {
      const r = await runLauncher(launcher(linux), ['--validate-arguments'], {
        env: { PATH: pathDir(), SPLUNK_HOME: linux.splunkHome },
        stdin: validationXml('yesterday'),
      });
      expect(r.code).to.equal(1);
      expect(r.stdout).to.match(/^<error><message>start_date 'yesterday' is not an ISO 8601 UTC time[^<]*<\/message><\/error>\n$/);
    });

    for (const name of ['defender_sync_alerts', 'defender_sync_endpoint_alerts']) {
      it(`${name}.sh prints its scheme too`, async () => {
        const r = await runLauncher(launcher(linux, name), ['--scheme'], { env: { PATH: pathDir(), SPLUNK_HOME: linux.splunkHome } });
        expect(r.code).to.equal(0);
        expect(r.stdout).to.contain('<scheme>');
      });
    }
  });

  describe('runtime-less package (node >= 20 on PATH)', () => {
    it('prints the scheme with Node 20 on PATH, run by that node', async () => {
      const r = await runLauncher(launcher(noarch), ['--scheme'], { env: { PATH: pathDir({ node: { link: SYSTEM_NODE } }), SPLUNK_HOME: noarch.splunkHome } });
      expect(r.stderr).to.equal('');
      expect(r.code).to.equal(0);
      expect(parseScheme(r.stdout).title).to.equal(incidentsInput.title);
      let exe = '';
      await runLauncher(launcher(noarch), [], {
        env: { PATH: pathDir({ node: { link: SYSTEM_NODE } }), SPLUNK_HOME: noarch.splunkHome },
        onSpawn: (child) => void exeOf(child.pid ?? 0, 'launcher').then((e) => ((exe = e), child.kill('SIGTERM'))),
      });
      expect(exe).to.equal(realpathSync(SYSTEM_NODE));
    });

    it('with no node at all: exactly one FATAL line saying what to install, exit 1', async () => {
      const r = await runLauncher(launcher(noarch), ['--scheme'], { env: { PATH: pathDir(), SPLUNK_HOME: noarch.splunkHome } });
      expect(r).to.deep.equal({ code: 1, signal: null, stdout: '', stderr: FATAL_NO_NODE });
    });

    it('never uses $SPLUNK_HOME/bin/node, even first on PATH', async () => {
      const log = join(tempDir('defender-sync-log-'), 'calls');
      const splunkBin = join(noarch.splunkHome, 'bin');
      mkdirSync(splunkBin, { recursive: true });
      writeFileSync(join(splunkBin, 'node'), fakeNode('v24.0.0', log).script);
      chmodSync(join(splunkBin, 'node'), 0o755);
      const path = `${splunkBin}:${pathDir({ node: { link: SYSTEM_NODE } })}`;
      const r = await runLauncher(launcher(noarch), ['--scheme'], { env: { PATH: path, SPLUNK_HOME: noarch.splunkHome } });
      expect(r.code).to.equal(0);
      expect(parseScheme(r.stdout).title).to.equal(incidentsInput.title);
      expect(existsSync(log), "Splunk's node was called").to.equal(false);
      // Only Splunk's node on PATH: refused like no node at all.
      const alone = await runLauncher(launcher(noarch), ['--scheme'], { env: { PATH: splunkBin, SPLUNK_HOME: noarch.splunkHome } });
      expect(alone).to.deep.equal({ code: 1, signal: null, stdout: '', stderr: FATAL_NO_NODE });
    });

    it("skips any PATH folder that is a Splunk installation's bin (holds splunkd), SPLUNK_HOME or not", async () => {
      const log = join(tempDir('defender-sync-log-'), 'calls');
      const otherSplunk = pathDir({ node: fakeNode('v24.0.0', log), splunkd: { script: '#!/bin/sh\nexit 0\n' } });
      const r = await runLauncher(launcher(noarch), ['--scheme'], { env: { PATH: `${otherSplunk}:${pathDir({ node: { link: SYSTEM_NODE } })}` } });
      expect(r.code).to.equal(0);
      expect(existsSync(log)).to.equal(false);
    });

    it('refuses a node older than 20 with a FATAL line naming it, and only asks it for --version', async () => {
      const log = join(tempDir('defender-sync-log-'), 'calls');
      const old = pathDir({ node: fakeNode('v18.0.0', log) });
      const r = await runLauncher(launcher(noarch), ['--scheme'], { env: { PATH: old, SPLUNK_HOME: noarch.splunkHome } });
      expect(r.code).to.equal(1);
      expect(r.stdout).to.equal('');
      expect(r.stderr.split('\n')).to.have.length(2); // one line + final newline
      expect(r.stderr).to.equal(FATAL_NO_NODE.replace('found on PATH.', `found on PATH (found only ${old}/node v18.0.0).`));
      expect(readFileSync(log, 'utf8')).to.equal('--version\n');
    });

    it('moves past an old node to a newer one later on PATH', async () => {
      const log = join(tempDir('defender-sync-log-'), 'calls');
      const path = `${pathDir({ node: fakeNode('v18.0.0', log) })}:${pathDir({ node: { link: SYSTEM_NODE } })}`;
      const r = await runLauncher(launcher(noarch), ['--scheme'], { env: { PATH: path, SPLUNK_HOME: noarch.splunkHome } });
      expect(r.code).to.equal(0);
      expect(parseScheme(r.stdout).title).to.equal(incidentsInput.title);
      expect(readFileSync(log, 'utf8')).to.equal('--version\n');
    });

    it('starts the PATH node with the same memory flag, then the entry point and the arguments', async () => {
      const log = join(tempDir('defender-sync-log-'), 'calls');
      const r = await runLauncher(launcher(noarch), ['--scheme'], { env: { PATH: pathDir({ node: fakeNode('v22.1.0', log) }), SPLUNK_HOME: noarch.splunkHome } });
      expect(r.code).to.equal(0);
      expect(readFileSync(log, 'utf8')).to.equal(`--version\n--max-semi-space-size=4 ${join(noarch.appDir, 'bin/lib/defender_sync_incidents.mjs')} --scheme\n`);
    });

    it('passes argv, stdin, stdout and exit codes through on the PATH node too', async () => {
      const env = { PATH: pathDir({ node: { link: SYSTEM_NODE } }), SPLUNK_HOME: noarch.splunkHome };
      const usage = await runLauncher(launcher(noarch), ['--bogus', 'a b'], { env, stdin: '' });
      expect(usage.code).to.equal(2);
      expect(usage.stderr).to.match(usageRe);
      const invalid = await runLauncher(launcher(noarch), ['--validate-arguments'], { env, stdin: validationXml('2999-01-01') });
      expect(invalid.code).to.equal(1);
      expect(invalid.stdout).to.equal("<error><message>start_date '2999-01-01' is in the future.</message></error>\n");
    });
  });
});
