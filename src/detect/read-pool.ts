// Reading thousands of source files is syscalls and two regex passes: spread over worker threads, one per core.
// Synchronous on purpose (scan is): the main thread sleeps on a shared counter and drains the ports when all are done.
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { KeyReference } from './references.js';

export interface SourceOutcome {
  /** Index into the job's roots. */
  root: number;
  file: string;
  kind: 'text' | 'skipped' | 'binary' | 'error';
  bytes: number;
  /** Only for files that passed the prefilter (the candidates). */
  text?: string;
  /** Only for files that did not: the setting names they read. */
  refs?: KeyReference[];
  message?: string;
}

/** Source files of one or many scanned roots: one pool serves them all. */
export interface PoolJob {
  /** `links`: the symlinks discovery checked, the only paths read through a link. */
  roots: { dir: string; names: string[]; links: string[] }[];
  files: { root: number; file: string }[];
  maxFileSize: number;
}

/** A worker thread that could not start or died: the scan cannot be complete, so it fails. */
export class ReadPoolError extends Error {}

/** Worth it only for many files: a worker costs ~30 ms to start. */
export const parallelMinFiles = 2000;

// A worker reads thousands of files and keeps almost nothing: a small young generation is enough, and V8's default
// (grown to 32 MB per thread) was 30 MB of the in-process scan's peak memory at 80,000 files.
const youngGenerationMb = 4;

// No progress from any worker for this long means a worker is gone without a word (killed, out of memory).
const stallMs = 120_000;
// The bootstrap is inline so that a missing or broken worker module is reported, not waited for forever.
const bootstrap = `const { workerData } = require('node:worker_threads');
import(workerData.url).catch((err) => {
  workerData.port.postMessage({ failed: String(err && err.message || err) });
  Atomics.add(workerData.done, 0, 1);
  Atomics.notify(workerData.done, 0);
});`;

/** What the pool hands back: the files that matter to the scan, and the bytes of the clean rest per root. */
export interface PoolResult {
  outcomes: SourceOutcome[];
  cleanBytes: number[];
}

/** `onRead` (optional) hears how many files the workers have read, about every 100 ms. */
export function readSourcesInParallel(job: PoolJob, workerUrl = new URL('./read-worker.js', import.meta.url), onRead?: (read: number) => void): PoolResult {
  const threads = Math.max(1, Math.min(availableParallelism(), 4));
  const shared = new Int32Array(new SharedArrayBuffer(8)); // [0] workers done, [1] files read
  const done = shared.subarray(0, 1);
  const ports = [];
  for (let t = 0; t < threads; t++) {
    const { port1, port2 } = new MessageChannel();
    const files = job.files.filter((_f, i) => i % threads === t);
    try {
      new Worker(bootstrap, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb }, workerData: { ...job, files, port: port2, done, progress: shared, url: workerUrl.href }, transferList: [port2] }).unref();
    } catch (err) {
      throw new ReadPoolError(`could not start a file-reading worker thread: ${(err as Error).message}`);
    }
    ports.push(port1);
  }
  let lastRead = 0;
  let lastChange = Date.now();
  for (let seen = Atomics.load(done, 0); seen < threads; seen = Atomics.load(done, 0)) {
    Atomics.wait(done, 0, seen, onRead ? 100 : stallMs);
    const read = Atomics.load(shared, 1);
    onRead?.(read);
    if (read !== lastRead) {
      lastRead = read;
      lastChange = Date.now();
    } else if (Date.now() - lastChange >= stallMs && Atomics.load(done, 0) < threads) {
      throw new ReadPoolError(`a file-reading worker thread stopped without finishing (no progress for ${stallMs / 1000} s)`);
    }
  }
  const result: PoolResult = { outcomes: [], cleanBytes: job.roots.map(() => 0) };
  const failures: string[] = [];
  for (const port of ports) {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const message = m.message as PoolResult | { failed: string };
      if ('failed' in message) failures.push(message.failed);
      else {
        result.outcomes.push(...message.outcomes);
        message.cleanBytes.forEach((b, i) => (result.cleanBytes[i]! += b));
      }
    }
    port.close();
  }
  if (failures.length) throw new ReadPoolError(`a file-reading worker thread failed to start: ${failures[0]}`);
  return result;
}
