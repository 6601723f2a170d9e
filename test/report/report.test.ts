import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.js';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { buildPlan } from '../../src/plan/build.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { reportModel } from '../../src/report/report-model.js';
import { expectGoldenBytes, repoRoot } from '../support/golden.js';
import { missing } from '../support/skip.js';
import { fixturesDir, inputs } from '../support/plan-helpers.js';

function model(fixture: string, extra = {}) {
  const evidence = scanWithEvidence(join(fixturesDir, fixture));
  const plan = buildPlan(evidence, inputs(extra));
  return reportModel(evidence.result, { ...plan, root: fixture }, { version: '0.0.0-test', generated: '2026-11-23', placeholders: false });
}

describe('report golden files', () => {
  it.each([['sample-app', {}], ['ruby-toml-tool', { msaUsers: true }]])('%s (Markdown and HTML)', (fixture, extra) => {
    const m = model(fixture, extra);
    expectGoldenBytes(`report/${fixture}.md`, renderMarkdown(m));
    expectGoldenBytes(`report/${fixture}.html`, renderHtml(m));
  });

  it('leads with Microsoft\'s guidance when personal Microsoft accounts sign in: a dual run, not a blocker (#15.14a)', () => {
    const md = renderMarkdown(model('ruby-toml-tool', { msaUsers: true }));
    const top = md.slice(md.indexOf('## Blockers'), md.indexOf('## Summary'));
    expect(top).toContain('### Personal Microsoft accounts');
    expect(top).toContain('Microsoft says Entra apps do not natively support MSA users for Azure DevOps, that apps which must serve MSA users are best kept on Azure DevOps OAuth for now, and that native MSA support is in progress (https://learn.microsoft.com/');
    expect(top).toContain('Plan a dual run (--keep-legacy)');
    expect(md).not.toMatch(/BLOCKER|must move/);
    const dual = renderMarkdown(model('ruby-toml-tool', { msaUsers: true, keepLegacy: true }));
    expect(dual).toContain('This plan is a dual run (--keep-legacy)');
    expect(md.indexOf('## Blockers')).toBeLessThan(md.indexOf('## App '));
  });

  it('has the mapping table, registration, diffs, code sites, Mermaid flow and checklist', () => {
    const md = renderMarkdown(model('sample-app'));
    for (const part of ['| `vso.profile` | `499b84ac-1321-427f-aa17-267ca6975798/vso.profile`', 'dropped: implied by', '"requiredResourceAccess"', 'az ad app create', 'resource "azuread_application"', '```diff', 'OAuthController.cs:', '```mermaid\nsequenceDiagram', '- [ ] register an Entra application']) {
      expect(md).toContain(part);
    }
  });

  it('HTML is one self-contained file: no script, no external request', () => {
    const html = renderHtml(model('sample-app'));
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|@import|url\(\s*['"]?https?:/i);
    expect(html).not.toMatch(/https?:\/\/[^"'\s<]*\.(css|js)\b/);
  });
});

describe('report --plan', () => {
  const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli', 'index.js'), ...args], { cwd, encoding: 'utf8' });
  it('renders the saved plan (its diffs and inputs) and refuses a plan whose apps are gone', () => {
    const dir = tempDir('report-plan');
    cpSync(join(fixturesDir, 'sample-app'), dir, { recursive: true });
    expect(run(dir, 'plan', '.', '--tenant', 'contoso.onmicrosoft.com', '--client-id', '11111111-2222-3333-4444-555555555555', '--scope-style', 'explicit', '--out', 'plan.json').status).toBe(0);
    const r = run(dir, 'report', '--plan', 'plan.json');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('scopes to request: `499b84ac-1321-427f-aa17-267ca6975798/vso.build');
    expect(r.stdout).toContain('```diff\n--- a/OAuth.config');
    rmSync(join(dir, 'OAuth.config'));
    expect(run(dir, 'report', '--plan', 'plan.json').status).toBe(2);
  });
});

describe('report command', () => {
  const secret = readFileSync(join(fixturesDir, 'sample-app', 'OAuth.config'), 'utf8').match(/eyJ[\w.-]+/)![0];
  const run = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli', 'index.js'), ...args], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1795392000' } });

  it('placeholders without --tenant/--client-id, said so; no secret in any format', () => {
    for (const format of ['markdown', 'html', 'json']) {
      const r = run('report', join(fixturesDir, 'sample-app'), '--format', format, '--verbose');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(format === 'html' ? '&lt;TENANT_ID&gt;' : '<TENANT_ID>');
      for (const planted of [secret, secret.split('.')[1]!, 'bot-framework-password-not-oauth']) expect(r.stdout + r.stderr).not.toContain(planted);
    }
  });
});

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

describe.skipIf(missing(!chromium && !process.env.CI, 'no Chromium (/usr/bin/chromium): the HTML report is not rendered; `apt-get install chromium` to run it (CI always does)'))('the HTML report in a real headless Chromium', () => {
  it('renders to a PNG that is not blank', () => {
    const dir = tempDir('report');
    const shoot = (html: string, name: string) => {
      writeFileSync(join(dir, `${name}.html`), html);
      const png = join(dir, `${name}.png`);
      const r = spawnSync(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--window-size=1280,1600', `--screenshot=${png}`, `file://${join(dir, `${name}.html`)}`], { encoding: 'utf8', timeout: 60_000 });
      expect(existsSync(png), r.stderr).toBe(true);
      return readFileSync(png);
    };
    const report = shoot(renderHtml(model('sample-app')), 'report');
    const blank = shoot('<!doctype html><html><body></body></html>', 'blank');
    expect(report.subarray(1, 4).toString()).toBe('PNG');
    // a white page compresses to almost nothing; text, tables and coloured diffs do not
    expect(report.length).toBeGreaterThan(blank.length * 10);
    expect(statSync(join(dir, 'report.png')).size).toBeGreaterThan(30_000);
  }, 180_000);
});

describe('admin consent in every plan (#15.14b)', () => {
  it('every app gets the admin-consent URL and step, saying when it is required and when only advisable', () => {
    for (const fixture of ['sample-app', 'node-express', 'ruby-toml-tool']) {
      const evidence = scanWithEvidence(join(fixturesDir, fixture));
      const plan = buildPlan(evidence, inputs());
      for (const app of plan.apps) {
        expect(app.registration.adminConsentUrl).toMatch(/^https:\/\/login\.microsoftonline\.com\/[^/]+\/v2\.0\/adminconsent\?client_id=/);
        expect(app.registration.azCli.some((c) => c.startsWith('az ad app permission admin-consent'))).toBe(true);
        const step = plan.manualSteps.find((s) => s.startsWith(`${app.id}: admin consent:`))!;
        expect(step).toMatch(/required when your tenant does not let users consent to apps[\s\S]*admin-only; otherwise advisable/);
        expect(step).toContain(app.registration.adminConsentUrl!);
      }
    }
  });
});
