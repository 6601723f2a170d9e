import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.js';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { ValidateResult } from '../../src/model/validate.js';
import { renderAzurePipelines, renderGithub, renderStepSummary } from '../../src/report/ci-annotations.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderValidateText } from '../../src/report/validate-text.js';
import { rules } from '../../src/rules/index.js';
import { validate } from '../../src/rules/run.js';
import { cli, spawnCli } from '../support/cli.js';
import { expectGoldenBytes, repoRoot } from '../support/golden.js';
import { fixturesDir } from '../support/plan-helpers.js';

const options = { failOn: 'error' as const, ignore: [], ignoreFile: null, baseline: null };
const sample = () => ({ ...validate(scanWithEvidence(join(fixturesDir, 'sample-app')), options), stats: { files: 3, ms: 0 } });
/** validate in-process: these tests are about what it prints and its exit code, not about the process. */
const run = (args: string[], env: Record<string, string | undefined> = {}, cwd = repoRoot) => cli(args, { env, cwd });

describe('every format, golden-tested on the sample app', () => {
  const result = sample();
  it.each([
    ['text', () => renderValidateText(result)],
    ['json', () => JSON.stringify(ValidateResult.parse(result), null, 2)],
    ['sarif', () => renderSarif(result, rules, '0.0.0-test')],
    ['junit', () => renderJunit(result, rules)],
    ['github', () => renderGithub(result)],
    ['azure-pipelines', () => renderAzurePipelines(result)],
    ['step-summary.md', () => renderStepSummary(result)],
  ])('%s', (name, render) => expectGoldenBytes(`validate/sample-app.${name}`, `${render()}\n`));
});

describe('SARIF passes Microsoft\'s SARIF Multitool (rule kinds Gh;Sarif) with no errors', () => {
  it('validates', () => {
    const dir = tempDir('sarif');
    const input = join(dir, 'ado2entra.sarif');
    const output = join(dir, 'validation.sarif');
    writeFileSync(input, renderSarif(sample(), rules, '1.2.3', 'file:///home/runner/work/app/app/'));
    const multitool = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
    const r = spawnSync(multitool, ['validate', input, '--rule-kind', 'Gh;Sarif', '--output', output], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const log = JSON.parse(readFileSync(output, 'utf8')) as { runs: { results?: { level?: string; ruleId: string; message: { arguments?: string[] } }[] }[] };
    const errors = (log.runs[0]!.results ?? []).filter((x) => x.level === 'error');
    expect(errors, JSON.stringify(errors, null, 2)).toEqual([]);
  }, 120_000);
});

describe('annotations escape what the platforms require', () => {
  const tricky = ValidateResult.parse({
    ...sample(),
    findings: [{ ...sample().findings[0]!, file: 'dir,with:odd;chars]/a.env', message: 'line one\nline two, 100% sure; [x]' }],
  });
  it('GitHub: %, CR, LF in the message; also : and , in properties', () => {
    expect(renderGithub(tricky).split('\n')[0]).toMatch(/^::error file=dir%2Cwith%3Aodd;chars\]\/a\.env,line=\d+,col=\d+,title=A2E\d{3} ado2entra::line one%0Aline two, 100%25 sure; \[x\]\. Fix: /);
  });
  it('Azure Pipelines: %, CR, LF in the message; also ; and ] in properties', () => {
    expect(renderAzurePipelines(tricky).split('\n')[0]).toMatch(/^##vso\[task\.logissue type=error;sourcepath=dir,with:odd%3Bchars%5D\/a\.env;linenumber=\d+;columnnumber=\d+;code=A2E\d{3};\]line one%0Aline two, 100%AZP25 sure; \[x\]\. Fix: /);
  });
});

describe('validate command', () => {
  const sampleDir = join(fixturesDir, 'sample-app');
  const status = async (...args: string[]) => (await run(['validate', ...args])).status;

  it('exit 1 on errors, 0 on a migrated sample, 2 on a bad flag', async () => {
    expect(await status(sampleDir)).toBe(1);
    expect(await status(join(fixturesDir, 'migrated-msal-node'))).toBe(0);
    expect(await status(sampleDir, '--fail-on', 'fatal')).toBe(2);
    expect(await status(sampleDir, '--ignore', 'nope')).toBe(2);
  });

  it('--fail-on warning fails on the warning a migrated sample has', async () => {
    expect(await status(join(fixturesDir, 'migrated-dotnet'))).toBe(0);
    expect(await status(join(fixturesDir, 'migrated-dotnet'), '--fail-on', 'warning')).toBe(1);
  });

  it('GITHUB_ACTIONS selects annotations and writes the job summary; TF_BUILD selects logging commands', async () => {
    const summary = join(tempDir('summary'), 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const gh = await run(['validate', sampleDir], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    expect(gh.stdout).toMatch(/^::error file=fixtures\/sample-app\/OAuth\.config,line=5,col=45,/m);
    expect(readFileSync(summary, 'utf8')).toMatch(/^# earlier step\n### ado2entra validate: fail/);
    const az = await run(['validate', sampleDir], { TF_BUILD: 'True' });
    expect(az.stdout).toMatch(/^##vso\[task\.logissue type=error;sourcepath=fixtures\/sample-app\/OAuth\.config;linenumber=5;/m);
    expect(az.stdout.trimEnd().split('\n').pop()).toBe('##vso[task.complete result=Failed;]ado2entra validate');
    expect((await run(['validate', sampleDir, '--format', 'text'], { GITHUB_ACTIONS: 'true' })).stdout).not.toContain('::error');
  });

  // A child process: --verify starts the CLI's own msw server, which must not share a process with the tests' one.
  it('--verify adds a failing Entra flow as an A2E401 error, with the fix as help', () => {
    const passing = ValidateResult.parse(JSON.parse(spawnCli(['validate', sampleDir, '--verify', '--json']).stdout));
    expect(passing.findings.some((f) => f.ruleId === 'A2E401')).toBe(false);
    const failing = ValidateResult.parse(JSON.parse(spawnCli(['validate', sampleDir, '--verify', '--no-refresh', '--json']).stdout));
    const flow = failing.findings.find((f) => f.ruleId === 'A2E401');
    expect(flow).toMatchObject({ severity: 'error', file: 'OAuth.config', help: expect.stringContaining('offline_access') });
  });
});

// One test per fixture: each is short, so a loaded machine does not push any of them past its timeout.
describe.each(['sample-app', 'ruby-toml-tool', 'node-express'])('no planted secret in any format, at any verbosity: %s', (fixture) => {
  const secret = readFileSync(join(fixturesDir, 'sample-app', 'OAuth.config'), 'utf8').match(/eyJ[\w.-]+/)![0];
  const planted = [secret, secret.split('.')[1]!, 'bot-framework-password-not-oauth', 'full-access-legacy-secret', 'not-the-real-one-ask-ops'];
  it.each(['text', 'json', 'sarif', 'junit', 'github', 'azure-pipelines'])('%s', async (format) => {
    const r = await run(['validate', join(fixturesDir, fixture), '--format', format, '--verbose']);
    expect(r.stdout.length).toBeGreaterThan(0);
    for (const p of planted) expect(r.stdout + r.stderr, `${format} leaks`).not.toContain(p);
  });
});

describe('suppressions', () => {
  const copy = () => {
    const dir = tempDir('suppress');
    cpSync(join(fixturesDir, 'ruby-toml-tool'), dir, { recursive: true });
    return dir;
  };
  const findings = async (dir: string, ...args: string[]) => ValidateResult.parse(JSON.parse((await run(['validate', dir, '--json', ...args])).stdout));

  it('--ignore, inline comments and .ado2entraignore each hide what they name, and are counted', async () => {
    const dir = copy();
    const all = await findings(dir);
    expect(all.findings.some((f) => f.ruleId === 'A2E006')).toBe(true);
    expect((await findings(dir, '--ignore', 'A2E006')).findings.some((f) => f.ruleId === 'A2E006')).toBe(false);
    const ini = readFileSync(join(dir, 'legacy.ini'), 'utf8').replace('client-secret = full-access-legacy-secret', 'client-secret = full-access-legacy-secret ; ado2entra-ignore A2E006');
    writeFileSync(join(dir, 'legacy.ini'), ini);
    const inline = await findings(dir);
    expect(inline.suppressed.inline).toBe(1);
    writeFileSync(join(dir, '.ado2entraignore'), '# accepted until the rewrite\nA2E001 config.toml\n');
    const ignored = await findings(dir);
    expect(ignored.findings.filter((f) => f.ruleId === 'A2E001' && f.file === 'config.toml')).toEqual([]);
    expect(ignored.suppressed.ignoreFile).toBeGreaterThan(0);
  });

  it('a committed .ado2entraignore that hides everything still shows in every CI format', async () => {
    const dir = copy();
    writeFileSync(join(dir, '.ado2entraignore'), '*\n');
    const hidden = await findings(dir);
    expect(hidden.findings).toEqual([]);
    const n = hidden.suppressed.ignoreFile;
    expect(n).toBeGreaterThan(0);
    const github = (await run(['validate', dir, '--format', 'github'])).stdout;
    expect(github).toContain(`ado2entra validate: PASS (${n} suppressed: ${n} by .ado2entraignore)`);
    const azure = (await run(['validate', dir, '--format', 'azure-pipelines'])).stdout;
    expect(azure).toMatch(new RegExp(`##vso\\[task\\.complete result=Succeeded;\\]ado2entra validate \\(${n} suppressed: ${n} by \\.ado2entraignore\\)`));
  });

  it('a baseline blocks only new findings; fingerprints survive moved lines and never carry the secret', async () => {
    const dir = copy();
    const baseline = join(dir, 'baseline.json');
    expect((await run(['validate', dir, '--write-baseline', baseline])).status).toBe(0);
    expect(readFileSync(baseline, 'utf8')).not.toContain('full-access-legacy-secret');
    expect((await run(['validate', dir, '--baseline', baseline])).status).toBe(0);
    writeFileSync(join(dir, 'config.toml'), `# a new comment moves every line\n\n${readFileSync(join(dir, 'config.toml'), 'utf8')}`);
    expect((await run(['validate', dir, '--baseline', baseline])).status).toBe(0);
    writeFileSync(join(dir, '.env'), 'NEW_AUTH=https://app.vssps.visualstudio.com/oauth2/authorize\n');
    const fresh = await findings(dir, '--baseline', baseline);
    expect(fresh.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['A2E001 .env', 'A2E009 .env']);
    expect(fresh.ok).toBe(false);
  });
});
