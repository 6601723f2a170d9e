import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

export type ReadOutcome =
  | { kind: 'text'; text: string; bytes: number; encoding: TextEncoding }
  | { kind: 'skipped'; reason: string; bytes: number }
  | { kind: 'binary'; bytes: number }
  | { kind: 'error'; message: string };

// Not defined on Windows, where the file listing's own checks stand alone.
const noFollow = constants.O_NOFOLLOW ?? 0;

/**
 * Reads a regular file as text (UTF-8, or UTF-16 with a BOM). Refuses FIFOs, devices, oversize and binary files.
 * `follow: false` refuses a symlink too: the listing judged the path a plain file, so a link there was swapped in since.
 */
export function readTextFile(path: string, maxBytes: number, follow = true): ReadOutcome {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (fstat below then refuses it)
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (follow ? 0 : noFollow));
  } catch (err) {
    if (!follow && (err as NodeJS.ErrnoException).code === 'ELOOP') return { kind: 'error', message: 'cannot read: a symlink where the file listing has a file (not followed)' };
    return { kind: 'error', message: `cannot read: ${errorCode(err)}` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { kind: 'skipped', reason: 'not a regular file', bytes: 0 };
    if (stat.size > maxBytes) return { kind: 'skipped', reason: `larger than --max-file-size (${stat.size} > ${maxBytes} bytes)`, bytes: stat.size };
    const buf = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buf, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    const decoded = decodeText(buf.subarray(0, read));
    return decoded === null ? { kind: 'binary', bytes: read } : { kind: 'text', ...decoded, bytes: read };
  } catch (err) {
    return { kind: 'error', message: `cannot read: ${errorCode(err)}` };
  } finally {
    closeSync(fd);
  }
}

/**
 * A file the repository holds by a fixed name (.ado2entraignore, .gitignore), as text; null when it is missing or no
 * regular file: a FIFO there would block a plain read, a link to /dev/zero never end it.
 */
export function readRepoText(path: string, maxBytes = 16 * 1024 * 1024): string | null {
  const read = readTextFile(path, maxBytes);
  return read.kind === 'text' ? read.text : null;
}

/** Decodes file bytes: UTF-16 by its BOM, else UTF-8 (a UTF-8 BOM stays in the text as U+FEFF). Null for binary. */
export function decodeText(bytes: Buffer): { text: string; encoding: TextEncoding } | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf16be' };
  if (bytes.subarray(0, 8000).includes(0)) return null;
  return { text: bytes.toString('utf8'), encoding: 'utf8' };
}

/** Encodes text back exactly as `decodeText` read it; null when that would not give the same bytes back. */
export function encodeText(text: string, encoding: TextEncoding): Buffer | null {
  if (encoding === 'utf16be') return null;
  if (encoding === 'utf16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  return Buffer.from(text, 'utf8');
}

function errorCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'file vanished (deleted during the scan, or a broken symlink)';
  if (code === 'ELOOP') return 'symlink loop';
  return code ?? 'I/O error';
}
