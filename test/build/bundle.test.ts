// The esbuild output: CommonJS dependencies work in the ESM bundles on Node 20 and the bundled Node 24,
// `--scheme` loads no heavy chunk, every chunk parses on Node 20, third-party licenses ship.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { build, type Metafile } from 'esbuild';
import { CREATE_REQUIRE_BANNER, nodeBundleOptions } from '../../scripts/packaging/esbuild-options';
import { bundledPackageDirs } from '../../scripts/packaging/licenses';
import { ensureRuntime } from '../../scripts/packaging/runtime';
import { repoRoot } from '../helpers/shared';
import { builtPackages } from './fixture';

const run = promisify(execFile);
// Node 20 on this machine's PATH; elsewhere the node running the tests (the repo needs >= 20 anyway).
const PATH_NODE = existsSync('/usr/bin/node') ? '/usr/bin/node' : process.execPath;
const major = (node: string) => node.split('.')[0];

// A tiny entry that pulls in what the inputs use: axios (CommonJS build on Node, requires http, follow-redirects,
// form-data…), https-proxy-agent, and @azure/msal-node through a dynamic import, and makes one real request.
const PROBE = `
import axios from 'axios';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { createServer } from 'node:http';

const server = createServer((req, res) => res.end(JSON.stringify({ path: req.url })));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
const reply = await axios.get('http://127.0.0.1:' + port + '/probe', { proxy: false });
server.close();
const { ConfidentialClientApplication } = await import('@azure/msal-node');
const msal = new ConfidentialClientApplication({
  auth: { clientId: '00000000-0000-0000-0000-000000000001', authority: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000002', clientSecret: 'not-a-secret' },
});
const agent = new HttpsProxyAgent('http://proxy.example:3128');
console.log(JSON.stringify({ node: process.versions.node, reply: reply.data, msal: typeof msal.acquireTokenByClientCredential, proxy: agent.proxy.hostname }));
`;

describe('bundles (esbuild)', function () {
  this.timeout(180_000);

  describe('CommonJS dependencies in the ESM bundle', () => {
    // Inside the repo (gitignored .cache/) so that esbuild resolves node_modules.
    const dir = join(repoRoot, '.cache', `bundle-probe-${process.pid}`);
    let node24 = '';

    before(async () => {
      const built = await builtPackages(); // also fetched the runtime into the cache
      node24 = (await ensureRuntime('linux-x64', built.nodeRuntime, join(repoRoot, '.cache/runtime'))).binary;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'probe.ts'), PROBE);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('run on Node 20 (PATH) and on the bundled Node 24, axios making a real request', async () => {
      await build(nodeBundleOptions({ entryPoints: [join(dir, 'probe.ts')], outdir: join(dir, 'out') }));
      const pathNodeVersion = (await run(PATH_NODE, ['-p', 'process.versions.node'])).stdout.trim();
      for (const [node, version] of [[PATH_NODE, pathNodeVersion], [node24, '24']] as const) {
        const { stdout } = await run(node, [join(dir, 'out', 'probe.mjs')]);
        const result = JSON.parse(stdout) as { node: string; reply: unknown; msal: string; proxy: string };
        expect(major(result.node)).to.equal(major(version));
        expect(result).to.deep.include({ reply: { path: '/probe' }, msal: 'function', proxy: 'proxy.example' });
      }
    });

    it('need the createRequire banner (without it the bundle fails on the first require)', async () => {
      const options = nodeBundleOptions({ entryPoints: [join(dir, 'probe.ts')], outdir: join(dir, 'bare') });
      await build({ ...options, banner: {} });
      const failed = await run(PATH_NODE, [join(dir, 'bare', 'probe.mjs')]).then(
        () => '',
        (err: { stderr: string }) => err.stderr,
      );
      expect(failed).to.match(/Dynamic require of "[^"]+" is not supported/);
      expect(readFileSync(join(dir, 'out', 'probe.mjs'), 'utf8').startsWith(CREATE_REQUIRE_BANNER)).to.equal(true);
    });
  });

  describe('the built entry points', () => {
    let metafile: Metafile;
    let browserMetafile: Metafile | undefined;
    let appDir = '';
    before(async () => {
      const built = await builtPackages();
      appDir = built.appDir;
      metafile = JSON.parse(readFileSync(built.metafile, 'utf8')) as Metafile;
      const browser = built.metafile.replace(/metafile\.json$/, 'metafile-browser.json');
      if (existsSync(browser)) browserMetafile = JSON.parse(readFileSync(browser, 'utf8')) as Metafile;
    });

    const entryOutputs = () => Object.keys(metafile.outputs).filter((o) => metafile.outputs[o]?.entryPoint?.startsWith('src/entry/'));

    /** Inputs of the output files an entry loads before running (static imports, transitively). */
    function staticInputs(output: string, seen = new Set<string>()): string[] {
      if (seen.has(output)) return [];
      seen.add(output);
      const out = metafile.outputs[output];
      if (!out) throw new Error(`no output ${output}`);
      return [
        ...Object.keys(out.inputs),
        ...out.imports.filter((i) => i.kind === 'import-statement' && !i.external).flatMap((i) => staticInputs(i.path, seen)),
      ];
    }

    it('one bundle per src/entry/*.ts, each loading the input itself only through a dynamic import', () => {
      const entries = readdirSync(join(repoRoot, 'src/entry')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
      expect(entryOutputs().map((o) => o.split('/').pop()).sort()).to.deep.equal(entries.map((e) => `${e}.mjs`).sort());
      for (const output of entryOutputs()) {
        const loaded = staticInputs(output);
        expect(loaded.filter((i) => /node_modules\/(axios|@azure\/msal-node|https-proxy-agent)\//.test(i)), output).to.deep.equal([]);
        expect(loaded.filter((i) => /^src\/(inputs|actions)\/[^/]+\//.test(i)), output).to.deep.equal([]);
        expect(metafile.outputs[output]?.imports.some((i) => i.kind === 'dynamic-import'), output).to.equal(true);
      }
    });

    it('every bundle and chunk parses on Node 20 (PATH) and starts with the createRequire banner', async () => {
      const lib = join(appDir, 'bin/lib');
      const files = [
        ...readdirSync(lib).filter((f) => f.endsWith('.mjs')),
        ...readdirSync(join(lib, 'chunks')).map((f) => `chunks/${f}`),
      ];
      expect(files.length).to.be.greaterThan(3);
      for (const f of files) {
        await run(PATH_NODE, ['--check', join(lib, f)]);
        expect(readFileSync(join(lib, f), 'utf8').startsWith(CREATE_REQUIRE_BANNER), f).to.equal(true);
      }
      expect(readdirSync(lib).filter((f) => f.endsWith('.map'))).to.deep.equal([]);
    });

    it('LICENSES/THIRD-PARTY-NOTICES.txt carries the license text of every bundled npm package', () => {
      const notices = readFileSync(join(appDir, 'LICENSES/THIRD-PARTY-NOTICES.txt'), 'utf8');
      const sections = notices.split(/\n={78}\n/).slice(1);
      // The setup page's browser bundle ships npm packages too (React, @splunk/react-ui…).
      const dirs = bundledPackageDirs(browserMetafile ? [metafile, browserMetafile] : [metafile]);
      expect(dirs.length).to.be.greaterThan(0);
      expect(sections).to.have.length(dirs.length);
      for (const dir of dirs) {
        const pkg = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as { name: string; version: string };
        const section = sections.find((s) => s.trimStart().startsWith(`${pkg.name}@${pkg.version}\n`));
        expect(section, `${pkg.name}@${pkg.version}`).to.be.a('string');
        expect(section?.length, `${pkg.name} license text`).to.be.greaterThan(300);
      }
    });
  });
});
