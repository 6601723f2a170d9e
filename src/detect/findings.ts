import type { Finding, FindingKind, Severity } from '../model/finding.js';
import type { Signal } from './signal.js';

/** Stable rule ids for scan findings, one per kind of legacy evidence. */
export const scanRuleIds: Record<FindingKind, string> = {
  'authorize-endpoint': 'A2E101',
  'token-endpoint': 'A2E102',
  'oauth-host': 'A2E103',
  'response-type': 'A2E104',
  'jwt-bearer-grant': 'A2E105',
  'refresh-assertion': 'A2E106',
  'legacy-secret-value': 'A2E107',
  'client-id': 'A2E110',
  'client-secret': 'A2E111',
  scopes: 'A2E112',
  'callback-url': 'A2E113',
  'profile-endpoint': 'A2E114',
  'registration-url': 'A2E115',
  'entra-scope': 'A2E116',
  'entra-authority': 'A2E117',
  other: 'A2E120',
};

function severityOf(signal: Signal): Severity {
  if (signal.kind === 'profile-endpoint' || signal.kind === 'registration-url') return 'note';
  if (signal.strength === 'strong') return 'error';
  if (signal.kind === 'client-secret' && signal.secretPresent && signal.role !== 'app-secret') return 'error';
  return 'warning';
}

export function toFinding(signal: Signal, appId: string | null): Finding {
  const keyPath = signal.setting.keyPath.length ? signal.setting.keyPath.join('.') : undefined;
  return {
    ruleId: scanRuleIds[signal.kind],
    kind: signal.kind,
    severity: severityOf(signal),
    file: signal.file,
    line: signal.setting.line,
    column: signal.setting.column,
    message: signal.message,
    appId,
    ...(keyPath ? { keyPath } : {}),
    origin: signal.origin,
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
}
