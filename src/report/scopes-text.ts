import type { ScopesResult } from '../model/scopes.js';
import { plain, type Style } from './style.js';

export function renderScopesText(result: ScopesResult, style: Style = plain): string {
  const lines = [style.bold(`${'scope'.padEnd(38)} ${'Entra permission id'.padEnd(37)} hp   includes`)];
  for (const s of result.scopes) {
    const hp = s.highPrivilege ? style.yellow('yes') : 'no ';
    lines.push(`${s.value.padEnd(38)} ${(s.permissionId ?? (s.retired ? 'retired' : '-')).padEnd(37)} ${hp}  ${s.includes.join(' ') || '-'}`);
  }
  if (result.minimal) lines.push('', `${style.bold('minimal:')} ${result.minimal.join(' ') || '(none)'}`);
  for (const u of result.unknown) {
    lines.push(style.red(`${u.reason}: ${u.value}${u.suggestion ? ` (did you mean ${u.suggestion}?)` : ''}`));
  }
  return lines.join('\n');
}
