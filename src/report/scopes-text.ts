import type { ScopesResult } from '../model/scopes.js';
import { plain, type Style } from './style.js';

const legend = [
  'Entra form: the scope as an Entra app requests it (Azure DevOps resource id / scope).',
  'hp: high privilege, as Azure DevOps marks the scope in its scope table: broad or administrative access. Request it',
  'only if the app needs it. Whether a user may consent to it is the tenant\'s consent policy, not this flag.',
];

export function renderScopesText(result: ScopesResult, style: Style = plain): string {
  const entraWidth = Math.max(10, ...result.scopes.map((s) => (s.entra ?? '-').length));
  const lines = [style.bold(`${'scope'.padEnd(30)} ${'Entra form'.padEnd(entraWidth)} ${'Entra permission id'.padEnd(36)} hp   includes`)];
  for (const s of result.scopes) {
    const hp = s.highPrivilege ? style.yellow('yes') : 'no ';
    lines.push(`${s.value.padEnd(30)} ${(s.entra ?? '-').padEnd(entraWidth)} ${(s.permissionId ?? (s.retired ? 'retired' : '-')).padEnd(36)} ${hp}  ${s.includes.join(' ') || '-'}`);
  }
  if (result.minimal) lines.push('', `${style.bold('minimal:')} ${result.minimal.join(' ') || '(none)'}`);
  for (const u of result.unknown) {
    lines.push(style.red(`${u.reason}: ${u.value}${u.suggestion ? ` (did you mean ${u.suggestion}?)` : ''}`));
  }
  if (result.scopes.length) lines.push('', ...legend.map((l) => style.dim(l)));
  return lines.join('\n');
}
