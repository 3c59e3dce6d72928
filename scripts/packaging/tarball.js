// Deterministic .tgz of an app folder: one top-level folder, no './' members, sorted entries, uid/gid 0,
// no user names, one fixed mtime, modes as on disk (normalised by the build).
import { basename, dirname } from 'node:path';
import * as tar from 'tar';
import { listTree } from './tree.js';

/** SOURCE_DATE_EPOCH (reproducible-builds.org) if set, else a fixed instant. */
export function packageMtime(env = process.env) {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  return Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000) : new Date('2000-01-01T00:00:00Z');
}

/** `appDir` = …/<topLevel>; writes `file` with every member under `<topLevel>/`. */
export async function writeTarball({ appDir, topLevel, file, mtime = packageMtime() }) {
  if (basename(appDir) !== topLevel) throw new Error(`${appDir} must be a folder named ${topLevel}`);
  const members = [`${topLevel}/`, ...listTree(appDir).map((rel) => `${topLevel}/${rel}`)];
  await tar.c(
    {
      file,
      cwd: dirname(appDir),
      gzip: { level: 6 },
      portable: true,
      noDirRecurse: true,
      mtime,
      // portable mode drops directory mtimes; give directories the same fixed one.
      onWriteEntry: (entry) => {
        entry.noMtime = false;
        entry.mtime = mtime;
      },
    },
    members.map((m) => m.replace(/\/$/, '')),
  );
  return file;
}
