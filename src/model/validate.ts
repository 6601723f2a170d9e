import { z } from 'zod';
import { Finding, Severity } from './finding.js';
import { EntraApp, Repository } from './scan.js';

/** A validate finding: a Finding plus a fingerprint that survives line moves and never derives from a secret. */
export const ValidateFinding = Finding.extend({
  fingerprint: z.string(),
  help: z.string(),
});
export type ValidateFinding = z.infer<typeof ValidateFinding>;

export const ValidateResult = z.object({
  schemaVersion: z.literal(1),
  ok: z.boolean(),
  repository: Repository.nullable(),
  /** The scan's Entra apps, each `broken` when a finding at error severity is in one of its files. */
  entraApps: z.array(EntraApp),
  failOn: Severity,
  findings: z.array(ValidateFinding),
  /** Findings hidden by --ignore, .ado2entraignore, inline comments or the baseline, by reason. */
  suppressed: z.object({ ignored: z.number().int(), inline: z.number().int(), ignoreFile: z.number().int(), baseline: z.number().int() }),
  stats: z.object({ files: z.number().int(), ms: z.number() }),
});
export type ValidateResult = z.infer<typeof ValidateResult>;

/** `--write-baseline` output: the fingerprints a team accepts for now; `--baseline` hides exactly these. */
export const Baseline = z.object({
  schemaVersion: z.literal(1),
  fingerprints: z.array(z.object({ ruleId: z.string(), file: z.string(), fingerprint: z.string() })),
});
export type Baseline = z.infer<typeof Baseline>;
