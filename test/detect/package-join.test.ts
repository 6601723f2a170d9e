// Issue 12 class 6: code files of one source package with protocol evidence and no config or App ID of their own
// are one app (fixtures/java-boards-alerts was split in two: the authorize URL builder and the code flow).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/detect/scan.js';
import { repoRoot } from '../support/golden.js';
import { tree } from '../support/tree.js';

const pkg = 'src/main/java/com/contoso/boards/oauth';
const authorize = 'class Authorize { static final String URL = "https://app.vssps.visualstudio.com/oauth2/authorize?response_type=Assertion"; }\n';
const redeem = 'class Redeem { static final String TOKEN_URL = "https://app.vssps.visualstudio.com/oauth2/token"; }\n';

describe('one source package is one app', () => {
  it('java-boards-alerts: the authorize URL builder and the code flow of one package are one app', () => {
    const { apps } = scan(join(repoRoot, 'fixtures', 'java-boards-alerts'));
    expect(apps).toHaveLength(1);
    expect(apps[0]!.files.map((f) => f.split('/').pop())).toEqual(['BoardsAuthorizeUrl.java', 'BoardsCodeFlow.java', 'BoardsOAuthFields.java', 'BoardsScope.java']);
  });

  it('two code files of one folder join; the same files in two folders stay two apps', () => {
    expect(scan(tree({ [`${pkg}/Authorize.java`]: authorize, [`${pkg}/Redeem.java`]: redeem })).apps).toHaveLength(1);
    expect(scan(tree({ 'alerts/Authorize.java': authorize, 'sync/Redeem.java': redeem })).apps).toHaveLength(2);
  });

  it('code files of one folder stating two App IDs stay two apps', () => {
    const withId = (cls: string, id: string, body: string) => body.replace(`class ${cls} {`, `class ${cls} { static final String CLIENT_ID = "${id}";`);
    const { apps } = scan(tree({
      [`${pkg}/Authorize.java`]: withId('Authorize', '3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0', authorize),
      [`${pkg}/Redeem.java`]: withId('Redeem', '4a1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', redeem),
    }));
    expect(apps.map((a) => a.clientId).sort()).toEqual(['3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0', '4a1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d']);
  });
});
