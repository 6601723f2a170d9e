// Source code is never rewritten (SPEC §4): each legacy code site gets the replacement pattern for its language.
import type { Signal } from '../detect/signal.js';
import type { CodeSite } from '../model/plan.js';

type Step = 'authorize' | 'token' | 'refresh' | 'scopes' | 'secret' | 'client-id' | 'profile' | 'app-only';
type Language = 'javascript' | 'csharp' | 'python' | 'java' | 'go' | 'other';

const stepOfKind: Partial<Record<Signal['kind'], Step>> = {
  'authorize-endpoint': 'authorize', 'response-type': 'authorize', 'oauth-host': 'authorize',
  'token-endpoint': 'token', 'jwt-bearer-grant': 'token', other: 'token',
  'refresh-assertion': 'refresh', scopes: 'scopes', 'client-secret': 'secret', 'legacy-secret-value': 'secret',
  'client-id': 'client-id', 'profile-endpoint': 'profile',
};

export function languageOf(file: string): Language {
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase() ?? '';
  if (['js', 'mjs', 'cjs', 'ts', 'mts', 'cts', 'jsx', 'tsx'].includes(ext)) return 'javascript';
  if (['cs', 'fs', 'vb', 'cshtml'].includes(ext)) return 'csharp';
  if (ext === 'py') return 'python';
  if (['java', 'kt', 'scala', 'groovy'].includes(ext)) return 'java';
  if (ext === 'go') return 'go';
  return 'other';
}

const patterns: Record<Language, Record<Step, string>> = {
  javascript: {
    authorize: '@azure/msal-node ConfidentialClientApplication: const { verifier, challenge } = await new CryptoProvider().generatePkceCodes(); cca.getAuthCodeUrl({ scopes, redirectUri, codeChallenge: challenge, codeChallengeMethod: "S256" })',
    token: 'cca.acquireTokenByCode({ code, scopes, redirectUri, codeVerifier: verifier }) replaces the jwt-bearer POST',
    refresh: 'cca.acquireTokenSilent({ account, scopes }) with a persistent cachePlugin replaces the assertion refresh',
    scopes: 'scopes: ["499b84ac-1321-427f-aa17-267ca6975798/.default", "offline_access"] (MSAL adds openid/profile)',
    secret: 'auth: { clientId, authority, clientSecret: process.env.ENTRA_CLIENT_SECRET } (or clientCertificate); never a literal',
    'client-id': 'auth.clientId = the Entra application id; auth.authority = https://login.microsoftonline.com/<tenant>',
    profile: 'GET https://app.vssps.visualstudio.com/_apis/profile/profiles/me?api-version=7.1 with the Entra access token',
    'app-only': '@azure/identity: new ClientSecretCredential(tenantId, clientId, secret).getToken("499b84ac-1321-427f-aa17-267ca6975798/.default")',
  },
  csharp: {
    authorize: 'MSAL.NET: ConfidentialClientApplicationBuilder.Create(clientId).WithAuthority(authority).WithClientSecret(secret).Build(); app.GetAuthorizationRequestUrl(scopes).WithRedirectUri(uri).WithPkce(out var verifier) (or Microsoft.Identity.Web AddMicrosoftIdentityWebApp)',
    token: 'app.AcquireTokenByAuthorizationCode(scopes, code).WithPkceCodeVerifier(verifier).ExecuteAsync()',
    refresh: 'app.AcquireTokenSilent(scopes, account).ExecuteAsync() with a token cache serializer',
    scopes: 'new[] { "499b84ac-1321-427f-aa17-267ca6975798/.default" } (offline_access is implied by MSAL.NET)',
    secret: 'WithClientSecret(configuration["Entra:ClientSecret"]) from user-secrets or Key Vault, or WithCertificate(cert)',
    'client-id': 'ConfidentialClientApplicationBuilder.Create(<entra client id>).WithTenantId(<tenant>)',
    profile: 'GET https://app.vssps.visualstudio.com/_apis/profile/profiles/me?api-version=7.1 with the Entra access token',
    'app-only': 'Azure.Identity: new ClientSecretCredential(tenantId, clientId, secret).GetTokenAsync(new TokenRequestContext(new[] { "499b84ac-1321-427f-aa17-267ca6975798/.default" }))',
  },
  python: {
    authorize: 'msal.ConfidentialClientApplication(client_id, authority=authority, client_credential=secret); flow = app.initiate_auth_code_flow(scopes, redirect_uri=uri) (PKCE built in)',
    token: 'app.acquire_token_by_auth_code_flow(flow, request.args) replaces the jwt-bearer POST',
    refresh: 'app.acquire_token_silent(scopes, account=account) with a SerializableTokenCache',
    scopes: 'scopes=["499b84ac-1321-427f-aa17-267ca6975798/.default"] (MSAL Python adds offline_access)',
    secret: 'client_credential=os.environ["ENTRA_CLIENT_SECRET"] (or a certificate dict); never a literal',
    'client-id': 'msal.ConfidentialClientApplication(<entra client id>, authority="https://login.microsoftonline.com/<tenant>")',
    profile: 'GET https://app.vssps.visualstudio.com/_apis/profile/profiles/me?api-version=7.1 with the Entra access token',
    'app-only': 'azure.identity.ClientSecretCredential(tenant_id, client_id, secret).get_token("499b84ac-1321-427f-aa17-267ca6975798/.default")',
  },
  java: {
    authorize: 'MSAL4J: ConfidentialClientApplication.builder(clientId, ClientCredentialFactory.createFromSecret(secret)).authority(authority).build(); app.getAuthorizationRequestUrl(AuthorizationRequestUrlParameters.builder(redirectUri, scopes).codeChallenge(challenge).codeChallengeMethod("S256").build())',
    token: 'app.acquireToken(AuthorizationCodeParameters.builder(code, redirectUri).scopes(scopes).codeVerifier(verifier).build())',
    refresh: 'app.acquireTokenSilently(SilentParameters.builder(scopes, account).build()) with an ITokenCacheAccessAspect',
    scopes: 'Set.of("499b84ac-1321-427f-aa17-267ca6975798/.default")',
    secret: 'ClientCredentialFactory.createFromSecret(System.getenv("ENTRA_CLIENT_SECRET")) or createFromCertificate(key, cert)',
    'client-id': 'ConfidentialClientApplication.builder(<entra client id>, credential).authority("https://login.microsoftonline.com/<tenant>/")',
    profile: 'GET https://app.vssps.visualstudio.com/_apis/profile/profiles/me?api-version=7.1 with the Entra access token',
    'app-only': 'azure-identity: new ClientSecretCredentialBuilder().tenantId(t).clientId(c).clientSecret(s).build().getToken(new TokenRequestContext().addScopes("499b84ac-1321-427f-aa17-267ca6975798/.default"))',
  },
  go: {
    authorize: 'MSAL Go (apps/confidential): client, _ := confidential.New(authority, clientID, cred); client.AuthCodeURL(ctx, clientID, redirectURI, scopes) — or golang.org/x/oauth2 with endpoints.AzureAD(tenant), oauth2.GenerateVerifier() and oauth2.S256ChallengeOption(verifier)',
    token: 'client.AcquireTokenByAuthCode(ctx, code, redirectURI, scopes) (x/oauth2: conf.Exchange(ctx, code, oauth2.VerifierOption(verifier)))',
    refresh: 'client.AcquireTokenSilent(ctx, scopes, confidential.WithSilentAccount(account)) (x/oauth2: conf.TokenSource refreshes with refresh_token)',
    scopes: '[]string{"499b84ac-1321-427f-aa17-267ca6975798/.default", "offline_access"}',
    secret: 'confidential.NewCredFromSecret(os.Getenv("ENTRA_CLIENT_SECRET")) or NewCredFromCert',
    'client-id': 'confidential.New("https://login.microsoftonline.com/<tenant>", <entra client id>, cred)',
    profile: 'GET https://app.vssps.visualstudio.com/_apis/profile/profiles/me?api-version=7.1 with the Entra access token',
    'app-only': 'azidentity.NewClientSecretCredential(tenantID, clientID, secret, nil); cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{"499b84ac-1321-427f-aa17-267ca6975798/.default"}})',
  },
  other: {
    authorize: 'authorize at https://login.microsoftonline.com/<tenant>/oauth2/v2.0/authorize with response_type=code, code_challenge=<S256 of a random verifier>, code_challenge_method=S256',
    token: 'POST https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token: grant_type=authorization_code, code, code_verifier, redirect_uri, client_id, client_secret',
    refresh: 'POST …/oauth2/v2.0/token: grant_type=refresh_token, refresh_token (not assertion), client_id, client_secret; request offline_access',
    scopes: 'scope=499b84ac-1321-427f-aa17-267ca6975798/.default offline_access',
    secret: 'read the Entra client secret from the environment or a vault; never a literal',
    'client-id': 'client_id=<entra client id>, tenant in the authority URL',
    profile: 'GET https://app.vssps.visualstudio.com/_apis/profile/profiles/me?api-version=7.1 with the Entra access token',
    'app-only': 'POST …/oauth2/v2.0/token: grant_type=client_credentials, scope=499b84ac-1321-427f-aa17-267ca6975798/.default, client_id, client_secret',
  },
};

const entraScopes = '499b84ac-1321-427f-aa17-267ca6975798/.default offline_access';

/** Browser code: a SPA registration, @azure/msal-browser, no secret anywhere. */
const spa: Record<Step, string> = {
  authorize: '@azure/msal-browser: new PublicClientApplication({ auth: { clientId, authority: "https://login.microsoftonline.com/<tenant>", redirectUri } }); await pca.loginRedirect({ scopes: ["499b84ac-1321-427f-aa17-267ca6975798/.default"] }) (auth code + PKCE, no secret); register the redirect URI under the Single-page application platform',
  token: 'no token request in browser code: msal-browser redeems the code itself (handleRedirectPromise) with PKCE and no secret',
  refresh: 'pca.acquireTokenSilent({ account, scopes }) renews tokens in the browser; no refresh token handling in app code',
  scopes: 'scopes: ["499b84ac-1321-427f-aa17-267ca6975798/.default"] (msal-browser adds openid, profile, offline_access)',
  secret: 'BLOCKER: no secret in browser code, ever: delete it, revoke it, and let msal-browser use PKCE (a SPA has no client secret)',
  'client-id': 'auth.clientId = the Entra application id (public: a SPA client id is not a secret); auth.authority = https://login.microsoftonline.com/<tenant>',
  profile: 'GET https://app.vssps.visualstudio.com/_apis/profile/profiles/me?api-version=7.1 with the token from acquireTokenSilent',
  'app-only': 'no app-only token in a browser: call a backend that holds the credential',
};

/** Apps built on a provider library: the provider or version that speaks Entra, configured for Azure DevOps. */
const libraryAdvice: Record<string, string> = {
  'next-auth': `Auth.js/NextAuth: the azure-devops provider speaks only the legacy flow (deprecated); use MicrosoftEntraID from "next-auth/providers/microsoft-entra-id" (or @auth/core/providers/microsoft-entra-id) with issuer https://login.microsoftonline.com/<tenant>/v2.0 and authorization: { params: { scope: "openid profile email ${entraScopes}" } }`,
  passport: `passport: the vso/OAuth2Strategy set-up speaks the legacy flow; sign in with @azure/msal-node (getAuthCodeUrl/acquireTokenByCode, PKCE) or an OpenID Connect strategy against https://login.microsoftonline.com/<tenant>/v2.0, scope "openid profile ${entraScopes}"; drop the custom token exchange`,
  omniauth: `OmniAuth: replace the legacy strategy with the omniauth-entra-id gem (provider :entra_id, client_id:, client_secret:, tenant_id:, scope: "openid profile ${entraScopes}"); drop the custom token exchange`,
  'social-auth': `python-social-auth: use social_core.backends.azuread_tenant.AzureADV2TenantOAuth2 (SOCIAL_AUTH_AZUREAD_V2_TENANT_OAUTH2_KEY / _SECRET / _TENANT_ID) with scope ["${entraScopes.split(' ').join('", "')}"], or MSAL Python; drop the custom backend's jwt-bearer exchange`,
  aspnet: 'ASP.NET Core: replace the OAuthHandler / VisualStudio provider with Microsoft.Identity.Web: services.AddAuthentication(OpenIdConnectDefaults.AuthenticationScheme).AddMicrosoftIdentityWebApp(config.GetSection("AzureAd")).EnableTokenAcquisitionToCallDownstreamApi(new[] { "499b84ac-1321-427f-aa17-267ca6975798/.default" }); no ExchangeCodeAsync override',
  'google-oauth-client': 'google-oauth-client: drop the AuthorizationCodeFlow subclass that sends assertion/client_assertion; a plain AuthorizationCodeFlow with the Entra endpoints, client secret authentication and PKCE works, or use MSAL4J (ConfidentialClientApplication)',
  ktor: `Ktor OAuth2ServerSettings: authorizeUrl = "https://login.microsoftonline.com/<tenant>/oauth2/v2.0/authorize", accessTokenUrl = "https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token", defaultScopes = listOf(${entraScopes.split(' ').map((x) => `"${x}"`).join(', ')}), no extra response_type`,
};

/**
 * A browser app (single-page application): its legacy OAuth code all runs in the browser. An app with code on a
 * server too keeps the Web platform: the server redeems the codes, with its secret.
 */
export function isBrowserApp(signals: readonly Signal[]): boolean {
  const code = signals.filter((s) => s.origin === 'code' && !s.reference && !s.setting.inComment);
  return code.length > 0 && code.every((s) => s.browser);
}

/** Each legacy code site of an app with the replacement pattern for its language. */
export function codeSites(signals: readonly Signal[]): CodeSite[] {
  const interactive = signals.some((s) => s.kind === 'callback-url' || s.kind === 'authorize-endpoint' || s.kind === 'response-type' || s.browser || s.providerPackage);
  const seen = new Set<string>();
  const out: CodeSite[] = [];
  for (const s of signals) {
    if (s.origin !== 'code' || s.reference || s.setting.inComment) continue;
    let step = s.providerPackage ? 'authorize' : stepOfKind[s.kind];
    if (!step) continue;
    // a refresh is always on behalf of a user: never the app-only answer
    if (!interactive && step === 'token') step = 'app-only';
    const key = `${s.file}:${s.setting.line}:${step}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const language = languageOf(s.file);
    out.push({ file: s.file, line: s.setting.line, column: s.setting.column, kind: s.kind, language, replacement: replacementFor(s, language, step) });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** The advice that fits the site: the browser gets the SPA answer, a provider library its Entra successor. */
function replacementFor(s: Signal, language: Language, step: Step): string {
  if (s.browser && (language === 'javascript' || language === 'other')) return spa[step];
  const library = s.library ? libraryAdvice[s.library] : undefined;
  if (library && (step === 'authorize' || step === 'token' || step === 'client-id')) return library;
  return patterns[language][step];
}
