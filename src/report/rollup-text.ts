// Markdown and CSV renderings of a rollup (pure).
import type { Blocker, RollupRepository, RollupResult } from '../model/rollup.js';
import { mdCell, mdCellCode, visibleDeep } from './escape.js';

export const blockerTitles: Record<Blocker['kind'], string> = {
  'msa-users': 'Personal Microsoft accounts (not supported for Azure DevOps through Entra)',
  'committed-secret': 'Committed secrets (revoke them; the new secret stays out of the files)',
  'base-url': 'Base URLs that code appends OAuth paths to (the code changes too)',
};


export function statusCounts(r: RollupRepository): { legacy: number; dualRun: number; migrated: number; broken: number } {
  const n = (s: string) => r.apps.filter((a) => a.status === s).length;
  return { legacy: n('legacy'), dualRun: n('dual-run'), migrated: n('migrated'), broken: n('broken') };
}

const cell = mdCell;

/** The inventory for a wiki page or a pull request: totals, blockers, repositories, permissions, burn-down. */
export function renderRollupMarkdown(result: RollupResult, version: string): string {
  const r = visibleDeep(result);
  const t = r.totals;
  const out = [
    '# Azure DevOps OAuth → Microsoft Entra ID: organization inventory',
    '',
    `Generated ${r.generatedAt.slice(0, 10)} by ado2entra ${version} from ${r.repositories.reduce((n, x) => n + x.sources.length, 0)} result(s); ${r.skipped.length} input(s) skipped.`,
    '',
    '| repositories | with legacy apps | apps | legacy | dual-run | migrated | broken |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${t.repositories} | ${t.withLegacy} | ${t.apps} | ${t.byStatus.legacy} | ${t.byStatus.dualRun} | ${t.byStatus.migrated} | ${t.byStatus.broken} |`,
    '',
    '## Blockers',
    '',
  ];
  if (r.blockers.length === 0) out.push('None found. Confirm with each team that no user signs in with a personal Microsoft account.', '');
  for (const kind of Object.keys(blockerTitles) as Blocker['kind'][]) {
    const list = r.blockers.filter((b) => b.kind === kind);
    if (!list.length) continue;
    out.push(`### ${blockerTitles[kind]}: ${list.length}`, '', '| repository | app | where | what |', '|---|---|---|---|');
    for (const b of list) out.push(`| ${cell(b.repository)} | ${cell(b.appId ?? '')} | ${mdCellCode(`${b.file}${b.line ? `:${b.line}` : ''}`)} | ${cell(b.message)} |`);
    out.push('');
  }
  out.push('## Repositories', '', '| repository | branch | commit | legacy | dual-run | migrated | broken | validate |', '|---|---|---|---:|---:|---:|---:|---|');
  for (const repo of r.repositories) {
    const c = statusCounts(repo);
    out.push(`| ${cell(repo.name)} | ${cell(repo.branch ?? '')} | ${repo.commit ? mdCellCode(repo.commit.slice(0, 12)) : ''} | ${c.legacy} | ${c.dualRun} | ${c.migrated} | ${c.broken} | ${repo.validateOk === null ? '' : repo.validateOk ? 'pass' : 'fail'} |`);
  }
  out.push('', '## Delegated permissions needed org-wide', '');
  if (r.permissions.length === 0) out.push('None: no legacy app is left.');
  else {
    out.push('| scope | Entra permission | permission id | admin consent | apps | repositories |', '|---|---|---|---|---:|---:|');
    for (const p of r.permissions) out.push(`| ${mdCellCode(p.value)} | ${mdCellCode(p.entra)} | ${p.permissionId ? mdCellCode(p.permissionId) : 'unknown'} | ${p.adminConsent ? '**yes**' : 'no'} | ${p.apps} | ${p.repositories} |`);
  }
  out.push('', '## Burn-down', '', '| date | repositories | legacy | dual-run | migrated | broken |', '|---|---:|---:|---:|---:|---:|');
  for (const p of r.burndown) out.push(`| ${p.date} | ${p.repositories} | ${p.legacy} | ${p.dualRun} | ${p.migrated} | ${p.broken} |`);
  if (r.skipped.length) {
    out.push('', '## Inputs skipped', '', '| input | why |', '|---|---|');
    for (const s of r.skipped) out.push(`| ${mdCellCode(s.input)} | ${cell(s.reason)} |`);
  }
  return `${out.join('\n')}\n`;
}

// A field a spreadsheet would read as a formula (=, +, -, @, tab, CR first) gets a leading quote (OWASP CSV injection).
const csvField = (value: string) => {
  const s = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One row per app (a repository without apps gets one row with an empty app): for spreadsheets. */
export function renderRollupCsv(r: RollupResult): string {
  const rows = [['remote', 'path', 'branch', 'commit', 'app', 'status', 'clientId', 'files', 'scopes']];
  for (const repo of r.repositories) {
    const base = [repo.remote ?? repo.key, repo.path, repo.branch ?? '', repo.commit ?? ''];
    if (repo.apps.length === 0) rows.push([...base, '', 'clean', '', '', '']);
    for (const a of repo.apps) rows.push([...base, a.id, a.status, a.clientId ?? '', a.files.join(' '), a.scopes.join(' ')]);
  }
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
