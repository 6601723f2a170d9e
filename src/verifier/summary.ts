// The verdict of a verify run counts what was proven; a run that proved nothing never says OK.
import type { VerifyResult, VerifySummary } from '../model/verify.js';
import type { Targets } from './targets.js';

export function summarize(result: Omit<VerifyResult, 'summary'>, targets: Pick<Targets, 'apps' | 'unverifiable' | 'legacyCodeSites'>): VerifySummary {
  const notes: string[] = [];
  const flowsRun = result.flows.length;
  const flowsPassed = result.flows.filter((f) => f.ok).length;
  const restCalls = result.parity.filter((p) => p.entra !== null).length;
  const restCallsCompared = result.parity.filter((p) => p.entra !== null && p.legacy !== null).length;
  let verdict: VerifySummary['verdict'];
  if (targets.apps.length === 0) {
    verdict = targets.unverifiable.length ? 'unverified' : 'nothing-to-verify';
    notes.push(...(targets.unverifiable.length ? targets.unverifiable : ['no Azure DevOps OAuth (legacy or Entra) in this tree']));
  } else if (flowsRun === 0) {
    verdict = 'unverified';
    notes.push(`found ${targets.apps.map((a) => a.id).join(', ')} but no flow ran (check --flow)`);
  } else {
    verdict = result.ok ? 'ok' : 'failed';
  }
  if (targets.apps.some((a) => a.registration.source.startsWith('assumed'))) {
    notes.push('the registration was assumed from the files (no --registration, no plan or backup set): their redirect URI, client id and tenant were not checked against Entra; pass --registration FILE (az ad app show --id <appId>)');
  }
  if (targets.legacyCodeSites.length) {
    notes.push(`the configuration is migrated, but the code still speaks the legacy protocol at ${targets.legacyCodeSites.length} site(s); \`validate\` keeps failing on them until they move to MSAL`);
  }
  return { verdict, flowsRun, flowsPassed, restCalls, restCallsCompared, notes, legacyCodeSites: targets.legacyCodeSites };
}
