// The rollup as one self-contained HTML page: inline CSS and an inline SVG burn-down; no script, no external request.
import type { BurndownPoint, RollupResult } from '../model/rollup.js';
import { htmlText as esc } from './escape.js';
import { blockerTitles, statusCounts } from './rollup-text.js';

const css = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;max-width:76rem;margin:2rem auto;padding:0 1.5rem;background:#fff}
h1{font-size:1.7rem;border-bottom:2px solid #0969da;padding-bottom:.4rem}h2{margin-top:2.2rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right}code{font:.85em ui-monospace,SFMono-Regular,Menlo,monospace;background:#f6f8fa;padding:.1em .3em;border-radius:4px}
.cards{display:flex;flex-wrap:wrap;gap:.8rem}.card{border:1px solid #d0d7de;border-radius:8px;padding:.6rem 1rem;min-width:8rem}.card b{display:block;font-size:1.8rem}
.legacy{color:#cf222e}.dual-run{color:#9a6700}.migrated{color:#1a7f37}.broken{color:#8250df}
.blocker{border-left:4px solid #cf222e;background:#ffebe9;padding:.5rem .8rem;margin:.4rem 0}.ok{border-left:4px solid #1a7f37;background:#dafbe1;padding:.5rem .8rem}
svg text{font:12px system-ui,sans-serif;fill:#57606a}`;

const series = [
  { key: 'legacy', label: 'legacy', color: '#cf222e' },
  { key: 'dualRun', label: 'dual-run', color: '#9a6700' },
  { key: 'broken', label: 'broken', color: '#8250df' },
  { key: 'migrated', label: 'migrated', color: '#1a7f37' },
] as const;

/** The burn-down: apps by status per snapshot date, as lines over evenly spaced dates. */
export function burndownSvg(points: readonly BurndownPoint[]): string {
  const w = 760;
  const h = 280;
  const pad = { left: 48, right: 120, top: 16, bottom: 40 };
  const max = Math.max(1, ...points.flatMap((p) => series.map((s) => p[s.key])));
  const x = (i: number) => pad.left + (points.length === 1 ? (w - pad.left - pad.right) / 2 : (i * (w - pad.left - pad.right)) / (points.length - 1));
  const y = (v: number) => pad.top + (h - pad.top - pad.bottom) * (1 - v / max);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="Burn-down: apps by status over time">`];
  for (const v of [0, Math.round(max / 2), max]) {
    parts.push(`<line x1="${pad.left}" x2="${w - pad.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#d0d7de"/>`, `<text x="${pad.left - 8}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`);
  }
  const step = Math.max(1, Math.ceil(points.length / 8));
  points.forEach((p, i) => {
    if (i % step === 0 || i === points.length - 1) parts.push(`<text x="${x(i).toFixed(1)}" y="${h - pad.bottom + 18}" text-anchor="middle">${esc(p.date)}</text>`);
  });
  series.forEach((s, n) => {
    const coords = points.map((p, i) => `${x(i).toFixed(1)},${y(p[s.key]).toFixed(1)}`);
    if (points.length > 1) parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2.5" points="${coords.join(' ')}"/>`);
    for (const c of coords) parts.push(`<circle cx="${c.split(',')[0]}" cy="${c.split(',')[1]}" r="3.5" fill="${s.color}"/>`);
    parts.push(`<rect x="${w - pad.right + 16}" y="${pad.top + n * 22}" width="12" height="12" fill="${s.color}"/>`, `<text x="${w - pad.right + 34}" y="${pad.top + n * 22 + 11}">${s.label}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

export function renderRollupHtml(r: RollupResult, version: string): string {
  const t = r.totals;
  const card = (n: number, label: string, cls = '') => `<div class="card"><b class="${cls}">${n}</b>${label}</div>`;
  const table = (head: string[], rows: string[][]) => `<table><thead><tr>${head.map((x) => `<th>${x}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.join('')}</tr>`).join('\n')}</tbody></table>`;
  const td = (s: string) => `<td>${s}</td>`;
  const n = (v: number) => `<td class="n">${v}</td>`;
  const body = [
    '<h1>Azure DevOps OAuth → Microsoft Entra ID: organization inventory</h1>',
    `<p>Generated ${esc(r.generatedAt.slice(0, 10))} by ado2entra ${esc(version)} from ${r.repositories.reduce((k, x) => k + x.sources.length, 0)} result(s); ${r.skipped.length} input(s) skipped. Legacy Azure DevOps OAuth shuts down in 2026.</p>`,
    `<div class="cards">${card(t.repositories, 'repositories')}${card(t.withLegacy, 'with legacy apps', 'legacy')}${card(t.byStatus.legacy, 'legacy apps', 'legacy')}${card(t.byStatus.dualRun, 'dual-run', 'dual-run')}${card(t.byStatus.migrated, 'migrated', 'migrated')}${card(t.byStatus.broken, 'broken', 'broken')}</div>`,
    '<h2>Burn-down</h2>',
    burndownSvg(r.burndown),
    '<h2>Blockers</h2>',
    r.blockers.length ? '' : '<p class="ok">None found. Confirm with each team that no user signs in with a personal Microsoft account.</p>',
    ...(Object.keys(blockerTitles) as (keyof typeof blockerTitles)[]).flatMap((kind) => {
      const list = r.blockers.filter((b) => b.kind === kind);
      return list.length ? [`<div class="blocker"><strong>${esc(blockerTitles[kind])}: ${list.length}</strong></div>`,
        table(['repository', 'app', 'where', 'what'], list.map((b) => [td(esc(b.repository)), td(esc(b.appId ?? '')), td(`<code>${esc(`${b.file}${b.line ? `:${b.line}` : ''}`)}</code>`), td(esc(b.message))]))] : [];
    }),
    '<h2>Repositories</h2>',
    table(['repository', 'branch', 'commit', 'legacy', 'dual-run', 'migrated', 'broken', 'validate'], r.repositories.map((repo) => {
      const c = statusCounts(repo);
      return [td(esc(repo.name)), td(esc(repo.branch ?? '')), td(repo.commit ? `<code>${esc(repo.commit.slice(0, 12))}</code>` : ''), n(c.legacy), n(c.dualRun), n(c.migrated), n(c.broken), td(repo.validateOk === null ? '' : repo.validateOk ? 'pass' : '<span class="legacy">fail</span>')];
    })),
    '<h2>Delegated permissions needed org-wide</h2>',
    r.permissions.length ? table(['scope', 'Entra permission', 'permission id', 'admin consent', 'apps', 'repositories'], r.permissions.map((p) => [
      td(`<code>${esc(p.value)}</code>`), td(`<code>${esc(p.entra)}</code>`), td(p.permissionId ? `<code>${esc(p.permissionId)}</code>` : 'unknown'), td(p.adminConsent ? '<strong>yes</strong>' : 'no'), n(p.apps), n(p.repositories),
    ])) : '<p>None: no legacy app is left.</p>',
    ...(r.skipped.length ? ['<h2>Inputs skipped</h2>', table(['input', 'why'], r.skipped.map((s) => [td(`<code>${esc(s.input)}</code>`), td(esc(s.reason))]))] : []),
  ];
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>Organization inventory: Azure DevOps OAuth to Entra</title>\n<style>${css}</style>\n</head>\n<body>\n${body.filter(Boolean).join('\n')}\n</body>\n</html>\n`;
}
