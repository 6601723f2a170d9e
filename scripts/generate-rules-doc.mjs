// Writes docs/rules.md from the compiled rule modules: `npm run docs` (after `npm run build`).
import { writeFileSync } from 'node:fs';
import { rules } from '../dist/rules/index.js';
import { renderRulesDoc } from '../dist/report/rules-doc.js';

writeFileSync(new URL('../docs/rules.md', import.meta.url), renderRulesDoc(rules));
console.log(`docs/rules.md: ${rules.length} rules`);
