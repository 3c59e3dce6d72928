import type { BuildOptions } from 'esbuild';
export const CREATE_REQUIRE_BANNER: string;
export function nodeBundleOptions(options: { entryPoints: string[]; outdir: string }): BuildOptions & { metafile: true };
export function browserBundleOptions(options: { entryPoints: string[]; outdir: string }): BuildOptions & { metafile: true };
