import { z } from 'zod';
import { schemaVersion } from './scan.js';

export const ScopeInfo = z.object({
  value: z.string(),
  entra: z.string().nullable(),
  permissionId: z.string().nullable(),
  name: z.string(),
  highPrivilege: z.boolean(),
  includes: z.array(z.string()),
  retired: z.boolean(),
});
export type ScopeInfo = z.infer<typeof ScopeInfo>;

export const UnknownScope = z.object({
  value: z.string(),
  suggestion: z.string().nullable(),
  /** Why it is not usable: retired (once valid, now gone) or unknown (never a scope). */
  reason: z.enum(['retired', 'unknown']),
});
export type UnknownScope = z.infer<typeof UnknownScope>;

export const ScopesResult = z.object({
  schemaVersion: z.literal(schemaVersion),
  scopes: z.array(ScopeInfo),
  minimal: z.array(z.string()).optional(),
  unknown: z.array(UnknownScope),
});
export type ScopesResult = z.infer<typeof ScopesResult>;
