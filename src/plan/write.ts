import { appendFileSync, closeSync, constants, fchmodSync, fchownSync, fsyncSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Target } from './safety.js';

/**
 * Writes a whole file atomically: a temp file beside it, fsync, then rename over the target.
 * A crash leaves either the old file or the new one, never half of one. Keeps an existing file's mode
 * unless `mode` is given.
 */
export function writeFileAtomic(path: string, content: string | Buffer, mode?: number): void {
  const temp = join(dirname(path), `.${basename(path)}.ado2entra-${process.pid}-${Date.now()}.tmp`);
  let fileMode = mode ?? 0o644;
  if (mode === undefined) {
    try {
      fileMode = statSync(path).mode & 0o7777;
    } catch {
      // new file
    }
  }
  const fd = openSync(temp, 'wx', fileMode);
  try {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    fsyncSync(fd);
    closeSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(temp);
    throw err;
  }
  renameSync(temp, path);
  fsyncDir(dirname(path));
}

/** A file's folder resolved somewhere else, or the file became a symlink, between the checks and the rename. */
export class FolderChanged extends Error {}

export interface ReplaceOptions {
  mode: number;
  /** The owner to keep; a change we are not permitted to make (EPERM) is skipped. */
  uid?: number;
  gid?: number;
  /** The temp file's name beside the target (listed in the journal, so a killed run's leftover can be removed). */
  temp: string;
  /** Runs between the temp file's fsync and the last check before the rename (fault injection). */
  beforeRename?: () => void;
}

/**
 * Replaces a checked target atomically (temp file beside it, fsync, rename), keeping mode and owner. Right before
 * the rename, the folder's real path and the target's type are checked again: a folder swapped for a symlink after
 * the checks sends nothing outside the root.
 */
export function replaceFile(target: Target, data: Buffer, options: ReplaceOptions): void {
  assertUnchanged(target);
  const temp = join(target.folder, options.temp);
  removeTemp(temp);
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    if (options.uid !== undefined && options.gid !== undefined) {
      try {
        fchownSync(fd, options.uid, options.gid);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
      }
    }
    fchmodSync(fd, options.mode); // after fchown, which may clear setuid/setgid bits
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(temp);
    throw err;
  }
  try {
    options.beforeRename?.();
    assertUnchanged(target);
  } catch (err) {
    // the folder may have moved away with our temp file in it: find it where it is now (Linux), else where it was
    let where = temp;
    try {
      where = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      // no /proc
    }
    closeSync(fd);
    try {
      unlinkSync(where);
    } catch {
      // gone already
    }
    throw err;
  }
  closeSync(fd);
  renameSync(temp, target.path);
  fsyncDir(target.folder);
}

function assertUnchanged(target: Target): void {
  let real: string;
  try {
    real = realpathSync(target.folder);
  } catch {
    throw new FolderChanged('its folder disappeared during the apply');
  }
  if (real !== target.folder) throw new FolderChanged(`its folder now resolves to ${real} (changed during the apply)`);
  try {
    if (!lstatSync(target.path).isFile()) throw new FolderChanged('it became a symlink or special file during the apply');
  } catch (err) {
    if (err instanceof FolderChanged) throw err;
  }
}

/** Removes a temp file of ours left by a killed run; anything but a regular file is left alone. */
export function removeTemp(path: string): boolean {
  try {
    if (!lstatSync(path).isFile()) return false;
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Makes a rename durable; directories cannot be fsynced on every platform, so failure is ignored. */
export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort
  }
}

/** Appends to a file another tool owns and reads afterwards (GitHub's $GITHUB_STEP_SUMMARY). */
export function appendToFile(path: string, text: string): void {
  appendFileSync(path, text);
}
