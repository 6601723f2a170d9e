import { z } from 'zod';
import { Diagnostic, Finding } from './finding.js';

export const schemaVersion = 1 as const;

export const App = z.object({
  id: z.string(),
  files: z.array(z.string()),
  clientId: z.string().nullable(),
  hasSecret: z.boolean(),
  scopes: z.array(z.string()),
  callbackUrl: z.string().nullable(),
  endpoints: z.object({ authorize: z.string().nullable(), token: z.string().nullable() }),
  /** Scope spellings that are not in the catalog (retired or unknown), as written. */
  unknownScopes: z.array(z.string()),
  /** How sure detection is: strong (a protocol signal) or medium (a library/provider identifier only). */
  confidence: z.enum(['strong', 'medium']),
  /** Where the client id comes from when it is not a literal (environment variable, setting name, file path). */
  clientIdSource: z.string().nullable(),
  /** `dual-run`: Entra twins of the legacy settings sit beside them (`plan --keep-legacy` applied); one app, not two. */
  status: z.enum(['legacy', 'dual-run']).default('legacy'),
});
export type App = z.infer<typeof App>;

/** Where a result came from, so results of many CI jobs can be merged (rollup). Null outside a git work tree. */
export const Repository = z.object({
  /** `origin`'s URL (else the first remote's) with any user name, password or token removed; null without a remote. */
  remote: z.string().nullable(),
  commit: z.string().nullable(),
  /** Branch name; in a detached CI checkout, the one the CI system names (GITHUB_REF_NAME, BUILD_SOURCEBRANCH). */
  branch: z.string().nullable(),
  /** The scanned folder within the repository, `/`-separated (`.` for the top). */
  path: z.string(),
  /** Committer date of `commit` (ISO 8601): rollup keeps the latest result per repository by it. */
  committedAt: z.string().nullable(),
});
export type Repository = z.infer<typeof Repository>;

/** An app already on Entra for Azure DevOps. broken: validate finds errors in its files. */
export const EntraApp = z.object({
  id: z.string(),
  files: z.array(z.string()),
  clientId: z.string().nullable(),
  status: z.enum(['migrated', 'broken']),
});
export type EntraApp = z.infer<typeof EntraApp>;

export const SkippedFile = z.object({ file: z.string(), reason: z.string() });
export type SkippedFile = z.infer<typeof SkippedFile>;

export const ScanResult = z.object({
  schemaVersion: z.literal(schemaVersion),
  root: z.string(),
  repository: Repository.nullable(),
  apps: z.array(App),
  entraApps: z.array(EntraApp),
  findings: z.array(Finding),
  diagnostics: z.array(Diagnostic),
  skipped: z.array(SkippedFile),
  stats: z.object({
    files: z.number().int(),
    bytes: z.number().int(),
    ms: z.number(),
    candidates: z.number().int(),
  }),
});
export type ScanResult = z.infer<typeof ScanResult>;
