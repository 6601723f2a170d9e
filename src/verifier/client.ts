// The client side of verify: what the files send (tenant, client id, redirect URI, scopes), read the way the app
// would read them, from every config format the scanner parses; and which flows the code runs.
import { join } from 'node:path';
import { adoScopeOf, appOnlyCall as appOnly, isEntraFile, scopeLists, userSignInCall as userSignIn } from '../detect/entra.js';
import { discoverFiles } from '../detect/discover.js';
import { readTextFile } from '../detect/read.js';
import type { ParsedFile } from '../detect/scan.js';
import { indirection, isGuid, isPlaceholder } from '../detect/values.js';
import { adoResourceId } from '../model/scope-catalog.js';
import { parserFor } from '../parsers/registry.js';
import { restCalls } from './endpoints.js';

export type FlowName = 'auth-code' | 'client-credentials';

/** Entra settings a set of files holds; each field null when the files do not say. */
export interface ClientInFiles {
  tenant: string | null;
  clientId: string | null;
  redirectUri: string | null;
  scopes: string[] | null;
  /** Where a failure points: the scope list, else the first setting read. */
  anchor: { file: string; line: number; column: number } | null;
  /** The files the values came from. */
  files: string[];
}

const authority = /login\.microsoftonline\.com\/([^/?#\s"'`]+)/i;
const clientIdKey = /(client|app(lication)?)[-_.:]?id$/i;
const redirectKey = /callback([-_.]?ur[il])?$|redirect[-_.]?ur[il]s?$|reply[-_.]?url$/i;
// Bot Framework's MicrosoftAppId is another product's id, never the OAuth client
const decoyKey = /^MicrosoftApp/i;

/** Reads the client's Entra settings from files that configure Entra (config first, then code literals). */
export function clientInFiles(files: readonly ParsedFile[]): ClientInFiles {
  const entra = files.filter(isEntraFile).sort((a, b) => (a.origin === b.origin ? 0 : a.origin === 'config' ? -1 : 1));
  const out: ClientInFiles = { tenant: null, clientId: null, redirectUri: null, scopes: null, anchor: null, files: [] };
  const used = new Set<string>();
  for (const f of entra) {
    const list = scopeLists(f).find((l) => l.tokens.some((t) => adoScopeOf(t.raw)));
    if (!out.scopes && list) {
      out.scopes = list.tokens.map((t) => t.raw);
      out.anchor = { file: f.file, line: list.anchor.line, column: list.anchor.column };
      used.add(f.file);
    }
    const id = out.clientId ? null : literal(f, clientIdKey, (v) => isGuid(v) && v.toLowerCase() !== adoResourceId);
    const tenant = out.tenant ? null : tenantOf(f);
    const redirect = out.redirectUri ? null : literal(f, redirectKey, (v) => /^https?:\/\//i.test(v));
    if (id) out.clientId = id.value;
    if (tenant) out.tenant = tenant;
    if (redirect) out.redirectUri = redirect.value;
    if (id || tenant || redirect) used.add(f.file);
  }
  out.files = [...used];
  return out;
}

function literal(f: ParsedFile, key: RegExp, ok: (v: string) => boolean) {
  const s = f.settings.find((x) => key.test(x.key ?? '') && !decoyKey.test(x.key ?? '') && !x.inComment && !x.interpolated && !isPlaceholder(x.value) && !indirection(x.value) && ok(x.value.trim()));
  return s ? { value: s.value.trim(), line: s.line, column: s.column } : null;
}

function tenantOf(f: ParsedFile): string | null {
  for (const s of f.settings) {
    const m = authority.exec(s.value);
    if (m && !s.interpolated && !s.inComment && /^([0-9a-f-]{36}|organizations|common|consumers|[a-z0-9-]+(\.[a-z0-9-]+)+)$/i.test(m[1]!)) return m[1]!;
  }
  return literal(f, /tenant[-_.:]?(id)?$/i, (v) => isGuid(v) || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(v))?.value ?? null;
}

/**
 * The code file that makes the tree a browser app (single-page application): it signs in with @azure/msal-browser
 * (or its React/Angular wrappers), and no code holds a confidential client. null otherwise.
 */
export function browserClientFile(files: readonly ParsedFile[]): string | null {
  const code = files.filter((f) => f.origin === 'code');
  if (code.some((f) => confidential.test(f.text))) return null;
  return code.find((f) => msalBrowser.test(f.text))?.file ?? null;
}

const msalBrowser = /(from\s+|require\(\s*)['"]@azure\/msal-(browser|react|angular)['"]/;
const confidential = /ConfidentialClientApplication|@azure\/msal-node|client_?secret\s*[:=]/i;

const maxCodeFile = 512 * 1024;

export interface CodeFlows {
  flows: FlowName[];
  /** file: the call that shows the flow. */
  evidence: string[];
  /** Scopes of the Azure DevOps REST calls the code makes (by URL path). */
  calledScopes: string[];
}

/**
 * The flows the code runs: credential classes and client-credentials grants mean app-only access; sign-in calls
 * and the authorization_code grant mean a user flow. Code the scanner's prefilter skipped is read here too.
 */
export function flowsInCode(files: readonly ParsedFile[], rootDir: string): CodeFlows {
  const texts = files.filter((f) => f.origin === 'code').map((f) => ({ file: f.file, text: f.text }));
  let found = classify(texts);
  if (!found.flows.length) {
    const seen = new Set(texts.map((t) => t.file));
    const listed = discoverFiles(rootDir);
    const more = listed.files.filter((f) => !seen.has(f) && parserFor(f)?.name === 'source').flatMap((file) => {
      const read = readTextFile(join(rootDir, file), maxCodeFile, listed.links.has(file));
      return read.kind === 'text' ? [{ file, text: read.text }] : [];
    });
    found = classify(more);
  }
  return found;
}

function classify(texts: readonly { file: string; text: string }[]): CodeFlows {
  const flows = new Set<FlowName>();
  const evidence: string[] = [];
  for (const { file, text } of texts) {
    const user = userSignIn.exec(text)?.[0];
    const app = appOnly.exec(text)?.[0];
    if (user) {
      flows.add('auth-code');
      evidence.push(`${file}: ${user} (user sign-in)`);
    }
    if (app) {
      flows.add('client-credentials');
      evidence.push(`${file}: ${app} (app-only)`);
    }
  }
  // the Azure DevOps REST areas the code calls, by path: what an app-only token must reach
  const paths = restCalls.filter((c) => texts.some((t) => t.text.includes(new URL(c.url.replace('{org}', 'org')).pathname.split('/').slice(2).join('/'))));
  return { flows: (['auth-code', 'client-credentials'] as const).filter((f) => flows.has(f)), evidence, calledScopes: [...new Set(paths.map((c) => c.requiredScope))] };
}
