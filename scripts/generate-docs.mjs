// `npm run docs`: regenerates docs/rules.md and the scope table in MIGRATION.md from the compiled sources.
import { readFileSync, writeFileSync } from 'node:fs';
import { catalog } from '../dist/mapper/catalog.js';
import { renderRulesDoc } from '../dist/report/rules-doc.js';
import { renderScopeTable, scopeTableEnd } from '../dist/report/scope-table.js';
import { rules } from '../dist/rules/index.js';

writeFileSync(new URL('../docs/rules.md', import.meta.url), renderRulesDoc(rules));
const guide = new URL('../MIGRATION.md', import.meta.url);
const text = readFileSync(guide, 'utf8');
const begin = text.search(/<!-- scope-table:begin/);
const end = text.indexOf(scopeTableEnd) + scopeTableEnd.length;
writeFileSync(guide, text.slice(0, begin) + renderScopeTable(catalog()) + text.slice(end));
console.log(`docs/rules.md: ${rules.length} rules; MIGRATION.md: ${catalog().length} scopes`);
