// Issue 12 class 6: app ids come from the path from the repository root, whatever folder the scan starts from.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/detect/scan.js';
import { tree } from '../support/tree.js';

const service = {
  '.env': 'VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\nVSTS_CLIENT_ID=3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0\n',
  'settings.py': "VISUALSTUDIO_TOKEN_URL = 'https://app.vssps.visualstudio.com/oauth2/token'\nVISUALSTUDIO_CLIENT_ID = '4f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0'\n",
};
const prefixed = (prefix: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([f, t]) => [`${prefix}/${f}`, t]));

describe('app ids are stable from the repository root', () => {
  it('scanning the repository, a folder or the service itself names the apps the same', () => {
    const root = tree({ '.git/HEAD': 'ref: refs/heads/main\n', ...prefixed('services/boards', service) });
    const ids = (dir: string) => scan(dir).apps.map((a) => a.id).sort();
    const fromRoot = ids(root);
    expect(fromRoot).toEqual(['boards-env--vsts']);
    expect(ids(join(root, 'services'))).toEqual(fromRoot);
    expect(ids(join(root, 'services', 'boards'))).toEqual(fromRoot);
  });

  it('outside a repository the scanned folder is the root', () => {
    expect(scan(tree(service)).apps.map((a) => a.id).sort()).toEqual(['env--vsts']);
  });
});
