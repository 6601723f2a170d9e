import type { Severity } from '../model/finding.js';
import type { ValidateResult } from '../model/validate.js';
import type { Rule } from '../rules/types.js';
import { htmlText, visibleDeep } from './escape.js';

const rank: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

function xml(text: string): string {
  // XML 1.0 has no way to write these controls at all, not even as references
  return htmlText(text).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** In an attribute a line break would start a new line of the log the file is printed to: keep it as a reference. */
function xmlAttr(text: string): string {
  return xml(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** JUnit XML for Azure Pipelines' PublishTestResults: one test case per rule × file; a rule with no finding passes once. */
export function renderJunit(validated: ValidateResult, rules: readonly Rule[]): string {
  const result = visibleDeep(validated);
  const cases: string[] = [];
  let failures = 0;
  for (const rule of rules) {
    const mine = result.findings.filter((f) => f.ruleId === rule.id);
    if (mine.length === 0) {
      cases.push(`    <testcase classname="ado2entra.${rule.id}" name="${xmlAttr(`${rule.id} ${rule.title}`)}" time="0"/>`);
      continue;
    }
    for (const file of [...new Set(mine.map((f) => f.file))]) {
      const here = mine.filter((f) => f.file === file);
      const detail = here.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.message}`).join('\n');
      const failing = here.some((f) => rank[f.severity] <= rank[result.failOn]);
      const name = xmlAttr(`${rule.id} ${rule.title}: ${file}`);
      if (failing) {
        failures++;
        cases.push(`    <testcase classname="ado2entra.${rule.id}" name="${name}" file="${xmlAttr(file)}" time="0">\n      <failure message="${xmlAttr(`${here.length} finding(s): ${here[0]!.message}`)}" type="${rule.severity}">${xml(`${detail}\nfix: ${rule.help}`)}</failure>\n    </testcase>`);
      } else {
        cases.push(`    <testcase classname="ado2entra.${rule.id}" name="${name}" file="${xmlAttr(file)}" time="0">\n      <system-out>${xml(detail)}</system-out>\n    </testcase>`);
      }
    }
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ado2entra validate" tests="${cases.length}" failures="${failures}">`,
    `  <testsuite name="ado2entra" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${(result.stats.ms / 1000).toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
}
