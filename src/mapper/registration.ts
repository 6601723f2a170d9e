import type { EntraSettings, Registration } from '../model/plan.js';
import { invisibleCharacters } from '../model/invisible.js';
import { adoResourceId } from './catalog.js';

/**
 * The Entra app registration to create, as a manifest excerpt, `az` commands and a Terraform block. A browser app
 * (`spa`) gets its redirect URIs on the Single-page application platform and no client secret: on the Web platform
 * the browser's cross-origin token request fails (AADSTS9002326).
 */
export function registrationArtifacts(appId: string, entra: EntraSettings, options: { spa?: boolean; displayName?: string } = {}): Registration {
  const spa = options.spa ?? false;
  const displayName = options.displayName ?? `${appId} (migrated from Azure DevOps OAuth)`;
  const permissions = entra.registeredPermissions;
  const lookups = entra.permissionsToLookUp ?? [];
  // a value with control characters cannot be shown or pasted faithfully, one scan masked exists nowhere: left out
  // (appRisks says why)
  const refused = entra.redirectUri ? valueHazard(entra.redirectUri) : null;
  const redirectUris = entra.redirectUri && /^https?:\/\//i.test(entra.redirectUri) && refused !== 'control' && refused !== 'masked' ? [entra.redirectUri] : [];
  const id = shellWord(entra.clientId);
  const azCli = [
    `az ad app create --display-name ${shellWord(displayName)} --sign-in-audience AzureADMyOrg${redirectUris.length && !spa ? ` --web-redirect-uris ${redirectUris.map(shellWord).join(' ')}` : ''}`,
    // az ad app create/update have no option for the spa platform: Microsoft Graph's application object is patched
    ...(spa && redirectUris.length ? [`${spaRedirectCommand(entra.clientId, redirectUris)}   # puts the redirect URI on the Single-page application platform (Graph: application.spa)`] : []),
    ...(permissions.length
      ? [`az ad app permission add --id ${id} --api ${adoResourceId} --api-permissions ${permissions.map((p) => shellWord(`${p.id}=Scope`)).join(' ')}`]
      : []),
    // ids ado2entra does not know are read from the Azure DevOps service principal in the tenant
    ...lookups.map((v) => `${permissionLookup(v)}   # then: az ad app permission add --id ${id} --api ${adoResourceId} --api-permissions <that id>=Scope`),
    // a single-page application is a public client: it has no secret to create
    ...(spa ? [] : [`az ad app credential reset --id ${id} --display-name ado2entra --years 1   # prints the new secret once: store it in your vault, never in config`]),
    // consent is the tenant's policy, not the scopes': every registration gets the admin-consent command
    `az ad app permission admin-consent --id ${id}   # needs a tenant admin; see the plan for when it is required`,
  ];
  const terraform = [
    `resource "azuread_application" "${appId.replace(/[^a-zA-Z0-9_]/g, '_')}" {`,
    `  display_name     = ${terraformString(displayName)}`,
    `  sign_in_audience = "AzureADMyOrg"`,
    '',
    spa ? '  single_page_application {' : '  web {',
    `    redirect_uris = [${redirectUris.map(terraformString).join(', ')}]`,
    '  }',
    '',
    // no Azure DevOps permission at all: no required_resource_access block (an empty one is invalid)
    ...(permissions.length + lookups.length ? [
      '  required_resource_access {',
      `    resource_app_id = "${adoResourceId}" # Azure DevOps`,
      ...permissions.flatMap((p) => ['', '    resource_access {', `      id   = ${terraformString(p.id)} # ${p.value.replace(/[^\w.:/-]/g, '?')}`, '      type = "Scope"', '    }']),
      ...lookups.flatMap((v) => ['', '    resource_access {', `      id   = data.azuread_service_principal.azure_devops.oauth2_permission_scope_ids[${terraformString(v)}]`, '      type = "Scope"', '    }']),
      '  }',
    ] : []),
    '}',
    '',
    ...(lookups.length ? [
      '# permission ids ado2entra does not know, read from the Azure DevOps service principal of your tenant',
      'data "azuread_service_principal" "azure_devops" {',
      `  client_id = "${adoResourceId}"`,
      '}',
      '',
    ] : []),
  ].join('\n');
  return {
    manifest: {
      requiredResourceAccess: permissions.length ? [{ resourceAppId: adoResourceId, resourceAccess: permissions.map((p) => ({ id: p.id, type: 'Scope' as const })) }] : [],
      web: { redirectUris: spa ? [] : redirectUris },
      ...(spa ? { spa: { redirectUris } } : {}),
    },
    azCli,
    terraform,
    adminConsentUrl: `https://login.microsoftonline.com/${encodeURIComponent(entra.tenant)}/v2.0/adminconsent?client_id=${encodeURIComponent(entra.clientId)}&scope=${adoResourceId}/.default${redirectUris[0] ? `&redirect_uri=${encodeURIComponent(redirectUris[0])}` : ''}`,
  };
}

/** Puts redirect URIs on the spa platform of the app registration `clientId` (Microsoft Graph, through `az rest`). */
export function spaRedirectCommand(clientId: string, redirectUris: readonly string[]): string {
  const url = `https://graph.microsoft.com/v1.0/applications(appId='${clientId}')`;
  // double quotes keep the URL's quotes and parentheses readable; only a plain id may go inside them unescaped
  const quotedUrl = /^[\w.-]+$/.test(clientId) ? `"${url}"` : shellWord(url);
  return `az rest --method PATCH --url ${quotedUrl} --headers Content-Type=application/json --body ${shellWord(JSON.stringify({ spa: { redirectUris } }))}`;
}

/** The exact command that prints the permission id of an Azure DevOps scope in the user's tenant. */
export function permissionLookup(scope: string): string {
  return `az ad sp show --id ${adoResourceId} --query "oauth2PermissionScopes[?value=='${scope.replace(/[^\w.]/g, '')}'].id"`;
}

/** One POSIX shell word: bare when it holds only characters no shell treats specially, else single-quoted. */
export function shellWord(value: string): string {
  return /^[\w./:=@%+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A Terraform string literal: quotes and backslashes escaped, `${` and `%{` never start an interpolation or directive. */
export function terraformString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\').replace(/"/g, '\\"')
    .replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')
    .replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}

/**
 * Why a value from the repository would be dangerous to paste: control characters (refused: they hide text in a
 * terminal), `***` where scan masked user info or a secret-bearing parameter (refused: no such URI exists), or
 * characters a shell or Terraform would act on (quoted, but the user is told).
 */
const invisible = new RegExp(`[${invisibleCharacters}]`);

export function valueHazard(value: string): 'control' | 'masked' | 'shell' | null {
  if (invisible.test(value)) return 'control';
  if (value.includes('***')) return 'masked';
  // `&` and `?` belong in a URL's query; these have no business in a redirect URI
  if (/[`$;|<>'"\\\s]|%\{/.test(value)) return 'shell';
  return null;
}
