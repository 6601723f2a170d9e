import type { EntraSettings, Registration } from '../model/plan.js';
import { adoResourceId } from './catalog.js';

/** The Entra app registration to create, as a manifest excerpt, `az` commands and a Terraform block. */
export function registrationArtifacts(appId: string, entra: EntraSettings, displayName = `${appId} (migrated from Azure DevOps OAuth)`): Registration {
  const permissions = entra.registeredPermissions;
  const redirectUris = entra.redirectUri && /^https?:\/\//i.test(entra.redirectUri) ? [entra.redirectUri] : [];
  const needsAdmin = permissions.some((p) => p.highPrivilege);
  const azCli = [
    `az ad app create --display-name "${displayName}" --sign-in-audience AzureADMyOrg${redirectUris.length ? ` --web-redirect-uris ${redirectUris.map((u) => `"${u}"`).join(' ')}` : ''}`,
    ...(permissions.length
      ? [`az ad app permission add --id ${entra.clientId} --api ${adoResourceId} --api-permissions ${permissions.map((p) => `${p.id}=Scope`).join(' ')}`]
      : []),
    `az ad app credential reset --id ${entra.clientId} --display-name ado2entra --years 1   # prints the new secret once: store it in your vault, never in config`,
    ...(needsAdmin ? [`az ad app permission admin-consent --id ${entra.clientId}`] : []),
  ];
  const terraform = [
    `resource "azuread_application" "${appId.replace(/[^a-zA-Z0-9_]/g, '_')}" {`,
    `  display_name     = "${displayName}"`,
    `  sign_in_audience = "AzureADMyOrg"`,
    '',
    '  web {',
    `    redirect_uris = [${redirectUris.map((u) => `"${u}"`).join(', ')}]`,
    '  }',
    '',
    '  required_resource_access {',
    `    resource_app_id = "${adoResourceId}" # Azure DevOps`,
    ...permissions.flatMap((p) => ['', '    resource_access {', `      id   = "${p.id}" # ${p.value}`, '      type = "Scope"', '    }']),
    '  }',
    '}',
    '',
  ].join('\n');
  return {
    manifest: {
      requiredResourceAccess: [{ resourceAppId: adoResourceId, resourceAccess: permissions.map((p) => ({ id: p.id, type: 'Scope' as const })) }],
      web: { redirectUris },
    },
    azCli,
    terraform,
    adminConsentUrl: needsAdmin
      ? `https://login.microsoftonline.com/${entra.tenant}/v2.0/adminconsent?client_id=${entra.clientId}&scope=${adoResourceId}/.default${redirectUris[0] ? `&redirect_uri=${encodeURIComponent(redirectUris[0])}` : ''}`
      : null,
  };
}
