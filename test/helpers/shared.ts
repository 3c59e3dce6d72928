// Paths into ../shared (design, reference, fixtures): tests read them in place, never copy them.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `../shared` next to the clone; override with DEFENDER_SYNC_SHARED. */
export const sharedRoot = process.env.DEFENDER_SYNC_SHARED ?? resolve(repoRoot, '..', 'shared');

export function sharedPath(...parts: string[]): string {
  const p = resolve(sharedRoot, ...parts);
  if (!existsSync(p)) throw new Error(`missing shared file ${p}: clone the repo next to ../shared`);
  return p;
}
