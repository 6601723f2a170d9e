import { z } from 'zod';

export const backupIdPattern = /^(?:[0-9]{8}T[0-9]{9}Z-[0-9]{6}|[0-9]{8}T[0-9]{6}Z-[0-9a-f]{4})$/;

/**
 * The journal of one apply, written (fsynced) before the first file is replaced. With the copies beside it,
 * it is enough to put every file back after any interruption, including SIGKILL and a full disk.
 */
export const Journal = z.object({
  version: z.literal(1),
  /** Sorts in creation order: UTC time to the millisecond, then a counter (older sets: a random suffix). */
  id: z.string().regex(backupIdPattern),
  createdAt: z.string(),
  /** sha256 of the plan file that was applied. */
  planSha256: z.string(),
  /** applying: interrupted if still set; failed: files were put back after an error. */
  state: z.enum(['applying', 'applied', 'failed', 'rolled-back']),
  files: z.array(z.object({
    file: z.string(),
    sha256Before: z.string(),
    sha256After: z.string(),
    mode: z.number().int(),
    /** The owner to keep when the file is replaced (absent in sets made before 0.x). */
    uid: z.number().int().optional(),
    gid: z.number().int().optional(),
    /** The temp file's name beside the target, so a killed apply's leftover can be found and removed. */
    temp: z.string().regex(/^\.[^/\\]*\.ado2entra-[0-9]+-[0-9]+\.tmp$/).optional(),
  })),
  /** HMAC-SHA256 of the rest, keyed by a per-user key kept outside every repository: proves we wrote this set. */
  mac: z.string().optional(),
});
export type Journal = z.infer<typeof Journal>;

export const ApplyResult = z.object({
  schemaVersion: z.literal(1),
  ok: z.boolean(),
  backupId: z.string().nullable(),
  applied: z.array(z.string()),
  alreadyApplied: z.array(z.string()),
  manualSteps: z.array(z.string()),
});
export type ApplyResult = z.infer<typeof ApplyResult>;

export const RollbackResult = z.object({
  id: z.string(),
  restored: z.array(z.string()),
  unchanged: z.array(z.string()),
});
export type RollbackResult = z.infer<typeof RollbackResult>;
