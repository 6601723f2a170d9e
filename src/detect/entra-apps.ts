// Apps already on Entra for Azure DevOps: listed apart from the legacy apps so an inventory shows what is done.
import { posix } from 'node:path';
import { adoResourceId } from '../model/scope-catalog.js';
import type { EntraApp } from '../model/scan.js';
import { appIdFor } from './apps.js';
import { isAdoFile, isEntraFile } from './entra.js';
import type { ParsedFile } from './scan.js';
import { isBareGuid } from '../model/guid.js';

const clientIdKey = /^(client_?id|clientid|app_?id|appid|application_?id|applicationid|azure_?client_?id)$/i;

/**
 * Files that configure or call Entra for Azure DevOps and belong to no legacy app, one app per project folder:
 * files in one folder together, and code joins the config of the nearest folder above it that has some.
 * Status is `migrated` here; validate's rules decide `broken` (rules sit above detect).
 */
export function entraAppsOf(files: readonly ParsedFile[], legacyFiles: ReadonlySet<string>): EntraApp[] {
  const entra = files.filter((f) => !legacyFiles.has(f.file) && isEntraFile(f) && isAdoFile(f));
  const byDir = new Map<string, ParsedFile[]>();
  for (const f of entra) {
    const dir = posix.dirname(f.file);
    byDir.set(dir, [...(byDir.get(dir) ?? []), f]);
  }
  const configDirs = [...byDir].filter(([, fs]) => fs.some((f) => f.origin === 'config')).map(([d]) => d);
  for (const [dir, fs] of [...byDir]) {
    if (fs.some((f) => f.origin === 'config')) continue;
    const home = configDirs.filter((d) => d === '.' || dir.startsWith(`${d}/`)).sort((a, b) => b.length - a.length)[0];
    if (!home) continue;
    byDir.set(home, [...byDir.get(home)!, ...fs]);
    byDir.delete(dir);
  }
  const taken = new Set<string>();
  return [...byDir.values()]
    .map((fs) => fs.sort((a, b) => Number(a.origin === 'code') - Number(b.origin === 'code') || a.file.localeCompare(b.file)))
    .sort((a, b) => a[0]!.file.localeCompare(b[0]!.file))
    .map((fs) => ({ id: appIdFor(fs[0]!.file, '', taken), files: fs.map((f) => f.file), clientId: clientIdIn(fs), status: 'migrated' as const }));
}

function clientIdIn(files: readonly ParsedFile[]): string | null {
  for (const f of files) {
    for (const s of f.settings) {
      const value = s.value.trim();
      if (s.key && clientIdKey.test(s.key.replace(/[-.]/g, '_')) && isBareGuid(value) && value.toLowerCase() !== adoResourceId) return value.toLowerCase();
    }
  }
  return null;
}
