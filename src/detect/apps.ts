import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { lookupScope, sortByCatalog } from '../model/scope-catalog.js';
import type { App } from '../model/scan.js';
import type { Signal } from './signal.js';

/** Builds the inventory entry for one group of signals. */
export function buildApp(id: string, signals: Signal[], status: App['status'] = 'legacy'): App {
  const files = filesByRank(signals);
  const clientIds = signals.filter((s) => s.kind === 'client-id');
  const clientId = clientIds.find((s) => s.display)?.display ?? null;
  const secrets = signals.filter((s) => s.kind === 'client-secret' && s.role === 'client-secret');
  const appSecrets = signals.filter((s) => s.role === 'app-secret');
  const sentSecrets = secrets.length > 0 ? secrets : appSecrets; // an App Secret key holds the client secret only when nothing else does
  const hasSecret = sentSecrets.some((s) => s.secretPresent) || signals.some((s) => s.kind === 'legacy-secret-value');
  const scopeTokens = new Set(signals.flatMap((s) => s.scopes ?? []));
  const endpoint = (which: 'authorize' | 'token') => signals.find((s) => s.endpoint === which && s.display)?.display ?? null;
  return {
    id,
    files,
    clientId,
    hasSecret,
    scopes: sortByCatalog([...scopeTokens].filter((t) => lookupScope(t))),
    callbackUrl: signals.find((s) => s.kind === 'callback-url' && s.display)?.display ?? null,
    endpoints: { authorize: endpoint('authorize'), token: endpoint('token') },
    unknownScopes: [...scopeTokens].filter((t) => !lookupScope(t)).sort(),
    // weak-only groups survive only when their file holds protocol evidence for a sibling app: strong.
    confidence: signals.some((s) => s.strength === 'medium') && !signals.some((s) => s.strength === 'strong') ? 'medium' : 'strong',
    clientIdSource: clientId ? null : (clientIds.find((s) => s.source)?.source ?? null),
    status,
  };
}

/** The app's files, config holding the client id first, code last. */
export function filesByRank(signals: Signal[]): string[] {
  return [...new Set(signals.map((s) => s.file))].sort((a, b) => rankFile(signals, a) - rankFile(signals, b) || a.localeCompare(b));
}

export function primaryFile(signals: Signal[]): string {
  return filesByRank(signals)[0]!;
}

/** Config files first, then the ones holding a client id, then code. */
function rankFile(signals: Signal[], file: string): number {
  const own = signals.filter((s) => s.file === file);
  const config = own.some((s) => s.origin === 'config') ? 0 : 2;
  return config + (own.some((s) => s.kind === 'client-id') ? 0 : 1);
}

/** Demotes App Secret keys when the same app also has a Client Secret: only the latter is sent (and migrated). */
export function resolveAppSecrets(signals: Signal[]): void {
  // a read of a setting is no setting of its own; code sending the App Secret as client_assertion settles it
  const hasClientSecret = signals.some((s) => s.role === 'client-secret' && !s.reference);
  const sent = signals.some((s) => s.sendsAppSecret);
  for (const s of signals) {
    if (s.role !== 'app-secret') continue;
    if (sent || !hasClientSecret) {
      s.role = 'client-secret';
      s.message = `legacy client secret (named App Secret here; it is what ${sent ? 'the code sends' : 'is sent'} as client_assertion): Entra needs a new secret or certificate, kept out of the file`;
    } else {
      s.kind = 'other';
      s.message = 'App Secret of the legacy registration: not sent in the OAuth flow; do not map it to the Entra client secret, delete it after the migration';
    }
  }
}

/** A readable, stable app id from its main file and namespace: `web-config`, `settings-py--vsts-limited`. */
export function appIdFor(file: string, ns: string, taken: Set<string>): string {
  const base = file.split('/').slice(-2).join('-');
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  let id = slug(base) + (ns ? `--${slug(ns.split('.').pop()!)}` : '');
  if (!id) id = 'app';
  let unique = id;
  for (let i = 2; taken.has(unique); i++) unique = `${id}-${i}`;
  taken.add(unique);
  return unique;
}

/**
 * The scanned folder's path inside its git repository (`services/api`), '' at the repository root or outside one.
 * App ids are made from the path from the repository root, so scanning `repo/` or `repo/services/api` names an
 * app the same way and `--app` and registration names stay stable.
 */
export function repositoryPrefix(root: string): string {
  const start = resolve(root);
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return relative(dir, start).split(sep).join('/');
    if (dirname(dir) === dir) return '';
  }
}
