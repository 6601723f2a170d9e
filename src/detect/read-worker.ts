// One read-pool worker: reads its share of source files, keeps the texts that pass the prefilter,
// and for the rest only the setting names they read. See read-pool.ts.
import { join } from 'node:path';
import { workerData, type MessagePort } from 'node:worker_threads';
import { mayHoldLegacySignal } from './prefilter.js';
import type { PoolJob, SourceOutcome } from './read-pool.js';
import { readTextFile } from './read.js';
import { referenceMatcher } from './references.js';

const job = workerData as PoolJob & { port: MessagePort; done: Int32Array };
const match = job.names.length ? referenceMatcher(job.names) : () => [];
const out: SourceOutcome[] = [];
for (const file of job.files) {
  const read = readTextFile(join(job.root, file), job.maxFileSize);
  if (read.kind === 'error') out.push({ file, kind: 'error', bytes: 0, message: read.message });
  else if (read.kind !== 'text') out.push({ file, kind: read.kind, bytes: read.bytes, ...(read.kind === 'skipped' ? { message: read.reason } : {}) });
  else if (mayHoldLegacySignal(read.text)) out.push({ file, kind: 'text', bytes: read.bytes, text: read.text });
  else out.push({ file, kind: 'text', bytes: read.bytes, refs: match(read.text) });
  Atomics.add(job.done, 1, 1);
}
job.port.postMessage(out);
Atomics.add(job.done, 0, 1);
Atomics.notify(job.done, 0);
