// Append-only, size-bounded log file shared by several processes (every input run and alert action
// writes ta_defender_sync.log at once). Each line is one write(2) on an O_APPEND descriptor, so lines
// from different processes never interleave. Rotation renames file → .1 → … → .<backups> under a lock
// file; a writer whose file was rotated by someone else notices the inode change and reopens.
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

export interface RotatingFileOptions {
  path: string;
  maxBytes: number;
  backups: number;
  /** A rotation lock older than this is taken to belong to a crashed process. */
  staleLockMs?: number;
  now?: () => number;
}

export class RotatingFile {
  private fd: number | undefined;
  private readonly staleLockMs: number;
  private readonly now: () => number;

  constructor(private readonly options: RotatingFileOptions) {
    this.staleLockMs = options.staleLockMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  get path(): string {
    return this.options.path;
  }

  /** Appends one line (a newline is added). Throws on I/O errors; the logger decides what to do. */
  append(line: string): void {
    const data = Buffer.from(`${line}\n`, 'utf8');
    let fd = this.current();
    const { maxBytes } = this.options;
    if (maxBytes > 0) {
      const size = fstatSync(fd).size;
      if (size > 0 && size + data.length > maxBytes) {
        this.rotate(data.length);
        fd = this.current();
      }
    }
    writeSync(fd, data);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** The descriptor of the file now at `path`, reopened if another process rotated it away. */
  private current(): number {
    if (this.fd !== undefined) {
      let same = false;
      try {
        same = statSync(this.options.path).ino === fstatSync(this.fd).ino;
      } catch {
        same = false;
      }
      if (same) return this.fd;
      this.close();
    }
    mkdirSync(dirname(this.options.path), { recursive: true });
    this.fd = openSync(this.options.path, 'a', 0o600);
    return this.fd;
  }

  private rotate(incoming: number): void {
    const { path, backups, maxBytes } = this.options;
    const lock = `${path}.rotate.lock`;
    if (!this.lock(lock)) return; // someone else is rotating: append to whatever file is current
    try {
      // Re-check under the lock: another process may have rotated between our size check and now.
      let size: number;
      try {
        size = statSync(path).size;
      } catch {
        return;
      }
      if (size === 0 || size + incoming <= maxBytes) return;
      for (let i = backups - 1; i >= 1; i--) renameIfExists(`${path}.${i}`, `${path}.${i + 1}`);
      if (backups > 0) renameIfExists(path, `${path}.1`);
      else unlinkIfExists(path);
    } finally {
      unlinkIfExists(lock);
    }
  }

  private lock(lock: string): boolean {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        closeSync(openSync(lock, 'wx', 0o600));
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        try {
          if (this.now() - statSync(lock).mtimeMs < this.staleLockMs) return false;
          unlinkSync(lock);
        } catch {
          // The holder finished in the meantime: try again.
        }
      }
    }
    return false;
  }
}

function renameIfExists(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

function unlinkIfExists(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
