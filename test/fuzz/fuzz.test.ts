// Property tests for every parser and every edit. `npm test` runs 100 cases per property; `npm run fuzz` 10,000+.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/detect/apps.js';
import { fileFacts, fileSignals } from '../../src/detect/signals.js';
import { appChanges } from '../../src/mapper/edits/changes.js';
import { editFile } from '../../src/mapper/edits/file.js';
import { entraSettings, scopeMapping } from '../../src/mapper/entra.js';
import { parserFor } from '../../src/parsers/registry.js';
import { inputs } from '../support/plan-helpers.js';
import { documentOf, formats, legacyValues } from './documents.js';

const numRuns = Number(process.env.FUZZ_RUNS ?? 100);
export const counts = new Map<string, number>();

function valuesByKey(file: string, text: string): Map<string, string> {
  const { settings } = parserFor(file)!.parse(text, file);
  return new Map(settings.filter((s) => s.key).map((s) => [s.key!, s.value]));
}

describe.each(formats.map((f) => [f.file, f] as const))('%s', (_name, format) => {
  it('detection finds the legacy app wherever its settings sit', () => {
    fc.assert(fc.property(documentOf(format), (doc) => {
      counts.set(`detect ${format.file}`, (counts.get(`detect ${format.file}`) ?? 0) + 1);
      const parser = parserFor(format.file)!;
      const { settings } = parser.parse(doc.text, format.file);
      const origin = parser.name === 'source' ? 'code' : 'config';
      const kinds = new Set(fileSignals(format.file, origin, settings, fileFacts(settings, doc.text)).map((s) => s.kind));
      expect(kinds.has('authorize-endpoint')).toBe(true);
      if (origin === 'config') expect(kinds.has('client-id') && kinds.has('scopes')).toBe(true);
    }), { numRuns });
  });

  // Source code is never edited (only config is), so oauth.js has no edit property.
  if (format.file !== 'oauth.js') it('edit-then-parse gives the intended values and leaves every other value equal', () => {
    fc.assert(fc.property(documentOf(format), (doc) => {
      counts.set(`edit ${format.file}`, (counts.get(`edit ${format.file}`) ?? 0) + 1);
      const parser = parserFor(format.file)!;
      const { settings } = parser.parse(doc.text, format.file);
      const signals = fileSignals(format.file, 'config', settings, fileFacts(settings, doc.text));
      const app = buildApp('app', signals);
      const entra = entraSettings(app, scopeMapping(app), inputs());
      const { changes } = appChanges(signals, entra, inputs(), () => settings);
      const after = editFile(format.file, doc.text, parser.name, changes).after;
      expect(parser.parse(after, format.file).diagnostics).toEqual([]);
      const values = valuesByKey(format.file, after);
      expect(values.get(format.keys.auth)).toBe(entra.authorizeEndpoint);
      expect(values.get(format.keys.clientId)).toBe(entra.clientId);
      expect(values.get(format.keys.scopes)).toBe(entra.scopes.join(' '));
      for (const [key, value] of doc.others) expect(values.get(key), key).toBe(value);
      expect(after).not.toContain(legacyValues.auth);
    }), { numRuns });
  });
});
