import type { Metafile } from 'esbuild';
export function packageDirOf(input: string): string | undefined;
export function bundledPackageDirs(metafiles: Metafile[]): string[];
export function renderThirdPartyNotices(root: string, metafiles: Metafile[]): string;
