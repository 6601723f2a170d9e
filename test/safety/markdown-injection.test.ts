// #13.6: a file name, value or branch from a repository ends up in Markdown that a wiki, a pull request or a change
// ticket renders. Rendered with a real CommonMark/GFM renderer, no HTML element may come from repository text, and
// no CSV cell may start a spreadsheet formula.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { renderStepSummary } from '../../src/report/ci-annotations.js';
import { buildRollup } from '../../src/report/rollup.js';
import { renderRollupCsv, renderRollupMarkdown } from '../../src/report/rollup-text.js';
import { cli } from '../support/cli.js';
import { tempDir } from '../support/temp.js';
import { tree } from '../support/tree.js';

const ids = ['--tenant', 'contoso.onmicrosoft.com', '--client-id', '11111111-2222-3333-4444-555555555555'];
const payload = '<img src=x onerror=alert(1)>';

/** Elements the renderer produced whose tag is the payload's: raw HTML that got through. */
const injected = (markdown: string) => String(marked.parse(markdown, { async: false })).match(/<img\b/gi) ?? [];

describe('Markdown built from repository strings renders no HTML of theirs', () => {
  it('report: a file name with a backtick cannot close its code span', async () => {
    const dir = tempDir('md-injection');
    const name = `a\`${payload}.env`;
    writeFileSync(join(dir, name), 'VSTS_CLIENT_ID=6b1d3f5a-2c4e-4a8b-9d0f-1e3a5c7b9d2f\nVSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\nVSTS_SCOPE=vso.code\n');
    const r = await cli(['report', '.', ...ids, '--credential', 'secret', '--no-msa-users'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('onerror'); // the file was reported, as text
    expect(injected(r.stdout)).toEqual([]);
  }, 120_000);

  it("report: a step's az command reads, once rendered, exactly as the plan's (a shell quote cannot be opened by Markdown)", async () => {
    // the callback as a script keeps it, encoded for the query; decoded it holds entities for a quote around a command
    // (rendered as prose, the single-quoted word became 'https://good.example/cb'$(touch pwned)'': the command ran on
    // paste), backticks, a link, strikethrough and a backslash
    const callback = "https://good.example/cb&#39;$(touch pwned)&#39;`id`[login](https://evil.example)~~x~~\\";
    const dir = tree({ 'sync.py': `AUTH = "https://app.vssps.visualstudio.com/oauth2/authorize"\ncallback = "${encodeURIComponent(callback)}"\nSCOPE = "vso.code"\n` });
    const r = await cli(['report', '.', ...ids, '--credential', 'secret', '--no-msa-users'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const html = String(marked.parse(r.stdout, { async: false }));
    const text = (h: string) => h.replace(/<[^>]*>/g, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    // the fenced Azure CLI block is literal: its first line is the command the plan has
    const create = text(/<code class="language-sh">([^<]*)<\/code>/.exec(html)![1]!).split('\n')[0]!;
    expect(create).toContain("'https://good.example/cb&#39;$(touch pwned)&#39;");
    const steps = html.split('\n').filter((l) => l.includes('<li>') && l.includes('register an Entra application')).map(text);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toContain(`or run: ${create}`);
    // the redirect step too: the URI as the registration has it, no link or strikethrough of the repository's
    expect(html.split('\n').filter((l) => l.includes('<li>') && l.includes('as a Web redirect URI')).map(text)[0]).toContain(`add ${callback} as a Web redirect URI`);
    expect(html).not.toMatch(/href="https:\/\/evil|<del>/);
  }, 120_000);

  it('rollup: branch, file and app names stay text; CSV cells never start a formula', () => {
    const evidence = scanWithEvidence(tree({ [`x${payload}.env`]: 'VSTS_CLIENT_ID=6b1d3f5a-2c4e-4a8b-9d0f-1e3a5c7b9d2f\nVSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/token\nVSTS_SCOPE=vso.code\n' }));
    const repository = { remote: 'https://example.test/org/repo.git', commit: 'a'.repeat(40), branch: `=HYPERLINK("x")${payload}`, path: '.', committedAt: '2026-11-01T00:00:00Z' };
    const r = buildRollup([{ source: 'r/scan.json', folder: 'r', value: { ...evidence.result, repository, entraApps: [] } }], [], '2026-12-01T00:00:00.000Z');
    expect(r.repositories).toHaveLength(1);
    const md = renderRollupMarkdown(r, '0.0.0');
    expect(md).toContain('onerror');
    expect(injected(md)).toEqual([]);
    const cells = renderRollupCsv(r).split('\r\n').slice(1).join(',').split(',');
    expect(cells.some((c) => c.includes('HYPERLINK'))).toBe(true);
    for (const c of cells) expect(c.replace(/^"/, '')).not.toMatch(/^[=+\-@]/);
  });

  it('the GitHub job summary: a file name with a backtick cannot close its code span', () => {
    const finding = { ruleId: 'A2E001', kind: 'authorize-endpoint', severity: 'error', file: `a\`${payload}.env`, line: 2, column: 1, message: 'legacy authorize endpoint', appId: null };
    const md = renderStepSummary({ ok: false, findings: [finding], suppressed: { ignored: 0, inline: 0, ignoreFile: 0, baseline: 0 } } as never);
    expect(md).toContain('onerror');
    expect(injected(md)).toEqual([]);
    // and the name reads as it is: inside a code span, not entity-escaped twice
    expect(String(marked.parse(md, { async: false }))).toContain('<code>a`&lt;img src=x onerror=alert(1)&gt;.env:2</code>');
  });
});
