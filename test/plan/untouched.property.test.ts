import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/detect/apps.js';
import { fileFacts, fileSignals } from '../../src/detect/signals.js';
import { appChanges } from '../../src/mapper/edits/changes.js';
import { editFile } from '../../src/mapper/edits/file.js';
import { entraSettings, scopeMapping } from '../../src/mapper/entra.js';
import { parserFor } from '../../src/parsers/registry.js';
import { inputs } from '../support/plan-helpers.js';

/** Plans and writes the edit of one config text, the way `plan` does for a file. */
function edit(file: string, text: string): string {
  const parser = parserFor(file)!;
  const { settings } = parser.parse(text, file);
  const signals = fileSignals(file, 'config', settings, fileFacts(settings, text));
  const app = buildApp('app', signals);
  const entra = entraSettings(app, scopeMapping(app), inputs());
  const { changes } = appChanges(signals, entra, inputs(), () => settings);
  return editFile(file, text, parser.name, changes).after;
}

interface Format {
  file: string;
  legacy: string[];
  filler: (i: number, word: string) => string;
  wrap?: (lines: string[]) => string[];
}

const formats: Format[] = [
  {
    file: '.env',
    legacy: ['VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize', 'VSTS_CLIENT_ID=0d2e4f6a-8b1c-4d3e-9f5a-7b9c1d3e5f7a', 'VSTS_SCOPES=vso.code vso.work'],
    filler: (i, w) => (i % 2 ? `# ${w}` : `FILLER_${i}=${w}`),
  },
  {
    file: 'values.yaml',
    legacy: ['authUrl: https://app.vssps.visualstudio.com/oauth2/authorize', 'clientId: 0d2e4f6a-8b1c-4d3e-9f5a-7b9c1d3e5f7a', 'scope: vso.code vso.work'],
    filler: (i, w) => (i % 2 ? `# ${w}` : `filler${i}: ${w}`),
  },
  {
    file: 'app.ini',
    legacy: ['auth-url = https://app.vssps.visualstudio.com/oauth2/authorize', 'client-id = 0d2e4f6a-8b1c-4d3e-9f5a-7b9c1d3e5f7a', 'scope = vso.code vso.work'],
    filler: (i, w) => (i % 2 ? `; ${w}` : `filler${i} = ${w}`),
    wrap: (lines) => ['[vsts]', ...lines],
  },
  {
    file: 'appsettings.json',
    legacy: ['  "AuthUrl": "https://app.vssps.visualstudio.com/oauth2/authorize",', '  "ClientId": "0d2e4f6a-8b1c-4d3e-9f5a-7b9c1d3e5f7a",', '  "Scopes": "vso.code vso.work",'],
    filler: (i, w) => (i % 2 ? `  // ${w}` : `  "Filler${i}": "${w}",`),
    wrap: (lines) => ['{', ...lines, '  "Last": true', '}'],
  },
];

const word = fc.stringMatching(/^[a-z]{3,10}$/).filter((w) => !/vs|ado|oauth|secret|token|scope/.test(w));

describe('every untouched line survives an edit unchanged and in order', () => {
  it.each(formats)('$file', (format) => {
    fc.assert(fc.property(
      fc.array(word, { maxLength: 12 }),
      fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
      fc.constantFrom('\n', '\r\n'),
      (words, slots, eol) => {
        // place each filler line before one of the legacy lines (or at the end), keeping the legacy order
        const buckets: string[][] = format.legacy.map(() => []);
        const tail: string[] = [];
        const filler = words.map((w, i) => format.filler(i, w));
        filler.forEach((line, i) => (slots[i]! % (format.legacy.length + 1) === format.legacy.length ? tail : buckets[slots[i]! % format.legacy.length]!).push(line));
        const body = format.legacy.flatMap((l, i) => [...buckets[i]!, l]).concat(tail);
        const lines = format.wrap ? format.wrap(body) : body;
        const before = lines.join(eol) + eol;
        const after = edit(format.file, before);
        const out = after.split(eol);
        let at = 0;
        for (const line of lines.filter((l) => !format.legacy.includes(l))) {
          at = out.indexOf(line, at);
          expect(at, `line "${line}" kept`).toBeGreaterThanOrEqual(0);
          at++;
        }
        expect(out.length).toBe(before.split(eol).length + 1); // the tenant id line
        expect(after).not.toContain('app.vssps.visualstudio.com');
        expect(after.replace(/\r\n/g, '')).toSatisfy((s: string) => (eol === '\r\n' ? !/[\r\n]/.test(s) : true));
      },
    ), { numRuns: 150 });
  });
});
