// Every validation rule, in id order. Adding a rule: one module beside this file, one line here, `npm run docs`.
import bareVsoScope from './bare-vso-scope.js';
import clientCredentialsScope from './client-credentials-scope.js';
import defaultMixed from './default-mixed.js';
import highPrivilegeScope from './high-privilege-scope.js';
import insecureRedirect from './insecure-redirect.js';
import legacyApp from './legacy-app.js';
import legacyEndpoint from './legacy-endpoint.js';
import legacyJwtBearerGrant from './legacy-jwt-bearer-grant.js';
import legacyRefreshAssertion from './legacy-refresh-assertion.js';
import legacyResponseType from './legacy-response-type.js';
import legacySecretJwt from './legacy-secret-jwt.js';
import missingOfflineAccess from './missing-offline-access.js';
import msaAuthority from './msa-authority.js';
import notChecked from './not-checked.js';
import plaintextSecret from './plaintext-secret.js';
import redundantScope from './redundant-scope.js';
import tenantPlaceholder from './tenant-placeholder.js';
import type { Rule } from './types.js';
import unknownScope from './unknown-scope.js';
import v1Endpoint from './v1-endpoint.js';
import wrongResource from './wrong-resource.js';

export const rules: readonly Rule[] = [
  legacyEndpoint, legacyResponseType, legacyJwtBearerGrant, legacyRefreshAssertion, legacySecretJwt, plaintextSecret, legacyApp,
  bareVsoScope, unknownScope, defaultMixed, missingOfflineAccess, wrongResource, msaAuthority, redundantScope,
  highPrivilegeScope, clientCredentialsScope, insecureRedirect, tenantPlaceholder, v1Endpoint, notChecked,
];
