// npm run bench: scan against ripgrep on synthetic monorepos of 5k, 20k and 80k files, in the same run, plus the
// minified-bundle case, verify, --version and rollup of 1,000 results. Prints a Markdown table and one JSON object
// (medians in ms, peak RSS in MB, ratios), with nproc and the load average: on a shared machine figures are noisy.
// Nothing here is asserted by tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, plantedApps } from './generate.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist', 'cli', 'index.js');
const { ripgrepBinary } = await import(join(repo, 'dist', 'detect', 'ripgrep.js'));
const { prefilterPattern } = await import(join(repo, 'dist', 'detect', 'prefilter.js'));
const rg = spawnSync('sh', ['-c', 'command -v rg']).stdout?.toString().trim() || ripgrepBinary({});
if (!rg) {
  console.error('bench needs ripgrep: npm ci installs @vscode/ripgrep (optional), or apt-get install -y ripgrep');
  process.exit(2);
}
const sizes = (process.env.BENCH_SIZES ?? '5000,20000,80000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const base = process.env.BENCH_DIR ?? join(tmpdir(), 'ado2entra-bench');
const node = process.execPath;

/**
 * Median wall time of `runs` runs after one warm-up (warm cache), and the peak RSS and CPU time (user + system, with
 * the child processes it waited for: git, ripgrep) of one more run.
 */
function measure(args, env = {}) {
  const opts = { stdio: 'ignore', env: { ...process.env, ...env }, maxBuffer: 1 << 28 };
  spawnSync(args[0], args.slice(1), opts);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(args[0], args.slice(1), opts);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}`);
  }
  times.sort((a, b) => a - b);
  return { ms: Math.round(times[Math.floor(times.length / 2)]), ...rssAndCpu(args, opts.env) };
}

function rssAndCpu(args, env) {
  if (!existsSync('/usr/bin/time')) return { rssMb: null, cpuMs: null };
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', ...args], { env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const [kb, user, system] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { rssMb: Math.round(kb / 1024), cpuMs: Math.round((user + system) * 1000) };
}

const started = { nproc: availableParallelism(), loadavg: loadavg().map((l) => +l.toFixed(2)) };
const trees = [];
for (const files of sizes) {
  const tree = generate(join(base, `tree-${files}`), files);
  const tracked = execFileSync('git', ['ls-files'], { cwd: tree, encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n').filter(Boolean).length;
  const bytes = Number(execFileSync('du', ['-sb', '--exclude=.git', '--exclude=node_modules', tree], { encoding: 'utf8' }).split('\t')[0]);
  const found = JSON.parse(execFileSync(node, [cli, 'scan', tree, '--json', '--quiet'], { encoding: 'utf8', maxBuffer: 1 << 28 }));
  const ripgrep = measure([rg, '-l', '-i', '--hidden', prefilterPattern, tree]);
  const scan = measure([node, cli, 'scan', tree, '--json', '--quiet']);
  const inProcess = measure([node, cli, 'scan', tree, '--json', '--quiet'], { ADO2ENTRA_RIPGREP: '0' });
  // where the scan's time goes, from one `--verbose` run: its steps after the start-up, in ms
  const verbose = spawnSync(node, [cli, 'scan', tree, '--json', '--verbose'], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 }).stderr;
  const phases = Object.fromEntries([...verbose.matchAll(/^scan: ([a-z ]+?) (\d+) ms/gm)].map((m) => [m[1], Number(m[2])]));
  trees.push({
    files: tracked, megabytes: Math.round(bytes / 1e6), appsFound: found.apps.length, appsPlanted: plantedApps,
    ripgrep, scan, inProcess, phases,
    ratio: +(scan.ms / ripgrep.ms).toFixed(2), inProcessRatio: +(inProcess.ms / ripgrep.ms).toFixed(2),
    // the work itself, whatever the cores: where every core is busy, wall time cannot fall below CPU ÷ nproc
    cpuRatio: scan.cpuMs && ripgrep.cpuMs ? +(scan.cpuMs / ripgrep.cpuMs).toFixed(2) : null,
    coresBusy: scan.cpuMs ? +(scan.cpuMs / (scan.ms * started.nproc)).toFixed(2) : null,
  });
}

// one 1.99 MB minified bundle (one line, ~70,000 literals, one legacy URL)
const minDir = join(base, 'minified');
if (!existsSync(join(minDir, 'app.min.js'))) {
  mkdirSync(minDir, { recursive: true });
  const parts = [];
  for (let i = 0, size = 0; size < 1.99e6; i++) {
    const p = i % 3 === 0 ? `var o${i}={key${i}:"val${i}",n:${i}}` : i % 3 === 1 ? `c${i}="lit${i}"` : `f(a,"k${i}","v${i}")`;
    parts.push(p);
    size += p.length + 1;
  }
  parts.splice(5000, 0, 'u="https://app.vssps.visualstudio.com/oauth2/authorize"');
  writeFileSync(join(minDir, 'app.min.js'), parts.join(';'));
}
const minified = measure([node, cli, 'scan', minDir, '--json', '--quiet']);

// rollup of 1,000 per-repository results (CI artifacts: one folder each, a scan and a validate)
const results = join(base, 'rollup-1000');
rmSync(results, { recursive: true, force: true });
const sample = JSON.parse(execFileSync(node, [cli, 'scan', join(repo, 'fixtures', 'sample-app'), '--json', '--quiet'], { encoding: 'utf8' }));
const migrated = JSON.parse(execFileSync(node, [cli, 'scan', join(repo, 'fixtures', 'migrated-dotnet'), '--json', '--quiet'], { encoding: 'utf8' }));
for (let i = 0; i < 1000; i++) {
  const dir = join(results, `ado2entra-repo-${i}`);
  mkdirSync(dir, { recursive: true });
  const repository = { remote: `https://dev.azure.com/fabrikam/p${i % 20}/_git/repo-${i}`, commit: i.toString(16).padStart(40, '0'), branch: 'main', path: '.', committedAt: '2026-11-30T12:00:00Z' };
  const kind = i % 10;
  const scan = kind < 6 ? { ...migrated, apps: [], entraApps: [], findings: [] } : kind < 8 ? sample : migrated;
  writeFileSync(join(dir, 'ado2entra-scan.json'), JSON.stringify({ ...scan, repository }));
}
const rollup = measure([node, cli, 'rollup', results, '--json', '--out', join(mkdtempSync(join(tmpdir(), 'bench-')), 'r.json'), '--quiet']);

const sampleDir = join(repo, 'fixtures', 'sample-app');
const verify = measure([node, cli, 'verify', sampleDir, '--json', '--quiet']);
const version = measure([node, cli, '--version']);
const nodeStart = measure([node, '-e', '0']);
const ended = { loadavg: loadavg().map((l) => +l.toFixed(2)) };

const rows = trees.map((t) => `| ${t.files.toLocaleString('en')} files (${t.megabytes} MB) | ${t.ripgrep.ms} ms | ${t.scan.ms} ms | **${t.ratio}×** | ${t.scan.rssMb} MB | ${t.inProcess.ms} ms (${t.inProcessRatio}×) | ${t.inProcess.rssMb} MB | ${t.appsFound}/${t.appsPlanted} |`);
console.log([
  `nproc ${started.nproc}; load average ${started.loadavg.join(' ')} at the start, ${ended.loadavg.join(' ')} at the end; ${runs} runs each, medians, warm cache`,
  '',
  '| tree | rg | scan | ratio | peak RSS | scan without rg | peak RSS | apps found |',
  '|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  'Where the scan\'s time goes (one --verbose run, ms; the rest is Node\'s start, loading the bundle, and the JSON):',
  ...trees.map((t) => `- ${t.files.toLocaleString('en')} files: ${Object.entries(t.phases).map(([k, v]) => `${k} ${v}`).join(', ')}`),
  '',
  `CPU time (user + system, with git and ripgrep), one run each; with all ${started.nproc} cores busy, wall time is at least CPU ÷ ${started.nproc}:`,
  '',
  '| tree | rg CPU | scan CPU | CPU ratio | cores busy during the scan |',
  '|---|---|---|---|---|',
  ...trees.map((t) => `| ${t.files.toLocaleString('en')} files | ${t.ripgrep.cpuMs} ms | ${t.scan.cpuMs} ms | ${t.cpuRatio}× | ${Math.round(t.coresBusy * 100)} % |`),
  '',
  `| one 1.99 MB minified .js | scan ${minified.ms} ms, ${minified.rssMb} MB |`,
  `| rollup of 1,000 results | ${rollup.ms} ms, ${rollup.rssMb} MB |`,
  `| verify on the sample app | ${verify.ms} ms, ${verify.rssMb} MB |`,
  `| --version vs node -e 0 | ${version.ms} ms vs ${nodeStart.ms} ms (${(version.ms / nodeStart.ms).toFixed(2)}×) |`,
  '',
].join('\n'));
console.log(JSON.stringify({ machine: { ...started, loadavgEnd: ended.loadavg, node: process.version, ripgrep: rg }, trees, minified, rollup, verify, version, nodeStart,
  targets: { scanVsRipgrep: '<= 2 (<= 1.5 at 80k)', peakRssMb: '<= 100 at 80k', verifyMs: '<= 500', rollupMs: '< 2000', rollupRssMb: '< 150' } }, null, 2));
