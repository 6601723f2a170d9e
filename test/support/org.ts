import { mkdirSync, writeFileSync } from 'node:fs';
import { tempDir } from './temp.js';
import { join } from 'node:path';

export type RepoKind = 'clean' | 'legacy' | 'legacy-secret' | 'legacy-base-url' | 'migrated' | 'broken';

const guid = (i: number, tail: string) => `${String(i).padStart(8, '0')}-4444-4555-8666-${tail}`;
const entra = (i: number, scopes: string) => JSON.stringify({
  AzureAd: { Instance: 'https://login.microsoftonline.com/', TenantId: '72f988bf-0000-4000-8000-000000000000', ClientId: guid(i, '777777777777') },
  AzureDevOps: { Organization: 'https://dev.azure.com/fabrikam', Scopes: scopes },
}, null, 2);

/** The files of one tiny repository of each kind: the smallest tree that gives that status. */
export function repoFiles(kind: RepoKind, i: number): Record<string, string> {
  const readme = { 'README.md': `# service ${i}\n`, 'src/index.js': `export const port = ${3000 + i};\n` };
  const legacyEnv = (extra: string) => `VSTS_CLIENT_ID=${guid(i, '111111111111')}\nVSTS_SCOPES=vso.code vso.work\n${extra}`;
  switch (kind) {
    case 'clean': return readme;
    case 'legacy': return { ...readme, '.env': legacyEnv('VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\n') };
    case 'legacy-secret': return { ...readme, '.env': legacyEnv(`VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\nVSTS_CLIENT_SECRET=legacy-secret-${i}\n`) };
    // a base URL that code appends the OAuth paths to, and a high-privilege scope (admin consent)
    case 'legacy-base-url': return { ...readme, '.env': `VSTS_OAUTH_BASE=https://app.vssps.visualstudio.com\nVSTS_CLIENT_ID=${guid(i, '222222222222')}\nVSTS_SCOPES=vso.code_full\n` };
    case 'migrated': return { ...readme, 'appsettings.json': entra(i, '499b84ac-1321-427f-aa17-267ca6975798/.default') };
    // a bare vso.* scope in an Entra request: validate error A2E010
    case 'broken': return { ...readme, 'appsettings.json': entra(i, 'vso.code') };
  }
}

/** Writes `count` repositories under one folder, kinds in a fixed rotation; returns their folders and kinds. */
export function syntheticOrg(count: number, kindOf: (i: number) => RepoKind): { dir: string; repos: { path: string; kind: RepoKind }[] } {
  const dir = tempDir('org');
  const repos = Array.from({ length: count }, (_x, i) => {
    const path = join(dir, `repo-${String(i).padStart(3, '0')}`);
    for (const [name, text] of Object.entries(repoFiles(kindOf(i), i))) {
      mkdirSync(join(path, name, '..'), { recursive: true });
      writeFileSync(join(path, name), text);
    }
    return { path, kind: kindOf(i) };
  });
  return { dir, repos };
}
