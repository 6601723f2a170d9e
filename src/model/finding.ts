import { z } from 'zod';

export const severities = ['error', 'warning', 'note'] as const;
export const Severity = z.enum(severities);
export type Severity = z.infer<typeof Severity>;

export const findingKinds = [
  'authorize-endpoint', 'token-endpoint', 'oauth-host', 'response-type', 'jwt-bearer-grant',
  'refresh-assertion', 'client-id', 'client-secret', 'legacy-secret-value', 'scopes', 'callback-url',
  'profile-endpoint', 'registration-url', 'entra-scope', 'entra-authority', 'other',
] as const;
export const FindingKind = z.enum(findingKinds);
export type FindingKind = z.infer<typeof FindingKind>;

/** One located observation. Never carries a secret value: only its kind and location. */
export const Finding = z.object({
  ruleId: z.string(),
  kind: FindingKind,
  severity: Severity,
  file: z.string(),
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  message: z.string(),
  appId: z.string().nullable(),
  /** Key path of the setting in its file (config) or the identifier it is bound to (code). */
  keyPath: z.string().optional(),
  /** config: a setting in a configuration file; code: a literal or call site in source code. */
  origin: z.enum(['config', 'code']).optional(),
});
export type Finding = z.infer<typeof Finding>;

/** A file that could not be read or parsed; the run goes on without it. */
export const Diagnostic = z.object({
  file: z.string(),
  line: z.number().int().min(1).nullable(),
  message: z.string(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;
