import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a whole file atomically: a temp file beside it, fsync, then rename over the target.
 * A crash leaves either the old file or the new one, never half of one. Keeps an existing file's mode.
 */
export function writeFileAtomic(path: string, content: string | Buffer): void {
  const temp = join(dirname(path), `.${basename(path)}.ado2entra-${process.pid}-${Date.now()}.tmp`);
  let mode = 0o644;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    // new file
  }
  const fd = openSync(temp, 'wx', mode);
  try {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(temp);
    throw err;
  }
  closeSync(fd);
  renameSync(temp, path);
  try {
    const dirFd = openSync(dirname(path), 'r');
    fsyncSync(dirFd);
    closeSync(dirFd);
  } catch {
    // directories cannot be fsynced on every platform
  }
}
