import { appendFileSync, closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

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
