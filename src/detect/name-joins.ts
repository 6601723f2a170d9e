// Join rules for settings that live in another file than the code using them, found by how code names them.
// Each rule links a group holding only weak evidence (a scope constant class, a provider block in settings) to the
// one legacy group of its project that reads it; with several candidates nothing is joined.
import { posix } from 'node:path';
import type { SignalGroup } from './group.js';
import type { Signal } from './signal.js';

export interface JoinFile {
  file: string;
  text: string;
}

/** What a rule links: the group `from` joins the group that reads it. */
interface Link {
  from: string;
  readers: string[];
}

/** Names under which apps keep their Azure DevOps provider block (`vsts:`, `'vsts' => [...]`, `"azure-devops": {`). */
const providerNames = ['vsts', 'vso', 'visualstudio', 'azuredevops', 'azure-devops', 'azure_devops', 'ado', 'devops', 'tfs'];

const manifests = new Set(['package.json', 'composer.json', 'Gemfile', 'mix.exs', 'go.mod', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'Cargo.toml', 'pyproject.toml', 'setup.py', 'requirements.txt', 'rockspec']);
const manifestExtension = /^.+\.(csproj|fsproj|sln|rockspec)$/;
const manifestExtensions = new Set(['csproj', 'fsproj', 'sln', 'rockspec']);

/**
 * Whether a file names a project manifest (Set lookups: it runs once per listed file, and the regex only for the few
 * names with a manifest's extension: testing it on each of 80,000 names cost 11 ms).
 */
export function isProjectManifest(file: string): boolean {
  const name = file.slice(file.lastIndexOf('/') + 1);
  if (manifests.has(name)) return true;
  const dot = name.lastIndexOf('.');
  return dot > 0 && manifestExtensions.has(name.slice(dot + 1)) && manifestExtension.test(name);
}

/**
 * The project folder of each file: the nearest folder holding a project manifest, else its top folder under the root.
 * The listing is searched on the first question only: most scans ask none.
 */
export function projectFolders(listed: readonly string[]): (file: string) => string {
  let roots: Set<string> | null = null;
  return (file) => {
    roots ??= new Set(listed.filter(isProjectManifest).map((f) => posix.dirname(f)));
    for (let dir = posix.dirname(file); ; dir = posix.dirname(dir)) {
      if (roots.has(dir)) return dir;
      if (dir === '.' || dir === '/' || dir === '') break;
    }
    return file.includes('/') ? file.slice(0, file.indexOf('/')) : '.';
  };
}

/** Links weak groups to the legacy groups that read them; `root`/`union` are the caller's union-find. */
export function joinByName(groups: readonly SignalGroup[], files: ReadonlyMap<string, JoinFile>, projectOf: (file: string) => string, legacy: (g: SignalGroup) => boolean, root: (key: string) => string, union: (a: string, b: string) => void): void {
  const strong = groups.filter(legacy);
  const weak = groups.filter((g) => !legacy(g) && g.signals.length > 0);
  const sameProject = (a: SignalGroup, b: SignalGroup) => projectOf(a.signals[0]!.file) === projectOf(b.signals[0]!.file);
  const links: Link[] = [];
  for (const g of weak) {
    const readers = [...definedNames(g, files)].flatMap((re) => strong.filter((s) => sameProject(g, s) && s.signals.some((x) => reads(files.get(x.file)?.text, re, x.file, g))).map((s) => s.key));
    if (readers.length) links.push({ from: g.key, readers });
  }
  for (const { from, readers } of links) {
    const roots = new Set(readers.map(root));
    if (roots.size === 1) union(from, readers[0]!);
  }
}

/** How code refers to what a weak group defines: its class/module (file stem) name, or its provider block name. */
function definedNames(g: SignalGroup, files: ReadonlyMap<string, JoinFile>): Set<RegExp> {
  const out = new Set<RegExp>();
  const file = g.signals[0]!.file;
  if (g.signals.every((s) => s.origin === 'code' && s.file === file)) {
    const stem = posix.basename(file).replace(/\.[^.]+$/, '');
    // a class or module named after its file (VstsScopes.cs, BoardsScope.java, vsts_scopes.py)
    if (stem.length >= 6 && /[A-Z_]/.test(stem.slice(1))) out.add(new RegExp(`(?<![\\w-])${escape(stem)}(?![\\w-])`));
  }
  // Elixir: `config :app, App.Vsts.OAuth, client_id: …` is read by `defmodule App.Vsts.OAuth` (Application.fetch_env!)
  for (const m of (files.get(file)?.text ?? '').matchAll(/^\s*config\s+:\w+,\s*([A-Z][\w.]+)\s*,/gm)) {
    out.add(new RegExp(`defmodule\\s+${escape(m[1]!)}\\s+do`));
  }
  const provider = providerOf(g.signals, files);
  if (provider) {
    const p = escape(provider);
    // `['vsts']`, `["vsts"]`, `.vsts.`, `services.vsts.client_id`, `:vsts`, `fetch(:vsts)`, `get("vsts")`
    out.add(new RegExp(`\\[\\s*["':]${p}["']?\\s*\\]|[("'.]${p}\\.[A-Za-z_]|\\(\\s*["':]${p}["']?\\s*[,)]`, 'i'));
  }
  return out;
}

/** The provider block every signal of a group sits in, when the block is named after Azure DevOps. */
function providerOf(signals: readonly Signal[], files: ReadonlyMap<string, JoinFile>): string | null {
  const names = new Set<string>();
  for (const s of signals) {
    const path = s.setting.keyPath.filter((k): k is string => typeof k === 'string').map((k) => k.toLowerCase());
    const own = path.slice(0, -1).find((k) => providerNames.includes(k));
    const inCode = s.origin === 'code' ? codeBlockName(files.get(s.file)?.text ?? '', s.setting.range[0]) : null;
    const name = own ?? inCode;
    if (!name) return null;
    names.add(name);
  }
  return names.size === 1 ? [...names][0]! : null;
}

/** The provider block a code literal sits in: an enclosing `'vsts' => [` / `vsts: {` / `"vsts": {` / `vsts = {`. */
function codeBlockName(text: string, at: number): string | null {
  const from = Math.max(0, at - 2000);
  let depth = 0;
  for (let i = at - 1; i >= from; i--) {
    const ch = text[i]!;
    if (ch === ']' || ch === '}' || ch === ')') depth++;
    else if (ch === '[' || ch === '{' || ch === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const name = /["']?([\w-]+)["']?\s*(?:=>|:|=)\s*(?:array\s*)?$/.exec(text.slice(Math.max(from, i - 80), i))?.[1]?.toLowerCase();
      if (name && providerNames.includes(name)) return name;
    }
  }
  return null;
}

function reads(text: string | undefined, re: RegExp, file: string, g: SignalGroup): boolean {
  return !!text && !g.signals.some((s) => s.file === file) && re.test(text);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
