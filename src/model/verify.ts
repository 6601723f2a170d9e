import { z } from 'zod';
import { Finding } from './finding.js';

/** One request of a flow, as it may be shown: method, URL without secrets, status, error codes. */
export const FlowStep = z.object({
  method: z.string(),
  url: z.string(),
  status: z.number().int(),
  /** AADSTS / TF code or OAuth error, when the service answered with one. */
  code: z.string().nullable(),
  note: z.string().nullable(),
});
export type FlowStep = z.infer<typeof FlowStep>;

export const Flow = z.object({
  /** legacy-… or entra-…: which protocol and which path through it. */
  name: z.string().regex(/^(legacy|entra)-/),
  app: z.string(),
  ok: z.boolean(),
  steps: z.array(FlowStep),
  /** Why the flow failed, in one sentence. */
  error: z.string().nullable(),
});
export type Flow = z.infer<typeof Flow>;

/** One Azure DevOps REST call made with each token. null: that flow got no token to try it with. */
export const ParityRow = z.object({
  app: z.string(),
  call: z.string(),
  requiredScope: z.string(),
  legacy: z.boolean().nullable(),
  entra: z.boolean().nullable(),
  why: z.string(),
});
export type ParityRow = z.infer<typeof ParityRow>;

export const signInAudiences = ['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount'] as const;
export const consentPolicies = ['user', 'admin-granted', 'none'] as const;

/**
 * The app registration as it exists in Entra, kept apart from what the client sends: from `--registration`
 * (`az ad app show` JSON or an app manifest), else the registration the plan tells the user to create.
 */
export const AppRegistration = z.object({
  appId: z.string(),
  /** The directory's GUID (the `tid` of its tokens) and the names an authority may use for it. */
  tenantId: z.string(),
  tenantNames: z.array(z.string()),
  signInAudience: z.enum(signInAudiences),
  redirectUris: z.object({ web: z.array(z.string()), spa: z.array(z.string()), publicClient: z.array(z.string()) }),
  /** Delegated Azure DevOps permissions in requiredResourceAccess, by scope value (vso.code, user_impersonation). */
  permissions: z.array(z.string()),
  /** Whether requiredResourceAccess lists the Azure DevOps resource at all (`.default` needs it). */
  listsAzureDevOps: z.boolean(),
  credentials: z.object({ secret: z.boolean(), certificate: z.boolean(), federated: z.boolean() }),
  /** Whether the app's service principal was added to the Azure DevOps organization (app-only access). */
  servicePrincipalInOrg: z.boolean(),
  /** Where this registration came from, for the transcript. */
  source: z.string(),
});
export type AppRegistration = z.infer<typeof AppRegistration>;

/** What a run proved: flows run and passed, REST calls compared; and why it proved nothing, when it did not. */
export const VerifySummary = z.object({
  verdict: z.enum(['ok', 'failed', 'nothing-to-verify', 'unverified']),
  flowsRun: z.number().int(),
  flowsPassed: z.number().int(),
  restCalls: z.number().int(),
  /** REST calls made with both a legacy and an Entra token. */
  restCallsCompared: z.number().int(),
  /** Why nothing could be verified, or what the verdict does not cover (code still on the legacy protocol). */
  notes: z.array(z.string()),
  /** Code that still speaks the legacy protocol after the configuration was migrated. */
  legacyCodeSites: z.array(z.object({ file: z.string(), line: z.number().int(), kind: z.string() })),
});
export type VerifySummary = z.infer<typeof VerifySummary>;

export const VerifyResult = z.object({
  schemaVersion: z.literal(1),
  ok: z.boolean(),
  findings: z.array(Finding),
  flows: z.array(Flow),
  parity: z.array(ParityRow),
  /** The exact changes that make the failing Entra flows pass. */
  fixes: z.array(z.string()),
  /** What the run assumed (mock tenant or client id when none was given). */
  assumptions: z.array(z.string()),
  /** Added in schemaVersion 1 (additive): what was proven. */
  summary: VerifySummary.optional(),
});
export type VerifyResult = z.infer<typeof VerifyResult>;
