import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { decodeText, encodeText } from '../detect/read.js';
import { applyTextChanges, UneditableError } from '../mapper/edits/text.js';
import type { ApplyResult, Journal } from '../model/backup.js';
import type { Edit, Plan } from '../model/plan.js';
import { parserFor } from '../parsers/registry.js';
import { createBackupSet, listBackups, readOriginal, storeOriginal, untrustedBecause, writeJournal } from './backups.js';
import { journalKey } from './key.js';
import { pickBackup, removeLeftoverTemps, rollback, tempName } from './rollback.js';
import { reviewDiff } from './diff.js';
import { faultAfterWrite, faultBeforeRename, faultBeforeWrite } from './faults.js';
import { assertWritable, dirtyFiles, gitDirsOf, Refusal, safeTarget, type Target } from './safety.js';
import { sha256 } from './hash.js';
import { FolderChanged, replaceFile } from './write.js';

export interface ApplyOptions {
  allowDirty?: boolean;
  /** sha256 of the plan file, recorded in the journal. */
  planSha256: string;
  /** Called after each file is replaced (progress). */
  onWrite?: (file: string) => void;
}

interface Pending {
  edit: Edit;
  target: Target;
  before: Buffer;
  after: Buffer;
  mode: number;
  uid: number;
  gid: number;
  dev: number;
  ino: number;
}

/** Two edits of one file (the same path, or two names of one file) cannot both be checked against it: a malformed plan. */
export class DuplicateEdit extends Error {}

/**
 * Applies a saved plan under `rootDir`. Every check runs before the first write; then originals are copied
 * and the journal fsynced, and each file is replaced atomically. On a write error, files already replaced are
 * put back before the error is reported. Throws Refusal when nothing was written.
 */
export function applyPlan(plan: Plan, rootDir: string, options: ApplyOptions): ApplyResult {
  const rootReal = realpathSync(rootDir);
  const seen = new Set<string>();
  for (const edit of plan.edits) {
    if (seen.has(edit.file)) throw new DuplicateEdit(`the plan edits ${edit.file} twice: a plan has one edit per file (make it again with ado2entra plan)`);
    seen.add(edit.file);
  }
  const interrupted = listBackups(rootReal).journals.filter((j) => j.state === 'applying' && untrustedBecause(rootReal, j) === null).at(-1);
  if (interrupted) {
    removeLeftoverTemps(rootReal, interrupted);
    throw new Refusal(`backup ${interrupted.id} is from an interrupted apply: run \`ado2entra rollback ${interrupted.id}\` first`);
  }
  const gitDirs = gitDirsOf(rootReal);
  const pending: Pending[] = [];
  const alreadyApplied: string[] = [];
  const problems: string[] = [];
  for (const edit of plan.edits) {
    try {
      const checked = check(edit, rootReal, gitDirs);
      if (checked === 'applied') alreadyApplied.push(edit.file);
      else pending.push(checked);
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      problems.push(err.message);
    }
  }
  if (problems.length) throw new Refusal(problems.join('\n'));
  const inodes = new Map<string, string>();
  for (const p of pending) {
    const other = inodes.get(`${p.dev}:${p.ino}`);
    if (other) throw new DuplicateEdit(`the plan edits one file twice, as ${other} and as ${p.edit.file}`);
    inodes.set(`${p.dev}:${p.ino}`, p.edit.file);
  }
  const result: ApplyResult = { schemaVersion: 1, ok: true, backupId: null, applied: [], alreadyApplied, manualSteps: plan.manualSteps };
  if (pending.length === 0) return result;
  if (!options.allowDirty) {
    const dirty = dirtyFiles(rootReal);
    if (dirty?.length) throw new Refusal(`the git work tree has uncommitted changes (${dirty.slice(0, 5).join(', ')}${dirty.length > 5 ? ', …' : ''}): commit or stash them, or pass --allow-dirty`);
  }
  journalKey(rootReal, true);
  const id = createBackupSet(rootReal);
  const stamp = Date.now();
  const journal: Journal = {
    version: 1, id, createdAt: new Date().toISOString(), planSha256: options.planSha256, state: 'applying',
    files: pending.map((p) => ({ file: p.edit.file, sha256Before: p.edit.sha256Before, sha256After: p.edit.sha256After, mode: p.mode, uid: p.uid, gid: p.gid, temp: tempName(p.edit.file, stamp) })),
  };
  const temps = new Map(journal.files.map((f) => [f.file, f.temp!]));
  for (const p of pending) storeOriginal(rootReal, journal.id, p.edit.file, p.before);
  writeJournal(rootReal, journal);
  result.backupId = journal.id;
  const written: Pending[] = [];
  const write = (p: Pending, bytes: Buffer, n?: number) => replaceFile(p.target, bytes, {
    mode: p.mode, uid: p.uid, gid: p.gid, temp: temps.get(p.edit.file)!, beforeRename: n === undefined ? undefined : () => faultBeforeRename(n, p.target.path),
  });
  try {
    for (const p of pending) {
      faultBeforeWrite(written.length + 1);
      write(p, p.after, written.length + 1);
      written.push(p);
      faultAfterWrite(written.length);
      options.onWrite?.(p.edit.file);
    }
  } catch (err) {
    for (const p of written) write(p, readOriginal(rootReal, journal.id, p.edit.file));
    writeJournal(rootReal, { ...journal, state: 'failed' });
    const why = err instanceof FolderChanged || err instanceof Refusal ? err.message : (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new Refusal(`apply failed writing ${pending[written.length]?.edit.file ?? 'a file'} (${why}); the ${written.length} file(s) already written were restored, nothing is half-written`);
  }
  writeJournal(rootReal, { ...journal, state: 'applied' });
  result.applied = written.map((p) => p.edit.file);
  return result;
}

/** Ctrl-C arrived while files were being replaced; every one of them was put back. */
export class Interrupted extends Error {}

/**
 * applyPlan for a process a person may Ctrl-C. The writes are synchronous, so a SIGINT that arrives during them is
 * delivered right after: then every file is put back from the backup set and Interrupted is thrown.
 */
export async function applyPlanInterruptible(plan: Plan, rootDir: string, options: ApplyOptions): Promise<ApplyResult> {
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  process.on('SIGINT', onInterrupt);
  try {
    const result = applyPlan(plan, rootDir, options);
    // Let a Ctrl-C that arrived during the writes be delivered. On a loaded machine the timer may already be due when
    // the loop resumes, and timers run before the poll phase that reads the signal; the setImmediate after it runs
    // only once that poll phase has handled what is pending, so the signal is never lost.
    await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setImmediate(r));
    if (interrupted && result.backupId) {
      rollback(rootDir, pickBackup(rootDir, result.backupId)!);
      throw new Interrupted(`interrupted: every file was restored from backup ${result.backupId}`);
    }
    return result;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/** One edit checked against the file on disk: safe path, not stale, writable, and the plan not tampered with. */
function check(edit: Edit, rootReal: string, gitDirs: ReadonlySet<string>): Pending | 'applied' {
  const target = safeTarget(rootReal, edit.file, gitDirs);
  let before: Buffer;
  try {
    before = readFileSync(target.path);
  } catch {
    throw new Refusal(`${edit.file}: missing (the plan is stale: plan again)`);
  }
  const actual = sha256(before);
  if (actual === edit.sha256After && actual !== edit.sha256Before) return 'applied';
  if (actual !== edit.sha256Before) throw new Refusal(`${edit.file}: changed since the plan was made (sha256 differs): plan again`);
  assertWritable(target.path, edit.file);
  const decoded = decodeText(before);
  if (!decoded || decoded.encoding !== edit.encoding) throw new Refusal(`${edit.file}: encoding differs from the plan`);
  let afterText: string;
  try {
    afterText = applyTextChanges(decoded.text, edit.changes);
  } catch (err) {
    if (err instanceof UneditableError) throw new Refusal(`${edit.file}: the plan's changes overlap (tampered plan)`);
    throw err;
  }
  const after = encodeText(afterText, edit.encoding)!;
  if (sha256(after) !== edit.sha256After) throw new Refusal(`${edit.file}: the plan's changes do not produce sha256After (tampered plan)`);
  const settings = parserFor(edit.file)?.parse(decoded.text, edit.file).settings ?? [];
  if (reviewDiff(edit.file, decoded.text, edit.changes, settings) !== edit.diff) throw new Refusal(`${edit.file}: the plan's diff does not match its changes (tampered plan)`);
  const stat = lstatSync(target.path);
  if (!stat.isFile()) throw new Refusal(`${edit.file}: not a regular file`);
  return { edit, target, before, after, mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid, dev: stat.dev, ino: stat.ino };
}
