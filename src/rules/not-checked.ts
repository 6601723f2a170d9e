import type { Rule } from './types.js';

// The CI gate fails closed: a file the scan could not read or parse in full may hold exactly what validate looks for.
export default {
  id: 'A2E090',
  name: 'file-not-checked',
  severity: 'error',
  title: 'File could not be checked',
  help: 'Fix the file so it parses (or split it under the limits), scan the submodule or folder on its own, or raise --max-file-size. If it is known to hold no OAuth settings, accept it with --ignore A2E090 or an `A2E090 path` line in .ado2entraignore.',
  check(ctx) {
    for (const d of ctx.scan.diagnostics) ctx.report({ file: d.file, line: d.line ?? 1, column: 1 }, `not checked: ${d.message}`);
  },
} satisfies Rule;
