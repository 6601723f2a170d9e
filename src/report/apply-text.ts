import type { ApplyResult, Journal, RollbackResult } from '../model/backup.js';
import { plain, plural, type Style } from './style.js';
import { visible, visibleDeep } from './escape.js';

/** What apply did, how to undo it, and what is left for a person. */
export function renderApplyText(applied: ApplyResult, rootShown: string, gitignored: boolean, style: Style = plain): string {
  const result = visibleDeep(applied);
  const root = visible(rootShown);
  const lines: string[] = [];
  const rootFlag = root === '.' ? '' : ` --root ${root}`;
  if (result.applied.length === 0) {
    lines.push(style.green(`Nothing to apply: ${result.alreadyApplied.length ? `the plan is already applied (${plural(result.alreadyApplied.length, 'file')})` : 'the plan has no config edits'}.`));
  } else {
    lines.push(style.bold(`Applied ${plural(result.applied.length, 'file')}:`), ...result.applied.map((f) => `  ${style.green('updated')} ${f}`));
    if (result.alreadyApplied.length) lines.push(...result.alreadyApplied.map((f) => `  ${style.dim('already applied')} ${f}`));
    lines.push('', `Backup set ${result.backupId} (${root}/.ado2entra/backups/${result.backupId}). Undo with: ado2entra rollback ${result.backupId}${rootFlag}`);
    if (!gitignored) lines.push(style.yellow(`Add .ado2entra/ to ${root}/.gitignore so backups (which hold the old files) are never committed.`));
  }
  if (result.manualSteps.length > manySteps) {
    const apps = new Set(result.manualSteps.map((s) => s.split(': ')[0]));
    lines.push('', style.bold(`Manual steps left: ${result.manualSteps.length} for ${plural(apps.size, 'app')}`), `  The checklist per app: ado2entra report ${root} --out migration.md (or apply --json).`);
  } else if (result.manualSteps.length) {
    lines.push('', style.bold('Manual steps left'));
    result.manualSteps.forEach((s, i) => lines.push(`  ${String(i + 1).padStart(2)}. [ ] ${s}`));
  }
  return lines.join('\n');
}

/** Beyond this many steps (a monorepo with dozens of apps) the terminal gets a count and a pointer to the report. */
const manySteps = 40;

export function renderRollbackText(rolledBack: RollbackResult, style: Style = plain): string {
  const result = visibleDeep(rolledBack);
  const lines = [style.bold(`Rolled back ${result.id}: ${plural(result.restored.length, 'file')} restored byte for byte.`)];
  lines.push(...result.restored.map((f) => `  ${style.green('restored')} ${f}`));
  lines.push(...result.unchanged.map((f) => `  ${style.dim('unchanged')} ${f}`));
  return lines.join('\n');
}

export function renderBackupList(journals: readonly Journal[], style: Style = plain): string {
  if (journals.length === 0) return 'No backup sets.';
  const lines = [style.bold('id                       created                   state        files')];
  for (const j of [...journals].reverse()) lines.push(`${j.id.padEnd(24)} ${j.createdAt.slice(0, 19).replace('T', ' ').padEnd(25)} ${j.state.padEnd(12)} ${j.files.length}`);
  return lines.join('\n');
}
