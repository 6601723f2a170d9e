import { z } from 'zod';
import { Diagnostic, Finding } from './finding.js';
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
  }),
  azCli: z.array(z.string()),
  terraform: z.string(),
  adminConsentUrl: z.string().nullable(),
});
export type Registration = z.infer<typeof Registration>;

export const PlanApp = z.object({
  id: z.string(),
  entra: EntraSettings,
  scopeMapping: z.array(ScopeMappingRow),
  registration: Registration,
});
export type PlanApp = z.infer<typeof PlanApp>;

export const Edit = z.object({ file: z.string(), sha256Before: z.string(), diff: z.string() });

export const Plan = z.object({
  schemaVersion: z.literal(schemaVersion),
  root: z.string(),
  inputs: PlanInputs,
  apps: z.array(PlanApp),
  edits: z.array(Edit),
  manualSteps: z.array(z.string()),
  risks: z.array(Finding),
  diagnostics: z.array(Diagnostic),
});
export type Plan = z.infer<typeof Plan>;
