// Issue 12 class 6: the web UI that starts the sign-in and the backend that redeems the code are one legacy
// registration (one App ID), so one app; two App IDs stay two apps.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { literalAppId } from '../../src/detect/app-id-join.js';
import { scan } from '../../src/detect/scan.js';
import { repoRoot } from '../support/golden.js';
import { tree } from '../support/tree.js';

const fixture = join(repoRoot, 'fixtures', 'web-and-api');
const appId = '7c1e9d42-5b3a-4f8e-a61d-2e90c4b7d315';

const web = (id: string) => ({
  'web/package.json': '{ "name": "web", "dependencies": { "react": "18.3.1" } }\n',
  'web/src/signIn.js': `export const appId = '${id}';\nexport const signIn = () => window.location.assign(\`https://app.vssps.visualstudio.com/oauth2/authorize?client_id=\${appId}&response_type=Assertion&scope=vso.work\`);\n`,
});
const api = (id: string) => ({
  'api/package.json': '{ "name": "api", "dependencies": { "express": "4.21.2" } }\n',
  'api/config.json': `{ "vsts": { "clientId": "${id}", "tokenUrl": "https://app.vssps.visualstudio.com/oauth2/token" } }\n`,
});

describe('one App ID in two projects of a repository is one app', () => {
  it('the web UI and its backend (fixtures/web-and-api) are one app holding both', () => {
    const { apps } = scan(fixture);
    expect(apps).toHaveLength(1);
    expect(apps[0]!.clientId).toBe(appId);
    expect(apps[0]!.files).toEqual(expect.arrayContaining(['api/config.json', 'api/src/server.js', 'web/src/boardsConfig.js', 'web/src/SignInButton.jsx']));
  });

  it('scanning web/ alone still finds its app', () => {
    const { apps } = scan(join(fixture, 'web'));
    expect(apps).toHaveLength(1);
    expect(apps[0]!.clientId).toBe(appId);
    expect(apps[0]!.files).toEqual(['src/boardsConfig.js', 'src/SignInButton.jsx']);
  });

  it('the same shape with two different App IDs stays two apps', () => {
    const { apps } = scan(tree({ ...web('3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0'), ...api('4a1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d') }));
    expect(apps.map((a) => a.clientId).sort()).toEqual(['3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0', '4a1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d']);
  });

  it('the same shape with one App ID, written in another case, is one app', () => {
    const { apps } = scan(tree({ ...web('3F2E1D0C-4B5A-4968-8776-A5B4C3D2E1F0'), ...api('3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0') }));
    expect(apps).toHaveLength(1);
    expect([...apps[0]!.files].sort()).toEqual(['api/config.json', 'web/src/signIn.js']);
  });

  it('a placeholder App ID (all zeros) joins nothing', () => {
    const zeros = '00000000-0000-0000-0000-000000000000';
    expect(scan(tree({ ...web(zeros), ...api(zeros) })).apps).toHaveLength(2);
  });

  it('a settings file without protocol evidence is not pulled into an app by its App ID alone', () => {
    const id = '3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0';
    const bot = { 'bot/appsettings.json': `{ "Vsts": { "ClientId": "${id}", "AuthorizeUrl": "https://example.org/authorize" } }\n` };
    const { apps } = scan(tree({ ...api(id), ...bot }));
    expect(apps.flatMap((a) => a.files)).toEqual(['api/config.json']);
  });
});

describe('literalAppId', () => {
  it('reads a GUID, braced or not, and refuses placeholders', () => {
    expect(literalAppId(` {${appId.toUpperCase()}} `)).toBe(appId);
    expect(literalAppId('00000000-0000-0000-0000-000000000000')).toBeNull();
    expect(literalAppId('ffffffff-ffff-ffff-ffff-ffffffffffff')).toBeNull();
    expect(literalAppId('AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE')).toBeNull();
    expect(literalAppId('12345678-1234-1234-1234-123456789012')).toBeNull();
    expect(literalAppId('11111111-2222-3333-4444-555555555555')).toBeNull();
    expect(literalAppId('<Azure_DevOps_App_ID>')).toBeNull();
    expect(literalAppId('${VSTS_APP_ID}')).toBeNull();
    expect(literalAppId(undefined)).toBeNull();
  });
});
