import type { FindingKind } from '../model/finding.js';
import { fromFinding, type RuleContext } from './types.js';

/** Reports every legacy finding of these kinds that the scan rated an error (strong evidence). */
export function reportLegacy(ctx: RuleContext, kinds: readonly FindingKind[]): void {
  for (const f of ctx.scan.findings) {
    if (kinds.includes(f.kind) && f.severity === 'error') ctx.report(fromFinding(f), f.message);
  }
}
