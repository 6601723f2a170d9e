import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/detect/scan.js';
import { sharedDir } from '../support/golden.js';
import { missing } from '../support/skip.js';

// Expectations written from corpus/SOURCES.md and NOTES.md: what each real file holds, and its decoys.
const corpus = join(sharedDir, 'corpus');
const present = existsSync(corpus);

describe.skipIf(missing(!present, `${corpus} not found: the real-world corpus tests need ../shared beside the clone (or ADO2ENTRA_SHARED=/path/to/shared)`))('real-world corpus', () => {
  const result = present ? scan(corpus) : null!;
  const kindsIn = (file: string) => result.findings.filter((f) => f.file === file).map((f) => `${f.line}:${f.kind}`);
  const appOf = (file: string) => result.apps.find((a) => a.files.includes(file));

  it('finds the five files with legacy configuration and nothing else', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.apps.map((a) => a.files[0]).sort()).toEqual([
      'authbot-vso-webconfig/Web.config',
      'che-azure-devops/azure-devops-oauth-config.yaml',
      'dfds-azure-devops-janitor/appsettings.json',
      'mattermost-azdo-plugin/plugin.json',
      'ms-auth-samples-webconfig/Web.config',
    ]);
  });

  it('ms-auth-samples Web.config: AuthUrl/TokenUrl endpoints, placeholder id/secret/scope, callback, vsaex profile', () => {
    expect(kindsIn('ms-auth-samples-webconfig/Web.config')).toEqual([
      '14:client-id', '15:client-secret', '16:scopes', '17:callback-url', '19:authorize-endpoint', '20:token-endpoint', '21:profile-endpoint',
    ]);
    const app = appOf('ms-auth-samples-webconfig/Web.config')!;
    expect(app).toMatchObject({ clientId: null, hasSecret: false, endpoints: { authorize: 'https://app.vssps.visualstudio.com/oauth2/authorize', token: 'https://app.vssps.visualstudio.com/oauth2/token' } });
  });

  it('AuthBot Web.config: base-only EndpointUrl, dotted ActiveDirectory.* keys; MicrosoftApp* are not reported', () => {
    expect(kindsIn('authbot-vso-webconfig/Web.config')).toEqual(['16:oauth-host', '18:scopes', '19:client-id', '20:client-secret', '21:callback-url']);
    expect(appOf('authbot-vso-webconfig/Web.config')).toMatchObject({ clientId: 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE', hasSecret: true, scopes: ['vso.work'] });
  });

  it('dfds appsettings.json: AdoClient.Issuer base URL and RedirectUri; the AzureAd section is a decoy', () => {
    expect(kindsIn('dfds-azure-devops-janitor/appsettings.json')).toEqual(['27:oauth-host', '28:callback-url']);
    expect(result.findings.some((f) => f.keyPath?.startsWith('AzureAd'))).toBe(false);
  });

  it('Mattermost plugin.json: declared app id and client secret settings', () => {
    expect(kindsIn('mattermost-azdo-plugin/plugin.json')).toEqual(['31:client-id', '37:client-secret']);
    expect(result.findings.some((f) => f.message.includes('EncryptionSecret'))).toBe(false);
  });

  it('Che Secret without tenant-id: annotation, id and secret', () => {
    expect(kindsIn('che-azure-devops/azure-devops-oauth-config.yaml')).toEqual(['12:other', '16:client-id', '17:client-secret']);
  });

  it('ALM Rangers AppSettings.config alone has no protocol evidence (its own AuthorizeUrl and bot keys are decoys)', () => {
    expect(kindsIn('alm-rangers-vsts-bot/AppSettings.config')).toEqual([]);
  });
});
