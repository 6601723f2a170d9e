import { repositoryUrl, ruleDocUrl } from '../model/project.js';
import type { ValidateResult } from '../model/validate.js';
import type { Rule } from '../rules/types.js';

const level = { error: 'error', warning: 'warning', note: 'note' } as const;

/** A repository-relative path as a relative URI reference: each segment percent-encoded (`#`, `?`, `%`, space…). */
export function relativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: rules with help, results with partialFingerprints. Result paths
 * are relative to the repository root, `uriBaseId: "%SRCROOT%"`; `srcRoot` (a file: URI ending in `/`) says where
 * that root was on the machine that ran the scan.
 */
export function renderSarif(result: ValidateResult, rules: readonly Rule[], version: string, srcRoot?: string): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'ado2entra',
          version,
          semanticVersion: version,
          informationUri: repositoryUrl,
          rules: rules.map((r) => ({
            id: r.id,
            name: r.name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
            shortDescription: { text: r.title },
            fullDescription: { text: `${r.title}. ${r.help}` },
            help: { text: r.help, markdown: `**${r.title}**\n\n${r.help}` },
            helpUri: ruleDocUrl(r.id),
            defaultConfiguration: { level: level[r.severity] },
            properties: { tags: ['azure-devops', 'oauth', 'migration'], precision: 'high', 'problem.severity': r.severity === 'note' ? 'recommendation' : r.severity },
          })),
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { ...(srcRoot ? { uri: srcRoot } : {}), description: { text: 'The root of the repository scanned (git top-level, else the working directory).' } } },
      columnKind: 'utf16CodeUnits',
      results: result.findings.map((f) => ({
        ruleId: f.ruleId,
        ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
        level: level[f.severity],
        message: { text: f.message.endsWith('.') ? f.message : `${f.message}.` },
        locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(f.file), uriBaseId: '%SRCROOT%' }, region: { startLine: f.line, startColumn: f.column } } }],
        partialFingerprints: { 'ado2entra/v1': f.fingerprint },
      })),
    }],
  };
  return JSON.stringify(sarif, null, 2);
}
