// A setting holding only the legacy host (or host + /oauth2) that code extends with a path (SPEC §2, issue 12 class 2).
// No single Entra value replaces it: authority + "/oauth2/authorize" is the v1 endpoint, and the same base often
// serves REST calls (/_apis/...) that must keep going to Azure DevOps. So it is never rewritten: the plan adds an
// Entra authority setting beside it and blocks on a manual step naming each code site with its new code.
import type { Signal } from '../detect/signal.js';
import { referenceNames } from '../detect/references.js';
import type { Finding } from '../model/finding.js';
import type { EntraSettings } from '../model/plan.js';
import type { Setting } from '../parsers/types.js';
import type { Change } from './edits/changes.js';
import { riskIds } from './steps.js';

/** What plan needs of a scanned file to quote a code site. */
export interface FileText {
  text: string;
  settings: readonly Setting[];
}

export interface BaseUrlPlan {
  changes: Change[];
  steps: string[];
  risks: Finding[];
  /** Settings left as they are because the base stays (the base itself, and bare paths joined to it). */
  kept: Set<Setting>;
}

const hostOnly = /^\s*(https?:\/\/)?app\.vssps\.visualstudio\.com(\/oauth2)?\/?\s*$/i;
const pathInValue = /(^|[}/"'`\s])(\/?)oauth2\/(authorize|token)\b/i;

/** Whether a signal is a base that code extends (host only, or host + /oauth2). */
export function isSharedBase(signal: Signal): boolean {
  return signal.kind === 'oauth-host' && !signal.reference && hostOnly.test(signal.setting.value);
}

/** The Entra authority setting to add beside a base key, in its style: `Janitor:Issuer` → `Janitor:EntraAuthority`. */
export function authorityKeyFor(key: string): string {
  const cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf(':'), key.lastIndexOf('__') + 1);
  const head = cut > 0 ? key.slice(0, cut + 1) : '';
  const tail = cut > 0 ? key.slice(cut + 1) : key;
  if (/^[A-Z0-9_]+$/.test(tail) && /[A-Z]/.test(tail)) {
    const prefix = tail.replace(/(^|_)(BASE|OAUTH2?|AUTH|URL|URI|HOST|ENDPOINT|ISSUER|ENDPOINT_URL)(?=_|$)/g, '').replace(/(VSTS|VSO|VISUALSTUDIO|AZURE_DEVOPS|AZDO|ADO)/, '').replace(/^_+|_+$/g, '');
    return `${head}${prefix ? `${prefix}_` : ''}ENTRA_AUTHORITY`;
  }
  if (/^[a-z]/.test(tail) && /[-_]/.test(tail)) return `${head}entra${tail.includes('-') ? '-' : '_'}authority`;
  return `${head}${/^[a-z]/.test(tail) ? 'entraAuthority' : 'EntraAuthority'}`;
}

/** The blocking step, the authority setting and the kept settings for every shared base of one app. */
export function sharedBasePlan(appId: string, signals: readonly Signal[], entra: EntraSettings, fileOf: (file: string) => FileText | undefined): BaseUrlPlan {
  const out: BaseUrlPlan = { changes: [], steps: [], risks: [], kept: new Set() };
  const bases = signals.filter(isSharedBase);
  if (bases.length === 0) return out;
  // bare paths (`PathToken = "/oauth2/token"`) join the base: rewriting them alone would send v2.0 paths to vssps
  const paths = signals.filter((s) => (s.kind === 'authorize-endpoint' || s.kind === 'token-endpoint') && !s.reference && !/visualstudio\.com/i.test(s.setting.value));
  for (const p of paths) out.kept.add(p.setting);
  for (const base of bases) {
    out.kept.add(base.setting);
    const key = base.setting.key ?? 'the base URL setting';
    const authorityKey = authorityKeyFor(key);
    const names = new Set(referenceNames(base.setting).map((n) => n.toLowerCase()));
    const reads = signals.filter((s) => s.reference && s.kind === 'oauth-host' && names.has((s.setting.key ?? '').toLowerCase()));
    const sites = [...reads.map((r) => siteOf(r, fileOf)).filter((x): x is string => x !== null), ...paths.map((p) => pathSiteOf(p, base, authorityKey, fileOf))];
    if (base.origin === 'config' && base.setting.key) {
      const parent = base.setting.keyPath.slice(0, -1).join('\0');
      const existing = fileOf(base.file)?.settings.find((x) => x.key === authorityKey && x.keyPath.slice(0, -1).join('\0') === parent && (x.document ?? 0) === (base.setting.document ?? 0));
      if (!existing) out.changes.push({ type: 'add', file: base.file, beside: base.setting, key: authorityKey, value: entra.authority, reason: 'Entra authority beside the shared base (the base stays for REST calls)' });
      else if (existing.value !== entra.authority) out.changes.push({ type: 'set', file: base.file, setting: existing, value: entra.authority, reason: 'Entra authority' });
    }
    const where = `${base.file}:${base.setting.line}`;
    out.steps.push(`${appId}: BLOCKING: ${where}: ${key} = ${base.setting.value.trim()} is a base that code extends with /oauth2/… and may also use for REST calls (/_apis/…): it stays as it is. `
      + `${base.origin === 'config' ? `The plan adds ${authorityKey} = ${entra.authority} beside it` : `Add a constant ${authorityKey} = "${entra.authority}" beside it`}; change every site that appends an OAuth path`
      + (sites.length ? `: ${sites.join('; ')}` : ` (none was found in the scanned code: search for ${key} + "/oauth2/")`)
      + `. Keep ${key} for /_apis/… calls.`);
    out.risks.push({
      ruleId: riskIds.sharedBase, kind: 'other', severity: 'error', file: base.file, line: base.setting.line, column: base.setting.column, appId,
      message: `${appId}: BLOCKER: ${key} is a base URL that code joins to /oauth2/authorize|token; no single Entra value replaces it (authority + "/oauth2/authorize" is the v1 endpoint). Add ${authorityKey} and change ${sites.length || 'each'} code site${sites.length === 1 ? '' : 's'} (see the manual steps).`,
    });
  }
  return out;
}

/** A code site reading the base: the exact expression as written, and what replaces it. */
function siteOf(read: Signal, fileOf: (file: string) => FileText | undefined): string | null {
  const at = `${read.file}:${read.setting.line}`;
  const file = fileOf(read.file);
  const name = read.setting.key ?? '';
  if (!file) return `${at} (reads ${name})`;
  const [start] = read.setting.range;
  const lineEnd = file.text.indexOf('\n', start);
  const rest = file.text.slice(start, lineEnd === -1 ? undefined : lineEnd);
  const m = pathInValue.exec(rest.slice(name.length, name.length + 120));
  if (!m && /_apis\//.test(rest.slice(name.length, name.length + 120))) return null; // a REST call keeps the base
  if (!m) return `${at}: where ${name} is joined to /oauth2/authorize or /oauth2/token, use ${authorityKeyFor(name)} and /oauth2/v2.0/…`;
  // quote the whole accessor as written: `_config["Janitor:Issuer"]}/oauth2/token`, `process.env.VSTS_BASE + '/oauth2/token'`
  const lineStart = file.text.lastIndexOf('\n', start) + 1;
  const lead = /[\w$.[\]"'()]*$/.exec(file.text.slice(lineStart, start))![0].replace(/^[("']+/, '');
  const old = lead + rest.slice(0, name.length + m.index + m[0].length);
  const replacement = old.replace(name, authorityKeyFor(name)).replace(/oauth2\/(authorize|token)$/i, 'oauth2/v2.0/$1');
  return `${at}: ${old} → ${replacement}`;
}

/** A bare path constant joined to the base: its new value, and that it joins the authority instead. */
function pathSiteOf(path: Signal, base: Signal, authorityKey: string, fileOf: (file: string) => FileText | undefined): string {
  const at = `${path.file}:${path.setting.line}`;
  const raw = fileOf(path.file)?.text.slice(...path.setting.range) ?? path.setting.value;
  return `${at}: ${raw} → ${raw.replace(/oauth2\/(authorize|token)/i, 'oauth2/v2.0/$1')}, joined to ${authorityKey} instead of ${base.setting.key ?? 'the base'}`;
}
