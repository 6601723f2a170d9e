// New setting names derived from existing ones, in the file's own naming style.

/** Case of a word as written: UPPER, Capitalized or lower. */
function caseLike(sample: string, word: string): string {
  if (sample === sample.toUpperCase() && /[A-Z]/.test(sample)) return word.toUpperCase();
  if (/^[A-Z]/.test(sample)) return word[0]!.toUpperCase() + word.slice(1);
  return word;
}

const clientIdTail = /(client|app|application)((?:[-_.:]?app)?[-_.:]?)(id)$/i;

/**
 * The tenant key beside a client id key: `VSTS_CLIENT_ID` → `VSTS_TENANT_ID`, `DashboardVsoAppId` →
 * `DashboardVsoTenantId`, `client-id` → `tenant-id`, Che's `id` → `tenant-id`. Null when the name has no client-id shape.
 */
export function tenantKeyFor(clientIdKey: string): string | null {
  if (clientIdKey === 'id') return 'tenant-id';
  const m = clientIdTail.exec(clientIdKey);
  if (!m) return null;
  const separator = /[-_.:]$/.exec(m[2]!)?.[0] ?? '';
  return clientIdKey.slice(0, m.index) + caseLike(m[1]!, 'tenant') + separator + m[3]!;
}

const legacyWord = /azure[-_]?devops|visualstudio|vsts|vso|azdo/i;

/**
 * The Entra twin of a legacy key for a dual run (`--keep-legacy`): the legacy word becomes Entra
 * (`VSTS_CLIENT_ID` → `ENTRA_CLIENT_ID`), otherwise Entra is prefixed in the key's style (`ClientId` → `EntraClientId`).
 */
export function entraKeyFor(key: string): string {
  const m = legacyWord.exec(key);
  if (m) return key.slice(0, m.index) + caseLike(m[0], 'entra') + key.slice(m.index + m[0].length);
  if (key === 'id' || key === 'secret') return `entra-${key}`;
  if (/^[A-Z0-9_]+$/.test(key)) return `ENTRA_${key}`;
  if (/^[A-Z]/.test(key)) return `Entra${key}`;
  const separator = /[-_.]/.exec(key)?.[0];
  if (separator) return `entra${separator}${key}`;
  return `entra${key[0]!.toUpperCase()}${key.slice(1)}`;
}
