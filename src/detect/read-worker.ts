// One read-pool worker: reads its share of source files, keeps the texts that pass the prefilter,
// and for the rest only the setting names they read. See read-pool.ts.
import { join } from 'node:path';
import { workerData, type MessagePort } from 'node:worker_threads';
import { mayHoldLegacySignal } from './prefilter.js';
import type { PoolJob, SourceOutcome } from './read-pool.js';
import { readTextFile } from './read.js';
import { referenceMatcher } from './references.js';

const job = workerData as PoolJob & { port: MessagePort; done: Int32Array; progress: Int32Array };
const matchers = job.roots.map((r) => (r.names.length ? referenceMatcher(r.names) : () => []));
const links = job.roots.map((r) => new Set(r.links));
// Only what the scan needs crosses back: a clean file (no literal, no name read) is just its byte count, so memory
// stays flat however many files the tree has.
const out: SourceOutcome[] = [];
const cleanBytes = job.roots.map(() => 0);
for (const { root, file } of job.files) {
  const read = readTextFile(join(job.roots[root]!.dir, file), job.maxFileSize, links[root]!.has(file));
  if (read.kind === 'error') out.push({ root, file, kind: 'error', bytes: 0, message: read.message });
  else if (read.kind !== 'text') out.push({ root, file, kind: read.kind, bytes: read.bytes, ...(read.kind === 'skipped' ? { message: read.reason } : {}) });
  else if (mayHoldLegacySignal(read.text)) out.push({ root, file, kind: 'text', bytes: read.bytes, text: read.text });
  else {
    const refs = matchers[root]!(read.text);
    if (refs.length) out.push({ root, file, kind: 'text', bytes: read.bytes, refs });
    else cleanBytes[root]! += read.bytes;
  }
  Atomics.add(job.progress, 1, 1);
}
job.port.postMessage({ outcomes: out, cleanBytes });
Atomics.add(job.done, 0, 1);
Atomics.notify(job.done, 0);
