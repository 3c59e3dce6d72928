// esbuild settings for the app's Node.js entry points (bin/lib) and the setup page (appserver/static).

/**
 * ESM output needs a real `require` for the CommonJS dependencies that call it (esbuild's __require shim
 * throws "Dynamic require of ... is not supported" otherwise).
 */
export const CREATE_REQUIRE_BANNER =
  "import { createRequire as __defenderSyncCreateRequire } from 'node:module';\n" +
  'const require = __defenderSyncCreateRequire(import.meta.url);';

/** One bundle per entry point, shared code in chunks/; dynamic imports stay lazy chunks (fast --scheme). */
export function nodeBundleOptions({ entryPoints, outdir }) {
  return {
    entryPoints,
    outdir,
    bundle: true,
    format: 'esm',
    splitting: true,
    platform: 'node',
    // The oldest runtime the runtime-less package accepts; the bundled runtime is newer.
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    // Readable stack traces in the field: no minification, and no source maps in the package.
    minify: false,
    sourcemap: false,
    // Third-party licenses ship as LICENSES/THIRD-PARTY-NOTICES.txt (full license files, from the metafile).
    legalComments: 'none',
    metafile: true,
    banner: { js: CREATE_REQUIRE_BANNER },
    logLevel: 'warning',
  };
}

/**
 * Splunk's UI packages (@splunk/react-ui, themes, react-icons, splunk-utils) ship webpack CommonJS that marks
 * itself `__esModule` and keeps components on `exports.default`. Our sources are ES modules ("type": "module"),
 * for which esbuild follows Node's interop: a default import is the whole `module.exports`, so
 * `import Button from '@splunk/react-ui/Button'` would render an object (React error #130). Imports of those
 * packages from our code therefore go through a one-line shim module, outside Node mode, which re-exports them
 * with Babel's interop (default = exports.default) as the packages expect.
 */
export const splunkPackagesInterop = {
  name: 'splunk-packages-interop',
  setup(build) {
    const NESTED = Symbol('nested');
    build.onResolve({ filter: /^@splunk\// }, async (args) => {
      // build.resolve below runs the resolvers again: that nested call resolves normally.
      if (args.pluginData === NESTED || /[\\/]node_modules[\\/]/.test(args.importer)) return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: NESTED });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      // The shim is named by the import path (not the file), so metafile-based license collection sees only the real file.
      return { path: args.path, namespace: 'splunk-interop', pluginData: resolved.path };
    });
    build.onLoad({ filter: /.*/, namespace: 'splunk-interop' }, (args) => ({
      contents: `export { default } from ${JSON.stringify(args.pluginData)};\nexport * from ${JSON.stringify(args.pluginData)};\n`,
      loader: 'js',
      resolveDir: '/',
    }));
  },
};

/** The setup page: one IIFE that Splunk Web loads with the view's `script=` attribute. */
export function browserBundleOptions({ entryPoints, outdir }) {
  return {
    entryPoints,
    outdir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    entryNames: '[name]',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    jsx: 'automatic',
    // Splunk Web loads view scripts with RequireJS, so a global AMD `define` exists there: UMD code in the
    // bundle (lodash, scriptjs) would register itself with it instead of filling module.exports (lodash then
    // exports {} to its importers, and RequireJS reports "Mismatched anonymous define()"). The bundle is
    // self-contained, so `define` is compiled away.
    define: { 'process.env.NODE_ENV': '"production"', define: 'undefined' },
    plugins: [splunkPackagesInterop],
    logLevel: 'warning',
  };
}
