import { structuredPatch } from 'diff';
import { maskSecretShapes, secretMasks } from '../mapper/edits/mask.js';
import { applyTextChanges, type TextChange } from '../mapper/edits/text.js';
import type { Setting } from '../parsers/types.js';

/**
 * The unified diff a person reviews: secret values masked on both sides (so a cleared secret shows as
 * `***` → empty), line endings shown as `\n` and the BOM left out; apply writes them unchanged.
 */
export function reviewDiff(file: string, before: string, changes: readonly TextChange[], settings: readonly Setting[]): string {
  const masks = secretMasks(before, settings);
  const untouched = masks.filter((m) => !changes.some((c) => c.start < m.end && m.start < c.end));
  const shown = (text: string) => text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const patch = structuredPatch(`a/${file}`, `b/${file}`, shown(applyTextChanges(before, masks)), shown(applyTextChanges(before, [...changes, ...untouched])), undefined, undefined, { context: 3 });
  const lines = [`--- a/${file}`, `+++ b/${file}`];
  for (const h of patch.hunks) {
    lines.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines.map(maskSecretShapes));
  }
  return `${lines.join('\n')}\n`;
}
