// Recall on shapes seen in real repositories (issue 12 classes 3, 4, 7, 13): each case would be missed by the old code.
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/detect/scan.js';
import { legacySecretJwt } from '../../src/detect/values.js';
import { source } from '../../src/parsers/source.js';
import { tree } from '../support/tree.js';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A fake legacy client secret (never a real one): RS256 header with x5t, the legacy claims, a dummy signature. */
export function fakeLegacySecret(iss = 'app.vstoken.visualstudio.com'): string {
  return `${b64({ typ: 'JWT', alg: 'RS256', x5t: 'ZmFrZQ' })}.${b64({ cid: '5a1f0c3e-2b4d-4e6f-8a9b-0c1d2e3f4a5b', csi: '0d1f7a9c-5b2e-4c3d-8e6f-1a2b3c4d5e6f', nameid: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', iss, aud: iss, nbf: 1600000000, exp: 1900000000 })}.ZmFrZXNpZ25hdHVyZQ`;
}

const kinds = (dir: string) => scan(dir).findings.map((f) => `${f.file}:${f.line} ${f.kind}`);

describe('every text file gets the literal and URL signals (class 13)', () => {
  it.each([
    ['lib/oauth.ex', '@authorize_url "https://app.vssps.visualstudio.com/oauth2/authorize"\n# "https://example.test/oauth2/token"\n'],
    ['src/oauth.rs', 'const AUTHORIZE: &str = r#"https://app.vssps.visualstudio.com/oauth2/authorize"#;\n'],
    ['gateway/auth.lua', 'local url = [[https://app.vssps.visualstudio.com/oauth2/authorize]]\n--[[ "https://example.test/oauth2/token" ]]\n'],
    ['Sources/Auth.swift', 'let authorize = "https://app.vssps.visualstudio.com/oauth2/authorize"\n'],
    ['src/auth.clj', '(def authorize "https://app.vssps.visualstudio.com/oauth2/authorize")\n'],
  ])('%s', (file, text) => {
    const found = kinds(tree({ [file]: text }));
    expect(found).toEqual([`${file}:1 authorize-endpoint`]);
  });

  it('comments and raw strings end where the language says', () => {
    const settings = source.parse('-- a comment "not a string\nlocal x = "vso.code" -- tail\nlocal y = [==[ a ]] b ]==]\n', 'x.lua').settings;
    expect(settings.map((s) => [s.value.trim(), !!s.inComment])).toEqual([['a comment "not a string', true], ['vso.code', false], ['tail', true], ['a ]] b', false]]);
    const rust = source.parse('let t = r##"say "hi" # "##; // done\n', 'a.rs').settings;
    expect(rust.map((s) => s.value)).toEqual(['say "hi" # ', ' done']);
  });
});

describe('committed legacy secrets (class 3)', () => {
  it('knows both legacy issuers, and nothing else', () => {
    expect(legacySecretJwt(fakeLegacySecret())?.issuer).toBe('app.vstoken.visualstudio.com');
    expect(legacySecretJwt(fakeLegacySecret('app.vssps.visualstudio.com'))?.expires).toBe('2030-03-17');
    expect(legacySecretJwt(fakeLegacySecret('https://sts.windows.net/contoso/'))).toBeNull();
  });

  it('a secret split over continued string literals is one committed secret', () => {
    const jwt = fakeLegacySecret();
    const parts = jwt.match(/.{1,70}/g)!.map((p) => `"${p}"`).join(' \\\n    ');
    const dir = tree({ 'sync.py': `client_secret = ${parts}\nTOKEN = "https://app.vssps.visualstudio.com/oauth2/token"\n` });
    expect(kinds(dir)).toContain('sync.py:1 legacy-secret-value');
    const java = tree({ 'A.java': `class A { String s = "${jwt.slice(0, 60)}" +\n  "${jwt.slice(60)}"; }\n` });
    expect(kinds(java)).toContain('A.java:1 legacy-secret-value');
  });

  it('an App Secret setting the code sends as client_assertion is the client secret, even beside a Client Secret', () => {
    const dir = tree({
      '.env': 'VSTS_APP_ID=5a1f0c3e-2b4d-4e6f-8a9b-0c1d2e3f4a5b\nVSTS_APP_SECRET=c2VjcmV0LXZhbHVl\nVSTS_CLIENT_SECRET=bm90LXNlbnQ\n',
      'src/token.js': "const body = {\n  client_assertion: encodeURIComponent(process.env.VSTS_APP_SECRET),\n  grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: code,\n};\nfetch('https://app.vssps.visualstudio.com/oauth2/token', { body });\n",
    });
    const secret = scan(dir).findings.find((f) => f.file === '.env' && f.line === 2)!;
    expect(secret).toMatchObject({ kind: 'client-secret', severity: 'error' });
    expect(secret.message).toContain('what the code sends as client_assertion');
  });

  it('a lone App Secret read by code stays the client secret (a read is not a Client Secret setting)', () => {
    const dir = tree({
      '.env': 'VSTS_APP_ID=5a1f0c3e-2b4d-4e6f-8a9b-0c1d2e3f4a5b\nVSTS_APP_SECRET=c2VjcmV0LXZhbHVl\n',
      'src/token.js': "const s = process.env.VSTS_APP_SECRET;\nfetch('https://app.vssps.visualstudio.com/oauth2/token', { body: { client_assertion: s } });\n",
    });
    expect(scan(dir).findings.find((f) => f.file === '.env' && f.line === 2)).toMatchObject({ kind: 'client-secret', severity: 'error' });
  });

  it('a legacy secret in a comment is a blocking finding of its own', () => {
    const dir = tree({ 'Auth.cs': `// old secret, kept during rotation: ${fakeLegacySecret()}\nclass Auth {}\n` });
    const f = scan(dir).findings;
    expect(f.map((x) => [x.kind, x.severity])).toEqual([['legacy-secret-value', 'error']]);
    expect(JSON.stringify(scan(dir))).not.toContain(fakeLegacySecret().split('.')[1]);
  });
});

describe('legacy settings real code writes in other shapes (class 4)', () => {
  it.each([
    ['with the default port', 'https://app.vssps.visualstudio.com:443/oauth2/token', 'token-endpoint'],
    ['with a trailing-dot host', 'https://app.vssps.visualstudio.com./oauth2/authorize', 'authorize-endpoint'],
    ['with user info', 'https://svc@app.vssps.visualstudio.com/oauth2/token', 'token-endpoint'],
    ['with a percent-encoded path', 'https://app.vssps.visualstudio.com/oauth2%2Ftoken', 'token-endpoint'],
    ['as the …/oauth2/ base', 'https://app.vssps.visualstudio.com/oauth2/', 'oauth-host'],
  ])('a URL %s', (_name, url, kind) => {
    expect(kinds(tree({ 'client.rb': `URL = '${url}'\n` }))).toEqual([`client.rb:1 ${kind}`]);
  });

  it('a host of another service that merely starts the same is not legacy', () => {
    expect(kinds(tree({ 'client.rb': "URL = 'https://app.vssps.visualstudio.com.evil.test/oauth2/token'\nX = 'https://app.vssps.visualstudio.com:8443/oauth2/token'\n" }))).toEqual([]);
  });

  it.each([
    ['Q.cs', 'query["response_type"] = "Assertion";'],
    ['Q.kt', 'val extra = listOf("response_type" to "Assertion")'],
    ['Q.java', 'b.queryParam("response_type", "Assertion");'],
    ['q.go', 'const respType = "Assertion" // vsts sign-in'],
    ['q.ex', 'query = %{"response_type" => "Assertion"}'],
  ])('response_type set by indexer, call or constant (%s)', (file, line) => {
    expect(kinds(tree({ [file]: `${line}\n` }))).toEqual([`${file}:1 response-type`]);
  });

  it('a scope collection over many lines in another class feeds the app, with every scope', () => {
    const scopes = Array.from({ length: 33 }, (_, i) => ['vso.code', 'vso.work', 'vso.build', 'vso.release', 'vso.project', 'vso.graph', 'vso.identity', 'vso.wiki', 'vso.test', 'vso.packaging', 'vso.settings'][i % 11]!);
    const dir = tree({
      'Bot.csproj': '<Project />\n',
      'Services/VstsScopes.cs': `static class VstsScopes\n{\n    public static readonly string[] All = new[]\n    {\n        ${scopes.map((s) => `"${s}"`).join(',\n        ')},\n    };\n}\n`,
      'Services/Auth.cs': 'class Auth {\n  string Url() => "https://app.vssps.visualstudio.com/oauth2/authorize?response_type=Assertion&scope=" + string.Join(" ", VstsScopes.All);\n}\n',
    });
    const result = scan(dir);
    expect(result.apps).toHaveLength(1);
    expect(result.apps[0]!.files).toEqual(['Services/Auth.cs', 'Services/VstsScopes.cs']);
    expect(result.apps[0]!.scopes).toEqual(expect.arrayContaining(['vso.code', 'vso.settings', 'vso.packaging']));
    expect(result.findings.filter((f) => f.kind === 'scopes' && f.file === 'Services/VstsScopes.cs')).toHaveLength(33);
  });

  it('Java List.of and Python lists opened on one line and filled on the next', () => {
    const java = source.parse('class S {\n  static final List<String> SCOPES = List.of(\n      "vso.code",\n      "vso.work");\n}\n', 'S.java').settings;
    expect(java.map((s) => s.key)).toEqual(['SCOPES', 'SCOPES']);
    const py = source.parse('SCOPES = [\n    "vso.code",\n    "vso.work",\n]\n', 's.py').settings;
    expect(py.map((s) => s.key)).toEqual(['SCOPES', 'SCOPES']);
  });

  it('an enum of scopes in another file joins the app that uses its constants', () => {
    const dir = tree({
      'pom.xml': '<project/>\n',
      'src/BoardsScope.java': 'enum BoardsScope {\n  PROJECT_READ("vso.project"),\n  WORK_FULL("vso.work_full");\n}\n',
      'src/Authorize.java': 'class Authorize {\n  static final String BASE = "https://app.vssps.visualstudio.com/oauth2/authorize";\n  String scope() { return BoardsScope.PROJECT_READ.value() + " " + BoardsScope.WORK_FULL.value(); }\n}\n',
    });
    expect(scan(dir).apps.map((a) => a.scopes)).toEqual([['vso.project', 'vso.work_full']]);
  });

  it('a request body built from protocol constants of another file of the package is a site of that app', () => {
    const dir = tree({
      'pom.xml': '<project/>\n',
      // read first (alphabetically), before the constants are known
      'src/oauth/BoardsCodeFlow.java': 'class BoardsCodeFlow {\n  void body(Map<String, String> r, String code) {\n    r.put("grant_type", BoardsOAuthFields.GRANT_JWT_BEARER);\n    r.put("assertion", code);\n  }\n}\n',
      'src/oauth/BoardsOAuthFields.java': 'final class BoardsOAuthFields {\n  static final String GRANT_JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";\n  static final String FIELD_ASSERTION = "assertion";\n}\n',
    });
    const result = scan(dir);
    expect(result.apps.map((a) => a.files)).toEqual([['src/oauth/BoardsCodeFlow.java', 'src/oauth/BoardsOAuthFields.java']]);
    expect(result.findings.find((f) => f.file === 'src/oauth/BoardsCodeFlow.java')).toMatchObject({ line: 3, kind: 'jwt-bearer-grant' });
  });

  it('Elixir config for a module joins the module that reads it', () => {
    const dir = tree({
      'mix.exs': 'defmodule Standup.MixProject do\nend\n',
      'config/config.exs': 'import Config\nconfig :standup, Standup.Vsts.OAuth,\n  client_id: System.get_env("VSTS_CLIENT_ID"),\n  redirect_uri: "https://standup.test/auth/vsts/callback",\n  scope: "vso.work vso.profile"\n',
      'lib/standup/vsts/oauth.ex': 'defmodule Standup.Vsts.OAuth do\n  @authorize_url "https://app.vssps.visualstudio.com/oauth2/authorize"\nend\n',
    });
    expect(scan(dir).apps).toMatchObject([{ files: ['config/config.exs', 'lib/standup/vsts/oauth.ex'], scopes: ['vso.profile', 'vso.work'], callbackUrl: 'https://standup.test/auth/vsts/callback', clientIdSource: 'env:VSTS_CLIENT_ID' }]);
  });

  it('a relative OAuth path appended to a base from settings is a code site of that app', () => {
    const dir = tree({
      'appsettings.json': '{ "Vsts": { "AuthorityUrl": "https://app.vssps.visualstudio.com" } }\n',
      'Auth.cs': 'class A {\n  Uri T() => new Uri(new Uri(o.AuthorityUrl), "/oauth2/token");\n  object F() => new { grant_type = "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion = code };\n}\n',
    });
    expect(kinds(dir)).toContain('Auth.cs:2 token-endpoint');
    // on its own, a relative path is no app
    expect(scan(tree({ 'Other.cs': 'var u = new Uri(b, "/oauth2/token");\n' })).apps).toEqual([]);
  });

  it("Guzzle's base_uri plus a relative 'token'", () => {
    const dir = tree({ 'V.php': "<?php\n$c = new Client(['base_uri' => 'https://app.vssps.visualstudio.com/oauth2/']);\n$c->post('token', ['form_params' => ['grant_type' => 'refresh_token', 'assertion' => $t]]);\n" });
    expect(kinds(dir)).toEqual(expect.arrayContaining(['V.php:2 oauth-host', 'V.php:3 token-endpoint', 'V.php:3 refresh-assertion']));
  });

  it('a YAML provider block keyed by the provider name joins the code that reads it', () => {
    const dir = tree({
      Gemfile: "source 'https://rubygems.org'\n",
      'config/providers.yml': 'gitlab:\n  client_id: abc\n  redirect_url: https://ci.test/oauth/gitlab/callback\nvsts:\n  client_id: 7c2d9e41-8a3b-4f5c-b6d7-e8f9a0b1c2d3\n  client_secret: $(VSTS_CLIENT_SECRET)\n  redirect_url: https://ci.test/oauth/vsts/callback\n  scope: vso.code_status vso.build\n',
      'lib/vsts.rb': "SETTINGS = YAML.load_file('config/providers.yml')['vsts']\nTOKEN = 'https://app.vssps.visualstudio.com/oauth2/token'\n",
    });
    const [app] = scan(dir).apps;
    expect(app).toMatchObject({ clientId: '7c2d9e41-8a3b-4f5c-b6d7-e8f9a0b1c2d3', callbackUrl: 'https://ci.test/oauth/vsts/callback', scopes: ['vso.build', 'vso.code_status'] });
    expect(app!.files).toEqual(['config/providers.yml', 'lib/vsts.rb']);
  });

  it("a PHP config array's 'vsts' block joins the service reading config('services.vsts.…'), never the github block", () => {
    const dir = tree({
      'composer.json': '{}\n',
      'config/services.php': "<?php\nreturn [\n  'github' => ['client_id' => env('GITHUB_CLIENT_ID')],\n  'vsts' => [\n    'client_id' => env('VSTS_APP_ID'),\n    'scopes' => 'vso.code vso.build',\n  ],\n];\n",
      'app/Vsts.php': "<?php\n$u = 'https://app.vssps.visualstudio.com/oauth2/authorize?response_type=Assertion&client_id=' . config('services.vsts.client_id');\n",
    });
    const result = scan(dir);
    expect(result.apps).toHaveLength(1);
    expect(result.apps[0]).toMatchObject({ scopes: ['vso.build', 'vso.code'], clientIdSource: 'env:VSTS_APP_ID' });
    expect(result.findings.filter((f) => f.line === 3 && f.file === 'config/services.php')).toEqual([]);
  });

  it("keys inside another provider's block of code (a github callback) are never this app's", () => {
    const dir = tree({
      'composer.json': '{}\n',
      'config/services.php': "<?php\nreturn [\n  'github' => ['redirect' => 'https://d.test/auth/github/callback'],\n  'vsts' => ['redirect' => 'https://d.test/auth/vsts/callback', 'scopes' => 'vso.code'],\n];\n",
      'app/Vsts.php': "<?php\n$u = 'https://app.vssps.visualstudio.com/oauth2/authorize?response_type=Assertion&redirect_uri=' . config('services.vsts.redirect');\n",
    });
    const [app] = scan(dir).apps;
    expect(app!.callbackUrl).toBe('https://d.test/auth/vsts/callback');
    expect(scan(dir).findings.filter((f) => f.file === 'config/services.php').map((f) => f.line)).toEqual([4, 4]);
  });
});

describe('settings read from the environment as a call argument beside a protocol parameter (class 4)', () => {
  it('Go url.Values: the client id, the redirect and the client_assertion secret', () => {
    const dir = tree({
      'go.mod': 'module example.test/hook\n',
      'vsts/oauth.go': 'package vsts\n\nfunc authorize() string {\n\tq := url.Values{}\n\tq.Set("client_id", os.Getenv("VSTS_APP_ID"))\n\tq.Set("redirect_uri", os.Getenv("VSTS_CALLBACK_URL"))\n\treturn "https://app.vssps.visualstudio.com/oauth2/authorize?" + q.Encode()\n}\n\nfunc exchange(code string) url.Values {\n\tform := url.Values{}\n\tform.Set("client_assertion", os.Getenv("VSTS_CLIENT_SECRET"))\n\tform.Set("assertion", code)\n\treturn form\n}\n',
    });
    const result = scan(dir);
    expect(result.apps).toMatchObject([{ clientIdSource: 'env:VSTS_APP_ID' }]);
    expect(kinds(dir)).toEqual(expect.arrayContaining(['vsts/oauth.go:5 client-id', 'vsts/oauth.go:6 callback-url', 'vsts/oauth.go:12 client-secret']));
    expect(JSON.stringify(result)).toContain('env:VSTS_CLIENT_SECRET');
  });

  it.each([
    ['auth.py', 'TOKEN = "https://app.vssps.visualstudio.com/oauth2/token"\nr = requests.post(TOKEN, params={"client_id": os.environ["VSTS_APP_ID"]})\n'],
    ['auth.js', "const TOKEN = 'https://app.vssps.visualstudio.com/oauth2/token';\nparams.set('client_id', process.env.VSTS_APP_ID);\n"],
  ])('the same shape in %s', (file, text) => {
    const dir = tree({ [file]: text });
    expect(kinds(dir)).toContain(`${file}:2 client-id`);
    expect(scan(dir).apps).toMatchObject([{ clientIdSource: 'env:VSTS_APP_ID' }]);
  });

  it("another provider's client reading its id from the environment stays silent, even beside an Azure DevOps app", () => {
    const dir = tree({
      'go.mod': 'module example.test/hook\n',
      'vsts/oauth.go': 'package vsts\n\nconst authorizeURL = "https://app.vssps.visualstudio.com/oauth2/authorize"\n',
      'login/google.go': 'package login\n\nfunc authorize() string {\n\tq := url.Values{}\n\tq.Set("client_id", os.Getenv("OAUTH_CLIENT_ID"))\n\tq.Set("redirect_uri", os.Getenv("OAUTH_CALLBACK_URL"))\n\treturn "https://accounts.google.com/o/oauth2/v2/auth?" + q.Encode()\n}\n',
      'login/github.js': "const u = new URL('https://github.com/login/oauth/authorize');\nu.searchParams.set('client_id', process.env.GITHUB_CLIENT_ID);\nparams.set('client_id', process.env.OAUTH_CLIENT_ID);\n",
      'login/client.py': 'r = requests.post("https://oauth2.googleapis.com/token", data={"client_id": os.environ["OAUTH_CLIENT_ID"]})\n',
    });
    const result = scan(dir);
    expect(result.apps.map((a) => a.files)).toEqual([['vsts/oauth.go']]);
    expect(result.findings.filter((f) => f.file.startsWith('login/'))).toEqual([]);
  });
});

describe('protocol field names held in constants (class 4)', () => {
  it('a value sent under a client_assertion constant of another file is the legacy client secret; response_type from a constant too', () => {
    const dir = tree({
      'pom.xml': '<project/>\n',
      'src/oauth/AlertsAuthorize.java': 'class AlertsAuthorize {\n  String url(UriBuilder b) {\n    return b.queryParam(AlertsFields.FIELD_RESPONSE_TYPE, "Assertion").build();\n  }\n}\n',
      'src/oauth/AlertsExchange.java': 'class AlertsExchange {\n  void body(Form form, String code) {\n    form.add(AlertsFields.FIELD_ASSERTION, code);\n    form.add(AlertsFields.FIELD_CLIENT_ASSERTION, secret);\n  }\n}\n',
      'src/oauth/AlertsFields.java': 'final class AlertsFields {\n  static final String TOKEN_URL = "https://app.vssps.visualstudio.com/oauth2/token";\n  static final String FIELD_ASSERTION = "assertion";\n  static final String FIELD_CLIENT_ASSERTION = "client_assertion";\n  static final String FIELD_RESPONSE_TYPE = "response_type";\n}\n',
    });
    const found = kinds(dir);
    expect(found).toEqual(expect.arrayContaining(['src/oauth/AlertsAuthorize.java:3 response-type', 'src/oauth/AlertsExchange.java:4 client-secret', 'src/oauth/AlertsFields.java:4 client-secret']));
  });

  it('an Entra certificate client (client_assertion constant, no legacy evidence) stays silent', () => {
    const dir = tree({
      'pom.xml': '<project/>\n',
      'src/auth/CertFields.java': 'final class CertFields {\n  static final String FIELD_CLIENT_ASSERTION = "client_assertion";\n  static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";\n  static final String TOKEN = "https://login.microsoftonline.com/contoso/oauth2/v2.0/token";\n}\n',
      'src/auth/CertClient.java': 'class CertClient {\n  void body(Form form, String signed) {\n    form.add(CertFields.FIELD_CLIENT_ASSERTION, signed);\n    form.add("client_assertion", System.getenv("SIGNED_ASSERTION"));\n  }\n}\n',
    });
    expect(kinds(dir)).toEqual([]);
  });
});
