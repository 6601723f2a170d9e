import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export type ReadOutcome =
  | { kind: 'text'; text: string; bytes: number }
  | { kind: 'skipped'; reason: string; bytes: number }
  | { kind: 'binary'; bytes: number }
  | { kind: 'error'; message: string };

/** Reads a regular file as text (UTF-8, or UTF-16 with a BOM). Refuses FIFOs, devices, oversize and binary files. */
export function readTextFile(path: string, maxBytes: number): ReadOutcome {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
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
    const bytes = buf.subarray(0, read);
    const text = decode(bytes);
    return text === null ? { kind: 'binary', bytes: read } : { kind: 'text', text, bytes: read };
  } catch (err) {
    return { kind: 'error', message: `cannot read: ${errorCode(err)}` };
  } finally {
    closeSync(fd);
  }
}

function decode(bytes: Buffer): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.subarray(0, 8000).includes(0)) return null;
  return bytes.toString('utf8');
}

function errorCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EACCES' ? 'permission denied' : code === 'ENOENT' ? 'file vanished' : code ?? 'I/O error';
}
