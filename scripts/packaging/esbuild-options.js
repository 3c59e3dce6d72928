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
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  };
}
