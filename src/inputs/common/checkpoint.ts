// One checkpoint file per input stanza in splunkd's checkpoint_dir, replaced atomically (temp file, fsync,
// rename, fsync of the directory) so a crash at any instant leaves either the old or the new state.
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** A file name that is the stanza name, readable, and safe on Linux and Windows. */
export function checkpointFileName(stanza: string): string {
  return `${stanza.replace(/[^A-Za-z0-9_.-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`)}.json`;
}

export class CheckpointFile<T> {
  readonly path: string;

  constructor(
    readonly dir: string,
    stanza: string,
  ) {
    this.path = join(dir, checkpointFileName(stanza));
  }

  /** The saved state; undefined when there is none. A file that is not JSON is moved aside and reported. */
  async load(): Promise<{ state?: T; problem?: string }> {
    await this.removeStaleTemps();
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    try {
      return { state: JSON.parse(text) as T };
    } catch {
      const aside = `${this.path}.corrupt-${Date.now()}`;
      await rename(this.path, aside);
      return { problem: `checkpoint ${this.path} was not valid JSON; moved it to ${aside} and started from start_date` };
    }
  }

  async save(state: T): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.path}.tmp-${process.pid}`;
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(state)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.path);
    await syncDirectory(this.dir);
  }

  /** Temp files of a run killed mid-save (splunkd runs one process per stanza, so none is in use now). */
  private async removeStaleTemps(): Promise<void> {
    const prefix = `${basename(this.path)}.tmp-`;
    const names = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => unlink(join(this.dir, n)).catch(() => undefined)));
  }

  async remove(): Promise<void> {
    await unlink(this.path).catch(() => undefined);
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename itself durable; not possible on Windows, where rename is already atomic enough.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
