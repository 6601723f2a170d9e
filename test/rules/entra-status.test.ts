import { describe, expect, it } from 'vitest';
import { scanWithEvidence } from '../../src/detect/scan.js';
import { entraStatusOf } from '../../src/rules/entra-status.js';
import { validate } from '../../src/rules/run.js';
import { parseIgnoreFile, type IgnoreFile } from '../../src/rules/suppress.js';
import { tree } from '../support/tree.js';

const config = (clientId: string, scopes: string, authority = 'https://login.microsoftonline.com/', comment = '') => `{
  "AzureAd": { "Instance": "${authority}", "TenantId": "72f988bf-0000-4000-8000-000000000000", "ClientId": "${clientId}" },
  "AzureDevOps": {
    "Organization": "https://dev.azure.com/fabrikam",${comment ? `\n    // ${comment}` : ''}
    "Scopes": "${scopes}"
  }
}
`;
const id = (n: number) => `${n}${n}${n}${n}${n}${n}${n}${n}-4444-4555-8666-777777777777`;
const good = '499b84ac-1321-427f-aa17-267ca6975798/.default';

// scan's own status path must give what validate gives (failOn error, no --ignore, no baseline)
describe('entraStatusOf: the Entra apps status of validate, without validate', () => {
  const dir = tree({
    'legacy/.env': 'VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\nVSTS_CLIENT_ID=0d2e4f6a-8b1c-4d3e-9f5a-7b9c1d3e5f7a\n',
    'good/appsettings.json': config(id(1), good),
    // A2E010 (bare vso.* scope) is an error
    'bare/appsettings.json': config(id(2), 'vso.code'),
    // a warning (A2E015, a /common authority) does not break an app
    'common/appsettings.json': config(id(3), good, 'https://login.microsoftonline.com/common/'),
    'inline/appsettings.json': config(id(4), 'vso.code', undefined, 'ado2entra-ignore-next-line A2E010'),
    'inline-other/appsettings.json': config(id(5), 'vso.code', undefined, 'ado2entra-ignore-next-line A2E011'),
    'paths/appsettings.json': config(id(6), 'vso.code'),
    'ruled/appsettings.json': config(id(7), 'vso.code'),
  });
  const evidence = scanWithEvidence(dir);
  const statuses = (ignoreFile: IgnoreFile | null) => {
    const mine = entraStatusOf(evidence, ignoreFile);
    expect(mine).toEqual(validate(evidence, { failOn: 'error', ignore: [], ignoreFile, baseline: null }).entraApps);
    return Object.fromEntries(mine!.map((a) => [a.files[0]!.split('/')[0], a.status]));
  };

  it('broken for an error in the app, not for a warning; an inline comment for that rule accepts it', () => {
    expect(evidence.result.entraApps).toHaveLength(7);
    expect(statuses(null)).toEqual({
      good: 'migrated', bare: 'broken', common: 'migrated', inline: 'migrated', 'inline-other': 'broken', paths: 'broken', ruled: 'broken',
    });
  });

  it('.ado2entraignore paths, for every rule or for one', () => {
    expect(statuses(parseIgnoreFile('paths/\nA2E010 ruled/appsettings.json\nA2E011 bare/\n'))).toEqual({
      good: 'migrated', bare: 'broken', common: 'migrated', inline: 'migrated', 'inline-other': 'broken', paths: 'migrated', ruled: 'migrated',
    });
  });

  it('leaves an ignore file with fingerprints to validate', () => {
    const fingerprint = validate(evidence, { failOn: 'error', ignore: [], ignoreFile: null, baseline: null }).findings.find((f) => f.file === 'bare/appsettings.json')!.fingerprint;
    expect(entraStatusOf(evidence, parseIgnoreFile(`${fingerprint}\n`))).toBeNull();
  });
});
