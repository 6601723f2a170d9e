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

export const SkippedFile = z.object({ file: z.string(), reason: z.string() });
export type SkippedFile = z.infer<typeof SkippedFile>;

export const ScanResult = z.object({
  schemaVersion: z.literal(schemaVersion),
  root: z.string(),
  apps: z.array(App),
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
