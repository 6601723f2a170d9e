// Issue 12 class 7: a placeholder is where the setting lives; the plan writes the new value (or a reference) there.
import { describe, expect, it } from 'vitest';
import { indirection, isPlaceholder } from '../../src/detect/values.js';
import { clientId, planFor } from '../support/plan-helpers.js';
import { tree } from '../support/tree.js';

const endpoints = 'AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\nTOKEN_URL=https://app.vssps.visualstudio.com/oauth2/token\n';

describe('placeholders', () => {
  it.each([
    '{insert client app ID here}', '<Azure_DevOps_App_ID>', '${VAR}', '%VAR%', '$(VAR)', '#{VAR}#', '${{ secrets.VAR }}',
  ])('%s is recognised as a stand-in', (value) => expect(isPlaceholder(value) || indirection(value) !== null).toBe(true));

  it.each(['${VAR}', '%VAR%', '$(VAR)', '#{VAR}#', '${{ secrets.VAR }}'])('%s names the variable VAR', (value) => {
    expect(indirection(value)).toBe('VAR');
  });

  it.each([
    ['{insert client app ID here}'],
    ['<Azure_DevOps_App_ID>'],
  ])('a client id written as %s gets the new client id on that line', (stand) => {
    const dir = tree({ '.env': `VSTS_APP_ID=${stand}\n${endpoints}` });
    const edit = planFor(dir).edits[0]!;
    expect(edit.diff).toContain(`-VSTS_APP_ID=${stand}`);
    expect(edit.diff).toContain(`+VSTS_APP_ID=${clientId}`);
  });

  it.each(['${VSTS_APP_ID_VALUE}', '$(VstsAppId)', '#{VstsAppId}#', '%VSTS_APP%'])('a client id written as the reference %s is left for where the variable is defined', (ref) => {
    const dir = tree({ '.env': `VSTS_APP_ID=${ref}\n${endpoints}` });
    const plan = planFor(dir);
    expect(plan.edits[0]?.diff ?? '').not.toContain(`-VSTS_APP_ID=`);
    expect(JSON.stringify(plan)).toContain(`set it to ${clientId} where`);
  });

  it('a scope list placeholder gets the Entra scopes', () => {
    const dir = tree({ 'Web.config': `<configuration><appSettings>\n  <add key="ClientAppId" value="5a1f0c3e-2b4d-4e6f-8a9b-0c1d2e3f4a5b" />\n  <add key="Scope" value="{insert space-separated scope list here}" />\n  <add key="AuthUrl" value="https://app.vssps.visualstudio.com/oauth2/authorize" />\n</appSettings></configuration>\n` });
    const diff = planFor(dir).edits[0]!.diff;
    expect(diff).toContain('+  <add key="Scope" value="499b84ac-1321-427f-aa17-267ca6975798/.default offline_access" />');
  });

  it('a secret placeholder gets the --secret-ref reference, and without one is a manual step', () => {
    const files = { '.env': `VSTS_APP_ID=5a1f0c3e-2b4d-4e6f-8a9b-0c1d2e3f4a5b\nVSTS_CLIENT_SECRET={insert client secret here}\n${endpoints}` };
    const withRef = planFor(tree(files), { secretRef: '${ENTRA_CLIENT_SECRET}' }).edits[0]!.diff;
    expect(withRef).toMatch(/^\+VSTS_CLIENT_SECRET=.*\{ENTRA_CLIENT_SECRET\}/m);
    const without = planFor(tree(files));
    expect(without.edits[0]!.diff).not.toContain('-VSTS_CLIENT_SECRET');
    expect(JSON.stringify(without)).toContain('the legacy client secret is a placeholder here');
  });
});
