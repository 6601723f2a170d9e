import { adminConsentWhen, msaGuidance } from '../mapper/steps.js';
import type { Finding } from '../model/finding.js';
import type { ReportApp, ReportModel } from './report-model.js';
import { htmlText, visibleDeep } from './escape.js';

const esc = htmlText;
const code = (s: string) => `<code>${esc(s)}</code>`;
/** Prose written for Markdown: its `code spans` become <code>, so no backtick reaches the page. */
const prose = (s: string) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

const css = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;max-width:72rem;margin:2rem auto;padding:0 1.5rem;background:#fff}
h1{font-size:1.7rem;border-bottom:2px solid #0969da;padding-bottom:.4rem}h2{margin-top:2.2rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}code{font:.85em ui-monospace,SFMono-Regular,Menlo,monospace;background:#f6f8fa;padding:.1em .3em;border-radius:4px}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:.7rem;overflow-x:auto;font:.8rem/1.4 ui-monospace,Menlo,monospace}
.add{color:#116329;background:#dafbe1;display:block}.del{color:#82071e;background:#ffebe9;display:block}.hunk{color:#0550ae;display:block}
.blocker{border-left:4px solid #cf222e;background:#ffebe9;padding:.5rem .8rem;margin:.4rem 0}.ok{border-left:4px solid #1a7f37;background:#dafbe1;padding:.5rem .8rem}
.note{border-left:4px solid #9a6700;background:#fff8c5;padding:.5rem .8rem}.flows{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.flows ol{margin:.3rem 0}.before{background:#fff5f5;border:1px solid #ffcecb;border-radius:6px;padding:.5rem 1rem}.after{background:#f3fbf4;border:1px solid #aceebb;border-radius:6px;padding:.5rem 1rem}
.sev-error{color:#cf222e;font-weight:600}.sev-warning{color:#9a6700;font-weight:600}.sev-note{color:#0550ae}ul.steps{list-style:none;padding-left:.5rem}ul.steps li::before{content:"☐ ";}
@media print{
body{max-width:none;margin:0;padding:0;font-size:10.5pt}
h1,h2,h3{break-after:avoid;page-break-after:avoid;break-inside:avoid}
tr,li,.blocker{break-inside:avoid;page-break-inside:avoid}
table{table-layout:fixed;width:100%}th,td,code{overflow-wrap:anywhere;word-break:break-word}
pre{white-space:pre-wrap;overflow-wrap:anywhere;overflow:visible}
.flows{display:block}.flows>div{margin:.4rem 0}a{color:inherit;text-decoration:none}
}`;

/** The folder's own name: a title (a browser tab, a PDF's metadata) never carries a local absolute path. */
function titleOf(root: string): string {
  const parts = root.replace(/\\/g, '/').split('/').filter((p) => p && p !== '.');
  return parts.at(-1) ?? 'repository';
}

/** The migration report as one self-contained HTML file: inline CSS, no script, no external request. */
export function renderHtml(model: ReportModel): string {
  const m = visibleDeep(model);
  const body = [
    `<h1>Azure DevOps OAuth → Microsoft Entra ID: migration report for ${code(m.root)}</h1>`,
    `<p>Generated ${esc(m.generated)} by ado2entra ${esc(m.version)}. Legacy Azure DevOps OAuth takes no new registrations since April 2025 and shuts down in 2026.</p>`,
    m.placeholders ? '<p class="note">No tenant or client id was given, so <code>&lt;TENANT_ID&gt;</code> and <code>&lt;CLIENT_ID&gt;</code> stand in for them below.</p>' : '',
    '<h2>Blockers</h2>',
    m.blockers.length ? m.blockers.map((b) => `<div class="blocker"><strong>${esc(b.ruleId)}</strong> ${prose(b.message)} (${code(`${b.file}:${b.line}`)})</div>`).join('\n')
      : `<p class="ok">None found. If users sign in with personal Microsoft accounts: ${prose(msaGuidance)} Keep them on the legacy app with a dual run (<code>--keep-legacy</code>).</p>`,
    m.msa.length ? `<h3>Personal Microsoft accounts</h3>${m.msa.map((r) => `<div class="note"><strong>${esc(r.ruleId)}</strong> ${prose(r.message)}</div>`).join('\n')}` : '',
    '<h2>Summary</h2>',
    table(['app', 'files', 'findings', 'config edits', 'code sites', 'effort'], [
      ...m.apps.map((a) => [`<a href="#${anchor(a.app.id)}">${esc(a.app.id)}</a>`, `${a.app.files.length}`, `${a.findings.length}`, `${a.edits.length}`, `${a.plan.codeSites.length}`, `~${a.effortHours} h`]),
      ['<strong>total</strong>', '', `${m.totals.findings}`, `${m.totals.edits}`, `${m.totals.codeSites}`, `~${m.totals.effortHours} h`],
    ]),
    m.shared.steps.length || m.shared.risks.length
      ? `<h2>For every app</h2><ul>${m.shared.risks.map((r) => `<li><span class="sev-${r.severity}">${r.severity}</span> ${prose(r.message)} (${esc(r.ruleId)})</li>`).join('')}</ul><ul class="steps">${m.shared.steps.map((s) => `<li>${prose(s)}</li>`).join('')}</ul>`
      : '',
    ...m.apps.map(renderApp),
    '<h2>Rollout</h2><ol><li>Register the Entra app(s) and grant consent.</li><li>Dual run: <code>ado2entra plan PATH --keep-legacy --out plan.json</code>, then <code>ado2entra apply plan.json</code>.</li><li>Switch the code to MSAL, deploy, watch sign-ins; every user consents once.</li><li>Remove the legacy settings, delete the legacy app, gate CI with <code>ado2entra validate</code>.</li></ol>',
  ];
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>Migration report: ${esc(titleOf(m.root))}</title>\n<style>${css}</style>\n</head>\n<body>\n${body.filter(Boolean).join('\n')}\n</body>\n</html>\n`;
}

function anchor(id: string): string {
  return `app-${id}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>\n${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')}\n</tbody></table>`;
}

function findingsTable(findings: Finding[]): string {
  return table(['location', 'kind', 'severity', 'finding'], findings.map((f) => [code(`${f.file}:${f.line}`), esc(f.kind), `<span class="sev-${f.severity}">${f.severity}</span>`, prose(f.message)]));
}

function diffHtml(diff: string): string {
  return `<pre>${diff.trimEnd().split('\n').map((l) => {
    const cls = l.startsWith('@@') ? 'hunk' : l.startsWith('+') && !l.startsWith('+++') ? 'add' : l.startsWith('-') && !l.startsWith('---') ? 'del' : '';
    return cls ? `<span class="${cls}">${esc(l)}</span>` : `${esc(l)}\n`;
  }).join('')}</pre>`;
}

function renderApp(a: ReportApp): string {
  const e = a.plan.entra;
  const reg = a.plan.registration;
  return [
    `<h2 id="${anchor(a.app.id)}">App ${esc(a.app.id)}</h2>`,
    `<p>Files: ${a.app.files.map(code).join(', ')}. Legacy App ID: ${a.app.clientId ? code(a.app.clientId) : 'not in the files'}; client secret in the files: ${a.app.hasSecret ? '<strong>yes (rotate it)</strong>' : 'no'}.</p>`,
    '<h3>Inventory</h3>', findingsTable(a.findings),
    '<h3>Entra settings</h3>',
    table(['setting', 'value'], [['authority', code(e.authority)], ['authorize', code(e.authorizeEndpoint)], ['token', code(e.tokenEndpoint)], ['client id', code(e.clientId)], ['scopes to request', code(e.scopes.join(' '))], ['redirect URI', e.redirectUri ? code(e.redirectUri) : 'not found']]),
    '<h3>Scope mapping</h3>',
    table(['legacy scope', 'Entra permission', 'permission id', 'high privilege', 'status'], a.plan.scopeMapping.map((r) => [code(r.legacy), r.entra ? code(r.entra) : '–', r.permissionId ? code(r.permissionId) : '–', r.highPrivilege ? 'yes' : 'no',
      esc(r.status === 'redundant' ? `dropped: implied by ${r.impliedBy}` : r.status === 'kept' ? 'registered' : `${r.status}${r.replacement ? `: use ${r.replacement}` : ''}`)])),
    '<h3>App registration</h3>', `<pre>${esc(JSON.stringify(reg.manifest, null, 2))}</pre>`, `<pre>${esc(reg.azCli.join('\n'))}</pre>`, `<pre>${esc(reg.terraform)}</pre>`,
    reg.adminConsentUrl ? `<p>Admin consent: ${code(reg.adminConsentUrl)}, ${esc(adminConsentWhen)}</p>` : '',
    '<h3>Config edits</h3>',
    a.edits.length ? a.edits.map((ed) => `<p>${code(ed.file)}: ${prose(ed.reasons.join('; '))}</p>${diffHtml(ed.diff)}`).join('\n') : '<p>No configuration file changes.</p>',
    '<h3>Code to change</h3>',
    a.plan.codeSites.length ? table(['location', 'language', 'replace with'], a.plan.codeSites.map((s) => [code(`${s.file}:${s.line}`), esc(s.language), prose(s.replacement)])) : '<p>No legacy code site found.</p>',
    '<h3>Flow, before and after</h3>',
    `<div class="flows"><div class="before"><strong>Before (legacy)</strong><ol><li>authorize with <code>response_type=Assertion</code></li><li>code to the callback</li><li>token: jwt-bearer grant, <code>assertion</code>=code, <code>client_assertion</code>=client secret</li><li>REST calls with the jwt-bearer token</li></ol></div><div class="after"><strong>After (Entra ID)</strong><ol><li>authorize at <code>${esc(e.authorizeEndpoint)}</code> with <code>response_type=code</code> and PKCE (S256)</li><li>code to the callback</li><li>token: <code>authorization_code</code> + <code>code_verifier</code>, scopes <code>${esc(e.scopes.join(' '))}</code></li><li>REST calls with the Bearer token; MSAL refreshes silently</li></ol></div></div>`,
    '<h3>Manual steps</h3>', `<ul class="steps">${a.steps.map((s) => `<li>${prose(s)}</li>`).join('')}</ul>`,
    a.risks.length ? `<h3>Risks</h3><ul>${a.risks.map((r) => `<li><span class="sev-${r.severity}">${r.severity}</span> ${prose(r.message.replace(`${a.app.id}: `, ''))} (${esc(r.ruleId)})</li>`).join('')}</ul>` : '',
    `<p>Effort estimate: ~${a.effortHours} hours.</p>`,
  ].filter(Boolean).join('\n');
}
