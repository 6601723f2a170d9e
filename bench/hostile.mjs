// npm run bench:hostile: one folder per hostile input, then `scan` and `validate` on each, printing the wall time and
// peak RSS. The figures go into docs/safety.md (the promise: a diagnostic in < 10 s and < 300 MB). Not a test: no
// assertion, the machine's load changes the numbers. HOSTILE_ONLY=name runs one input; HOSTILE_TIMEOUT=s caps each run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist', 'cli', 'index.js');
const timeout = Number(process.env.HOSTILE_TIMEOUT ?? 120);
const legacyXml = '<add key="VstsAuthUrl" value="https://app.vssps.visualstudio.com/oauth2/authorize"/>';

/** name → [file name, contents]; every input holds a legacy literal so it passes the prefilter and is parsed. */
const inputs = {
  'xml-nested-10k': () => ['Web.config', xmlNested(10_000)],
  'xml-nested-40k': () => ['Web.config', xmlNested(40_000)],
  'xml-nested-200k': () => ['Web.config', xmlNested(200_000)],
  'json-depth-510-1M-leaves': () => ['appsettings.json', jsonDeepWide(510, 1_000_000)],
  'js-comment-line-200k': () => ['app.js', jsLongComment(200_000)],
  'js-comment-line-400k': () => ['app.js', jsLongComment(400_000)],
  'ini-100k-spaces': () => ['app.ini', `[oauth]\nauth_url = https://app.vssps.visualstudio.com/oauth2/authorize\nkey${' '.repeat(100_000)}= x\n`],
  'env-20k-legacy-lines': () => ['.env', Array.from({ length: 20_000 }, (_, i) => `VSTS_AUTH_URL_${i}=https://app.vssps.visualstudio.com/oauth2/authorize`).join('\n')],
  'toml-inline-table-2mb': () => ['app.toml', `auth_url = "https://app.vssps.visualstudio.com/oauth2/authorize"\nt = { ${Array.from({ length: 140_000 }, (_, i) => `k${i} = "v"`).join(', ')} }\n`],
  'yaml-flow-wide-2mb': () => ['values.yaml', `authUrl: https://app.vssps.visualstudio.com/oauth2/authorize\nlist: [${Array.from({ length: 230_000 }, (_, i) => `a${i}`).join(', ')}]\n`],
  'over-max-file-size-legacy': () => ['appsettings.json', JSON.stringify({ pad: 'x'.repeat(3 * 1024 * 1024), AuthUrl: 'https://app.vssps.visualstudio.com/oauth2/authorize' })],
  'properties-2mb-line': () => ['app.properties', `vsts.auth.url=https://app.vssps.visualstudio.com/oauth2/authorize\nx=${'a\\\\'.repeat(600_000)}\n`],
  'source-100k-literals': () => ['oauth.py', `AUTH = "https://app.vssps.visualstudio.com/oauth2/authorize"\n${Array.from({ length: 100_000 }, (_, i) => `x${i} = "vso.code"`).join('; ')}\n`],
  'xml-internal-entity': () => ['Web.config', `<?xml version="1.0"?>\n<!DOCTYPE configuration [<!ENTITY company "Fabrikam">]>\n<configuration><appSettings>${legacyXml}<add key="Owner" value="&company;"/></appSettings></configuration>\n`],
};

function xmlNested(depth) {
  return `<configuration><appSettings>${legacyXml}</appSettings>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</configuration>\n`;
}

function jsonDeepWide(depth, leaves) {
  return `{"VstsAuthUrl": "https://app.vssps.visualstudio.com/oauth2/authorize", "x": ${'['.repeat(depth)}${'1,'.repeat(leaves - 1)}1${']'.repeat(depth)}}\n`;
}

function jsLongComment(chars) {
  return `const authUrl = 'https://app.vssps.visualstudio.com/oauth2/authorize';\n// ${'x \'"` '.repeat(chars / 5)}\nconst scope = 'vso.code';\n`;
}

function measure(command, dir) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', 'timeout', String(timeout), 'node', cli, command, dir, '--json', '--quiet'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const [seconds, kb] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  const status = r.status === 124 ? `timeout ${timeout}s` : `exit ${r.status}`;
  let diagnostics = '';
  try {
    const out = JSON.parse(r.stdout);
    diagnostics = command === 'scan' ? out.diagnostics.concat(out.skipped).map((d) => d.message ?? d.reason).join('; ')
      : out.findings.filter((f) => f.ruleId === 'A2E090').map((f) => f.message).join('; ');
  } catch { /* no JSON: a crash or a timeout */ }
  return { seconds, mb: Math.round(kb / 1024), status, diagnostics: diagnostics.slice(0, 100) };
}

const only = process.env.HOSTILE_ONLY;
const base = mkdtempSync(join(tmpdir(), 'ado2entra-hostile-'));
console.log('| input | size | scan: time, peak RSS | validate: time, peak RSS | diagnostic |');
console.log('|---|---|---|---|---|');
for (const [name, make] of Object.entries(inputs)) {
  if (only && name !== only) continue;
  const dir = join(base, name);
  mkdirSync(dir);
  const [file, text] = make();
  writeFileSync(join(dir, file), text);
  const scan = measure('scan', dir);
  const validate = measure('validate', dir);
  const size = `${(Buffer.byteLength(text) / 1024 / 1024).toFixed(2)} MB`;
  const cell = (m) => `${m.seconds} s, ${m.mb} MB${m.status === 'exit 0' || m.status === 'exit 1' ? '' : ` (${m.status})`}`;
  console.log(`| ${name} | ${size} | ${cell(scan)} | ${cell(validate)} | ${(validate.diagnostics || scan.diagnostics || '–').replace(/\|/g, '\\|')} |`);
}
