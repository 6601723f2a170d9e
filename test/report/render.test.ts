// #15.12, #15.13: the Mermaid diagrams parse with mermaid's own parser and draw no empty lane; the HTML report
// prints well (checked in headless Chromium), shows no Markdown backticks and keeps local paths out of its title.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { buildPlan } from '../../src/plan/build.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { reportModel } from '../../src/report/report-model.js';
import { fixturesDir, inputs } from '../support/plan-helpers.js';
import { missing } from '../support/skip.js';
import { tempDir } from '../support/temp.js';

function model(fixture: string, extra = {}, root?: string) {
  const evidence = scanWithEvidence(join(fixturesDir, fixture));
  const plan = buildPlan(evidence, inputs(extra));
  return reportModel(evidence.result, { ...plan, root: root ?? fixture }, { version: 'test', generated: '2026-11-24', placeholders: false });
}

const diagrams = (md: string) => [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('the Mermaid diagrams, through mermaid\'s own parser', () => {
  // mermaid 11 (a devDependency) parses in Node without a browser.
  it.each([['sample-app', {}], ['ruby-toml-tool', { scopeStyle: 'explicit' }], ['node-express', { tenant: 'contoso.onmicrosoft.com' }]])('%s: every diagram parses, and every participant takes part', async (fixture, extra) => {
    const found = diagrams(renderMarkdown(model(fixture, extra)));
    expect(found.length).toBeGreaterThan(0);
    for (const text of found) {
      await expect(mermaid.parse(text)).resolves.toMatchObject({ diagramType: 'sequence' });
      const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
      const db = diagram.db as unknown as { getActors(): Map<string, unknown>; getMessages(): { from?: string; to?: string }[] };
      const speaking = new Set(db.getMessages().flatMap((m) => [m.from, m.to]));
      for (const actor of db.getActors().keys()) expect(speaking.has(actor), `participant ${actor} has an empty lane`).toBe(true);
      expect(db.getMessages().some((m) => /Bearer, MSAL caches them/.test(JSON.stringify(m)))).toBe(true);
    }
  });

  it('the parser rejects what the old diagram held (so the test can fail)', async () => {
    await expect(mermaid.parse('sequenceDiagram\n  participant A as App\n  participant E as Entra\n  E-->>A: access + refresh token (Bearer; MSAL caches them)\n')).rejects.toThrow(/Parse error/);
  });
});

describe('the HTML report', () => {
  it('no Markdown backtick reaches the page outside <pre>; code spans become <code>', () => {
    const html = renderHtml(model('sample-app'));
    const outsidePre = html.replace(/<pre>[\s\S]*?<\/pre>/g, '').replace(/<style>[\s\S]*?<\/style>/, '');
    expect(outsidePre).not.toContain('`');
    expect(html).toContain('as <code>assertion</code>');
  });

  it('the title names the folder, never a local absolute path', () => {
    const html = renderHtml(model('sample-app', {}, '/home/someone/work/secret-project/services/api'));
    expect(html).toMatch(/<title>Migration report: api<\/title>/);
    expect(html.match(/<title>.*<\/title>/)![0]).not.toContain('/home/');
  });
});

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

describe.skipIf(missing(!chromium && !process.env.CI, 'no Chromium (/usr/bin/chromium): the HTML report is not printed; `apt-get install chromium` to run it (CI always does)'))('printing the HTML report in headless Chromium', () => {
  const run = (args: string[]) => spawnSync(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', ...args], { encoding: 'utf8', timeout: 120_000 });

  it('prints to PDF; under the print rules, at A4 width, no table or code block is wider than the page and headings keep with what follows', () => {
    const dir = tempDir('print');
    const html = renderHtml(model('ruby-toml-tool'));
    writeFileSync(join(dir, 'report.html'), html);
    const pdf = join(dir, 'report.pdf');
    const printed = run([`--print-to-pdf=${pdf}`, '--no-pdf-header-footer', `file://${join(dir, 'report.html')}`]);
    expect(existsSync(pdf), printed.stderr).toBe(true);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(statSync(pdf).size).toBeGreaterThan(20_000);
    // The same page with its print rules in force on screen, 718 px wide (A4 less margins at 96 dpi), measured by
    // the browser itself: every table and <pre> fits the page, and h2/h3 avoid a break after them.
    const probe = html.replace('@media print{', '@media all{').replace('</body>', `<script>
const page = document.documentElement.clientWidth;
const wide = [...document.querySelectorAll('table, pre')].filter((e) => e.getBoundingClientRect().width > page + 1 || e.scrollWidth > e.clientWidth + 1).map((e) => e.tagName + ':' + e.scrollWidth);
const loose = [...document.querySelectorAll('h1, h2, h3')].filter((h) => getComputedStyle(h).breakAfter !== 'avoid').map((h) => h.textContent);
document.body.setAttribute('data-probe', JSON.stringify({ page, tables: document.querySelectorAll('table').length, wide, loose }));
</script></body>`);
    writeFileSync(join(dir, 'probe.html'), probe);
    const dumped = run(['--window-size=718,1000', '--virtual-time-budget=5000', '--dump-dom', `file://${join(dir, 'probe.html')}`]);
    const raw = /data-probe="([^"]*)"/.exec(dumped.stdout)?.[1];
    expect(raw, dumped.stderr).toBeDefined();
    const result = JSON.parse(raw!.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as { page: number; tables: number; wide: string[]; loose: string[] };
    expect(result.page).toBeLessThanOrEqual(718);
    expect(result.tables).toBeGreaterThan(3);
    expect(result.wide).toEqual([]);
    expect(result.loose).toEqual([]);
  }, 240_000);
});
