import { z } from 'zod';
import { Diagnostic, Finding, FindingKind } from './finding.js';
import { schemaVersion } from './scan.js';

export const scopeStyles = ['default', 'explicit'] as const;
export const credentialTypes = ['secret', 'certificate', 'federated'] as const;

/** Everything a user decides for a migration: flags, answers file or wizard. */
export const PlanInputs = z.object({
  tenant: z.string(),
  clientId: z.string(),
  scopeStyle: z.enum(scopeStyles).default('default'),
  credential: z.enum(credentialTypes).default('secret'),
  secretRef: z.string().nullable().default(null),
  keepLegacy: z.boolean().default(false),
  refresh: z.boolean().default(true),
  msaUsers: z.boolean().nullable().default(null),
  apps: z.array(z.string()).nullable().default(null),
});
export type PlanInputs = z.infer<typeof PlanInputs>;

export const RegisteredPermission = z.object({
  value: z.string(),
  id: z.string(),
  highPrivilege: z.boolean(),
});

export const EntraSettings = z.object({
  authority: z.string(),
  authorizeEndpoint: z.string(),
  tokenEndpoint: z.string(),
  clientId: z.string(),
  tenant: z.string(),
  scopes: z.array(z.string()),
  registeredPermissions: z.array(RegisteredPermission),
  /** Scopes to register whose permission id ado2entra does not know: looked up in the tenant (az ad sp show / Terraform data source). */
  permissionsToLookUp: z.array(z.string()).default([]),
  redirectUri: z.string().nullable(),
});
export type EntraSettings = z.infer<typeof EntraSettings>;

export const ScopeMappingRow = z.object({
  legacy: z.string(),
  entra: z.string().nullable(),
  permissionId: z.string().nullable(),
  highPrivilege: z.boolean(),
  /** kept (registered), redundant (implied by another kept scope), retired or unknown. */
  status: z.enum(['kept', 'redundant', 'retired', 'unknown']),
  impliedBy: z.string().nullable(),
  replacement: z.string().nullable(),
});
export type ScopeMappingRow = z.infer<typeof ScopeMappingRow>;

export const Registration = z.object({
  manifest: z.object({
    requiredResourceAccess: z.array(z.object({
      resourceAppId: z.string(),
      resourceAccess: z.array(z.object({ id: z.string(), type: z.literal('Scope') })),
    })),
    web: z.object({ redirectUris: z.array(z.string()) }),
    /** Added in schemaVersion 1 (additive): present for a browser app, whose redirect URIs belong to the Single-page application platform. */
    spa: z.object({ redirectUris: z.array(z.string()) }).optional(),
  }),
  azCli: z.array(z.string()),
  terraform: z.string(),
  adminConsentUrl: z.string().nullable(),
});
export type Registration = z.infer<typeof Registration>;

/** A place in source code that needs a person: code is never rewritten, the plan gives the pattern to use. */
export const CodeSite = z.object({
  file: z.string(),
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  kind: FindingKind,
  language: z.string(),
  replacement: z.string(),
});
export type CodeSite = z.infer<typeof CodeSite>;

export const PlanApp = z.object({
  id: z.string(),
  entra: EntraSettings,
  scopeMapping: z.array(ScopeMappingRow),
  registration: Registration,
  codeSites: z.array(CodeSite),
});
export type PlanApp = z.infer<typeof PlanApp>;

/** Replace `[start, end)` (UTF-16 offsets into the decoded file, BOM included) with `text`. Never a secret. */
export const TextChange = z.object({
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  text: z.string(),
}).refine((c) => c.end >= c.start, 'end before start');

/**
 * One file's edit. `diff` is for people (secrets masked); `changes` is what apply writes, checked against
 * `sha256Before` (stale file), `sha256After` and the diff (tampered plan).
 */
export const Edit = z.object({
  file: z.string(),
  sha256Before: z.string().regex(/^[0-9a-f]{64}$/),
  sha256After: z.string().regex(/^[0-9a-f]{64}$/),
  encoding: z.enum(['utf8', 'utf16le']),
  diff: z.string(),
  changes: z.array(TextChange),
  reasons: z.array(z.string()),
});
export type Edit = z.infer<typeof Edit>;

export const Plan = z.object({
  schemaVersion: z.literal(schemaVersion),
  root: z.string(),
  inputs: PlanInputs,
  apps: z.array(PlanApp),
  edits: z.array(Edit),
  manualSteps: z.array(z.string()),
  risks: z.array(Finding),
  diagnostics: z.array(Diagnostic),
}).superRefine((plan, ctx) => {
  const seen = new Set<string>();
  plan.edits.forEach((edit, i) => {
    if (seen.has(edit.file)) ctx.addIssue({ code: 'custom', path: ['edits', i, 'file'], message: `a second edit of ${JSON.stringify(edit.file)}: a plan has one edit per file` });
    seen.add(edit.file);
  });
});
export type Plan = z.infer<typeof Plan>;
