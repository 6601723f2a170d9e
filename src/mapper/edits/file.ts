import type { FormatName } from '../../parsers/types.js';
import type { Change, Unedited } from './changes.js';
import { applyTextChanges, textChanges, UneditableError, type TextChange } from './text.js';

export interface FileEdit {
  file: string;
  changes: TextChange[];
  after: string;
  reasons: string[];
  unedited: Unedited[];
}

function lineOf(change: Change): number {
  return change.type === 'set' ? change.setting.line : change.type === 'add' ? change.beside.line : change.elements[0]!.line;
}

/** Writes one file's changes in its syntax; a change that cannot be written in place becomes a manual step. */
export function editFile(file: string, text: string, format: FormatName, changes: readonly Change[]): FileEdit {
  const out: FileEdit = { file, changes: [], after: text, reasons: [], unedited: [] };
  for (const change of changes) {
    try {
      const next = [...out.changes, ...textChanges(text, format, change)];
      out.after = applyTextChanges(text, next);
      out.changes = next;
      if (!out.reasons.includes(change.reason)) out.reasons.push(change.reason);
    } catch (err) {
      if (!(err instanceof UneditableError)) throw err;
      const what = change.type === 'add' ? `add ${change.key} = ${change.value}` : `set the value to ${change.type === 'set' ? (change.value || '(empty)') : change.values.join(' ')}`;
      out.unedited.push({ file, line: lineOf(change), reason: `${what} by hand (${err.message})` });
    }
  }
  out.changes.sort((a, b) => a.start - b.start || a.end - b.end);
  return out;
}
