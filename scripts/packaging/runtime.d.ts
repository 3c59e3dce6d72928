export const RUNTIMES: Record<'linux-x64' | 'win-x64', { npmPackage: string; binary: string }>;
export function ensureRuntime(
  platform: 'linux-x64' | 'win-x64',
  version: string,
  cacheDir: string,
): Promise<{ binary: string; license: string; fileName: string }>;
