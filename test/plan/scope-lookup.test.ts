// Issue 12 class 9: every legacy scope has an Entra form; an unknown permission id is a lookup, never "cannot register".
import { describe, expect, it } from 'vitest';
import { planFor } from '../support/plan-helpers.js';
import { tree } from '../support/tree.js';

const ado = '499b84ac-1321-427f-aa17-267ca6975798';
const app = (scopes: string) => tree({ '.env': `VSTS_APP_ID=5a1f0c3e-2b4d-4e6f-8a9b-0c1d2e3f4a5b\nVSTS_SCOPES=${scopes}\nAUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\n` });

describe('scopes whose permission id ado2entra does not know', () => {
  const plan = planFor(app('vso.code vso.settings'), { scopeStyle: 'explicit' });
  const [entry] = plan.apps;

  it('print the Entra form and are requested in the explicit style', () => {
    expect(entry!.scopeMapping.find((r) => r.legacy === 'vso.settings')).toMatchObject({ entra: `${ado}/vso.settings`, permissionId: null, status: 'kept' });
    expect(entry!.entra.scopes).toContain(`${ado}/vso.settings`);
    expect(entry!.entra.permissionsToLookUp).toEqual(['vso.settings']);
  });

  it('become a lookup with the exact az command, not an error', () => {
    const command = `az ad sp show --id ${ado} --query "oauth2PermissionScopes[?value=='vso.settings'].id"`;
    expect(plan.manualSteps.some((s) => s.includes(command))).toBe(true);
    expect(entry!.registration.azCli.some((c) => c.startsWith(command))).toBe(true);
    const risk = plan.risks.find((r) => r.ruleId === 'A2E312')!;
    expect(risk.severity).toBe('warning');
    expect(risk.message).toContain(command);
    expect(JSON.stringify(plan)).not.toContain('cannot be registered');
  });

  it('are read from the service principal in Terraform', () => {
    const tf = entry!.registration.terraform;
    expect(tf).toContain('id   = data.azuread_service_principal.azure_devops.oauth2_permission_scope_ids["vso.settings"]');
    expect(tf).toContain(`data "azuread_service_principal" "azure_devops" {\n  client_id = "${ado}"\n}`);
    expect(tf).toContain('# vso.code');
  });
});

describe('vso.authorization_grant and retired-only scope sets', () => {
  it('vso.authorization_grant is dropped with a note', () => {
    const plan = planFor(app('vso.work vso.authorization_grant'));
    const notes = plan.risks.filter((r) => r.message.includes('vso.authorization_grant'));
    expect(notes.map((r) => r.severity)).toEqual(['note']);
    expect(notes[0]!.message).toContain('dropped');
    expect(plan.apps[0]!.entra.registeredPermissions.map((p) => p.value)).toEqual(['vso.work']);
  });

  it('only retired scopes still give a valid registration: vso.profile, never an empty block', () => {
    const plan = planFor(app('vso.chat_manage vso.loadtest'));
    const reg = plan.apps[0]!.registration;
    expect(plan.apps[0]!.entra.registeredPermissions.map((p) => p.value)).toEqual(['vso.profile']);
    expect(reg.terraform).not.toMatch(/required_resource_access \{\s*resource_app_id = "[^"]+" # Azure DevOps\s*\}/);
    expect(reg.manifest.requiredResourceAccess.every((r) => r.resourceAccess.length > 0)).toBe(true);
    expect(plan.risks.some((r) => r.ruleId === 'A2E308' && r.message.includes('vso.chat_manage, vso.loadtest are dropped'))).toBe(true);
  });

  it('an unknown scope names AADSTS650053 and the lookup in case it exists', () => {
    const plan = planFor(app('vso.code vso.codee_write'));
    const risk = plan.risks.find((r) => r.message.includes('vso.codee_write'))!;
    expect(risk.severity).toBe('error');
    expect(risk.message).toContain('AADSTS650053');
    expect(risk.message).toContain("oauth2PermissionScopes[?value=='vso.codee_write'].id");
    expect(plan.apps[0]!.scopeMapping.find((r) => r.legacy === 'vso.codee_write')!.entra).toBe(`${ado}/vso.codee_write`);
  });
});
