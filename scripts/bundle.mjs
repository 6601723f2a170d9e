#!/usr/bin/env node
// The bin as one esbuild bundle (#16 A): Node spends most of a command's start-up resolving modules and lexing the
// CommonJS dependencies, not running our code, so the CLI and its light dependencies ship as ES module chunks.
// Runs after tsc (npm run build): dist/cli/index.js is replaced, the rest of dist stays tsc output for library users.
// Usage: node scripts/bundle.mjs [--metafile FILE]
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');

/**
 * Left to Node, loaded lazily by the commands that need them: the auth libraries (they run as published, and their
 * security fixes reach the bin with an npm update; bundled they would also cost verify only ~60 ms less), the
 * certificate maker, the wizard's prompts, and ripgrep (its binary is found beside its package).
 */
export const external = ['@azure/msal-node', '@azure/identity', 'selfsigned', '@inquirer/prompts', '@vscode/ripgrep'];

export const options = {
  absWorkingDir: root,
  // The worker is its own entry: read-pool starts `new URL('./read-worker.js', import.meta.url)`.
  entryPoints: { index: 'src/cli/index.ts', 'read-worker': 'src/detect/read-worker.ts' },
  bundle: true,
  // Every `await import()` becomes its own chunk, so --version and --help still load nothing heavy.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  // Chunks beside the entries: the code finds ./read-worker.js and ../../package.json from import.meta.url.
  chunkNames: '[name]-[hash]',
  external,
  // jsonc-parser's UMD main has dynamic requires; its ES module build bundles.
  mainFields: ['module', 'main'],
  // The CommonJS dependencies inside the bundle still call require() for Node's built-in modules.
  banner: { js: "import { createRequire as __a2eRequire } from 'node:module'; const require = __a2eRequire(import.meta.url);" },
  // The bundled packages' licences ship whole in THIRD-PARTY-NOTICES instead.
  legalComments: 'none',
  // No source map: --verbose stack traces name the bundle's chunks, and no map ships without its source.
  sourcemap: false,
  metafile: true,
  logLevel: 'warning',
};

/**
 * A CommonJS package loaded with `await import()` lands in a chunk of its own that esbuild gives only a default
 * export, where Node gives its named exports too (`(await import('yaml')).parse`). Such an import goes through a
 * module that re-exports, by name, what Node's own import of the package exports. `commonJs`: the files esbuild
 * read as CommonJS (from a first build's metafile).
 */
function dynamicImportNamespace(commonJs) {
  const from = pathToFileURL(join(root, 'package.json'));
  return {
    name: 'dynamic-import-namespace',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData === 'inner' || args.path.startsWith('node:') || external.includes(args.path)) return undefined;
        const target = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'inner' });
        return commonJs.has(relative(root, target.path).split(sep).join('/')) ? { path: args.path, namespace: 'dynamic-import' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'dynamic-import' }, async (args) => {
        const names = Object.keys(await import(import.meta.resolve(args.path, from))).filter((n) => n !== '__esModule');
        return { contents: `export { ${names.map((n) => JSON.stringify(n)).join(', ')} } from ${JSON.stringify(args.path)};`, resolveDir: root };
      });
    },
  };
}

/** Builds the bundle (write: false leaves it in memory); the result has the metafile. */
export async function bundle(extra = {}) {
  const first = await build({ ...options, ...extra, write: false });
  const commonJs = new Set(Object.entries(first.metafile.inputs).filter(([, input]) => input.format === 'cjs').map(([file]) => file));
  const result = await build({ ...options, ...extra, plugins: [dynamicImportNamespace(commonJs)] });
  const defaultOnly = Object.values(result.metafile.outputs).filter((o) => o.entryPoint && /^(node_modules|dynamic-import:)/.test(o.entryPoint) && o.exports.join() === 'default');
  if (defaultOnly.length) throw new Error(`chunks with a default export only (a CommonJS package's named exports lost): ${defaultOnly.map((o) => o.entryPoint).join(', ')}`);
  return result;
}

/** Name and folder of the npm package a bundled input belongs to, or null for our own code. */
export function packageOf(input) {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return null;
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  return { name, dir: join(root, input.slice(0, at), 'node_modules', name) };
}

// Standard texts for the few packages that declare a licence in package.json but ship no licence file.
const standardTexts = {
  MIT: `Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.`,
  ISC: `Permission to use, copy, modify, and/or distribute this software for any purpose with or without fee is hereby granted, provided that the above copyright notice and this permission notice appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.`,
};

/** The licence text of an installed package: its own file, or the standard text its package.json names. */
function licenceText(dir, manifest) {
  const file = readdirSync(dir).find((f) => /^(licen[sc]e|copying)([.-][\w.-]+)?$/i.test(f));
  if (file) return readFileSync(join(dir, file), 'utf8').trim();
  const standard = standardTexts[manifest.license];
  if (!standard) throw new Error(`${manifest.name}: no licence file, and no standard text for "${manifest.license}": add one before bundling it`);
  const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;
  const repo = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  return `(The package ships no licence file; its package.json declares ${manifest.license}${repo ? `, source ${repo}` : ''}.)\n\n`
    + `Copyright (c) ${author ?? `the ${manifest.name} authors`}\n\n${standard}`;
}

/** The packages whose code is inside the bundle (name@version → folder), from esbuild's metafile. */
export function bundledPackages(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const pkg = packageOf(input);
    if (!pkg) continue;
    const { version } = JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8'));
    packages.set(`${pkg.name}@${version}`, pkg.dir);
  }
  return new Map([...packages].sort(([a], [b]) => a.localeCompare(b)));
}

/** The licence notices of every package whose code is inside the bundle, in one text file. */
export function thirdPartyNotices(metafile) {
  const sections = [...bundledPackages(metafile)].map(([id, dir]) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return `${id} (${manifest.license})\n\n${licenceText(dir, manifest)}\n`;
  });
  return `The ado2entra command (dist/cli) bundles code from these packages, under their licences:\n\n${sections.join(`\n${'-'.repeat(80)}\n\n`)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  rmSync(join(outdir, 'index.js'), { force: true });
  const result = await bundle();
  const metafileAt = process.argv.indexOf('--metafile');
  if (metafileAt > 0) writeFileSync(process.argv[metafileAt + 1], JSON.stringify(result.metafile));
  writeFileSync(join(outdir, 'THIRD-PARTY-NOTICES'), thirdPartyNotices(result.metafile));
}
