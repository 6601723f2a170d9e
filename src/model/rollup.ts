import { z } from 'zod';

/** Bumped when a field is removed or renamed; rollup reads results of its own version or older. */
export const rollupSchemaVersion = 1 as const;

export const RollupAppStatus = z.enum(['legacy', 'dual-run', 'migrated', 'broken']);
export type RollupAppStatus = z.infer<typeof RollupAppStatus>;

const Counts = z.object({ legacy: z.number().int(), dualRun: z.number().int(), migrated: z.number().int(), broken: z.number().int() });

/** Something that stops a repository's migration until a person acts. */
export const Blocker = z.object({
  kind: z.enum(['msa-users', 'committed-secret', 'base-url']),
  repository: z.string(),
  appId: z.string().nullable(),
  file: z.string(),
  line: z.number().int().nullable(),
  message: z.string(),
});
export type Blocker = z.infer<typeof Blocker>;

export const RollupRepository = z.object({
  /** remote, else the folder the result came from: what results are merged on (with `path`). */
  key: z.string(),
  /** What people call it: the remote (and the folder within it), else the scanned folder as written. */
  name: z.string(),
  remote: z.string().nullable(),
  commit: z.string().nullable(),
  branch: z.string().nullable(),
  path: z.string(),
  committedAt: z.string().nullable(),
  /** The input files merged into this entry (a scan and a validate of the same commit). */
  sources: z.array(z.string()),
  apps: z.array(z.object({ id: z.string(), status: RollupAppStatus, clientId: z.string().nullable(), files: z.array(z.string()), scopes: z.array(z.string()) })),
  /** validate's verdict when a validate result was given, else null. */
  validateOk: z.boolean().nullable(),
});
export type RollupRepository = z.infer<typeof RollupRepository>;

export const RollupPermission = z.object({
  value: z.string(),
  entra: z.string(),
  permissionId: z.string().nullable(),
  name: z.string(),
  /** High-privilege scopes need a tenant administrator's consent. */
  adminConsent: z.boolean(),
  apps: z.number().int(),
  repositories: z.number().int(),
});
export type RollupPermission = z.infer<typeof RollupPermission>;

export const BurndownPoint = Counts.extend({ date: z.string(), repositories: z.number().int() });
export type BurndownPoint = z.infer<typeof BurndownPoint>;

export const RollupResult = z.object({
  schemaVersion: z.literal(rollupSchemaVersion),
  kind: z.literal('ado2entra-rollup'),
  generatedAt: z.string(),
  repositories: z.array(RollupRepository),
  totals: z.object({
    repositories: z.number().int(),
    /** Repositories with at least one app still on legacy OAuth (legacy or dual-run). */
    withLegacy: z.number().int(),
    apps: z.number().int(),
    byStatus: Counts,
    blockers: z.object({ msaUsers: z.number().int(), committedSecrets: z.number().int(), baseUrls: z.number().int() }),
  }),
  blockers: z.array(Blocker),
  /** Delegated Azure DevOps permissions the legacy apps need in Entra, org-wide, most used first. */
  permissions: z.array(RollupPermission),
  /** One point per dated snapshot (--history) and one for this run, oldest first. */
  burndown: z.array(BurndownPoint),
  /** Inputs that are not ado2entra results, are of a newer schema, or were replaced by a later commit. */
  skipped: z.array(z.object({ input: z.string(), reason: z.string() })),
});
export type RollupResult = z.infer<typeof RollupResult>;
