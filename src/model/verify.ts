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
});
export type VerifyResult = z.infer<typeof VerifyResult>;
