// Reading thousands of source files is syscalls and two regex passes: spread over worker threads, one per core.
// Synchronous on purpose (scan is): the main thread sleeps on a shared counter and drains the ports when all are done.
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { KeyReference } from './references.js';

export interface SourceOutcome {
  file: string;
  kind: 'text' | 'skipped' | 'binary' | 'error';
  bytes: number;
  /** Only for files that passed the prefilter (the candidates). */
  text?: string;
  /** Only for files that did not: the setting names they read. */
  refs?: KeyReference[];
  message?: string;
}

export interface PoolJob {
  root: string;
  files: string[];
  names: string[];
  maxFileSize: number;
}

/** Worth it only for many files: a worker costs ~30 ms to start. */
export const parallelMinFiles = 2000;

/** `onRead` (optional) hears how many files the workers have read, about every 100 ms. */
export function readSourcesInParallel(job: PoolJob, onRead?: (read: number) => void): SourceOutcome[] {
  const threads = Math.max(1, Math.min(availableParallelism(), 4));
  // [workers finished, files read]
  const done = new Int32Array(new SharedArrayBuffer(8));
  const ports = [];
  for (let t = 0; t < threads; t++) {
    const { port1, port2 } = new MessageChannel();
    const files = job.files.filter((_f, i) => i % threads === t);
    new Worker(new URL('./read-worker.js', import.meta.url), { workerData: { ...job, files, port: port2, done }, transferList: [port2] }).unref();
    ports.push(port1);
  }
  for (let seen = Atomics.load(done, 0); seen < threads; seen = Atomics.load(done, 0)) {
    Atomics.wait(done, 0, seen, onRead ? 100 : 60_000);
    onRead?.(Atomics.load(done, 1));
  }
  const out: SourceOutcome[] = [];
  for (const port of ports) {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) out.push(...(m.message as SourceOutcome[]));
    port.close();
  }
  return out;
}
