// npm run bench: generates the synthetic monorepo once, then measures ado2entra against ripgrep and Node's start-up.
// Prints one JSON object with medians (ms), peak RSS (MB) and the ratios the targets are about. No assertions in tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, plantedApps } from './generate.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist', 'cli', 'index.js');
const tree = generate(process.env.BENCH_TREE ?? join(tmpdir(), 'ado2entra-bench-tree'));
const has = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
for (const tool of ['rg', 'hyperfine']) {
  if (!has(tool)) {
    console.error(`bench needs ${tool}: apt-get install -y ripgrep hyperfine`);
    process.exit(2);
  }
}
// the literals the scan's prefilter looks for, as one ripgrep pattern
const prefilter = readFileSync(join(repo, 'dist', 'detect', 'prefilter.js'), 'utf8').match(/const literals = \/(.*)\/i;/)[1];
const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
const commands = {
  scan: `node ${q(cli)} scan ${q(tree)} --json --quiet`,
  ripgrep: `rg -l -i ${q(prefilter)} ${q(tree)}`,
  validate: `node ${q(cli)} validate ${q(tree)} --json --quiet`,
  version: `node ${q(cli)} --version`,
  nodeStart: 'node -e 0',
  verify: `node ${q(cli)} verify ${q(join(repo, 'fixtures', 'sample-app'))} --json --quiet`,
};

function median(name, command, runs) {
  const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'h.json');
  execFileSync('hyperfine', ['--warmup', '1', '--runs', String(runs), '-N', '-i', '--export-json', out, command], { stdio: 'ignore', shell: false });
  const r = JSON.parse(readFileSync(out, 'utf8')).results[0];
  return Math.round(r.median * 1000);
}

function peakRssMb(command) {
  const r = spawnSync('/usr/bin/time', ['-v', 'sh', '-c', `${command} > /dev/null`], { encoding: 'utf8' });
  return Math.round(Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)[1]) / 1024);
}

const scanJson = JSON.parse(execFileSync('sh', ['-c', commands.scan], { maxBuffer: 1 << 28, encoding: 'utf8' }));
const ms = {};
const rss = {};
for (const [name, command] of Object.entries(commands)) {
  ms[name] = median(name, command, name === 'nodeStart' || name === 'version' ? 20 : 5);
  rss[name] = peakRssMb(command);
}
const files = Number(execFileSync('git', ['ls-files'], { cwd: tree, encoding: 'utf8', maxBuffer: 1 << 26 }).split('\n').filter(Boolean).length);
const bytes = Number(execFileSync('du', ['-sb', '--exclude=.git', tree], { encoding: 'utf8' }).split('\t')[0]);
console.log(JSON.stringify({
  tree: { path: tree, filesOnDisk: files + 5000, trackedFiles: files, megabytes: Math.round(bytes / 1e6), plantedApps },
  found: { apps: scanJson.apps.length, ok: scanJson.apps.length === plantedApps, scannedFiles: scanJson.stats.files, candidates: scanJson.stats.candidates, skipped: scanJson.skipped.length },
  medianMs: ms,
  peakRssMb: rss,
  ratios: { scanVsRipgrep: +(ms.scan / ms.ripgrep).toFixed(2), versionVsNode: +(ms.version / ms.nodeStart).toFixed(2) },
  targets: { scanVsRipgrep: '<= 2', versionVsNode: '<= 2', verifyMs: '<= 1500', peakRssMb: '<= 200' },
}, null, 2));
