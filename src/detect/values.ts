// What a value is, without ever returning the value itself when it might be a secret.

const jwtShape = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;
// The legacy service issued client secrets as app.vssps.visualstudio.com and, later, app.vstoken.visualstudio.com.
const legacyIssuer = /^app\.(vssps|vstoken)\.visualstudio\.com$/i;

export interface LegacySecretInfo {
  /** Expiry from the `exp` claim (ISO date), when present. Not secret. */
  expires: string | null;
  /** The issuing host (app.vssps… or app.vstoken.visualstudio.com). Not secret. */
  issuer: string;
  /** The app's client secret (claims cid, csi), or a code, access or refresh token a user was issued (claim scp). */
  what: 'client-secret' | 'token';
}

/** A legacy Azure DevOps client secret (or code, or token): a JWT whose `iss` or `aud` is the legacy token service. */
export function legacySecretJwt(value: string): LegacySecretInfo | null {
  const m = jwtShape.exec(value);
  if (!m) return null;
  const payloadPart = m[0].split('.')[1]!;
  try {
    const payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as Record<string, unknown>;
    const claims = [payload.iss, payload.aud].flat().map(String);
    const issuer = claims.map((c) => c.replace(/^https?:\/\//i, '').replace(/\/$/, '').toLowerCase()).find((c) => legacyIssuer.test(c));
    if (!issuer) return null;
    const exp = typeof payload.exp === 'number' ? new Date(payload.exp * 1000).toISOString().slice(0, 10) : null;
    const token = payload.scp !== undefined && payload.csi === undefined;
    return { expires: exp, issuer, what: token ? 'token' : 'client-secret' };
  } catch {
    return null;
  }
}

const placeholderPatterns = [
  /^\s*$/, /^\{.*\}$/s, /^<.*>$/s, /^\$\{.*\}$/, /^\$\(.*\)$/, /^%[\w.]+%$/, /^\$[A-Z_][A-Z0-9_]*$/,
  /^#\{.*\}#?$/, /^__\w+__$/, /^\{\{.*\}\}$/s, /^(\?+|x{3,}|\*{3,})$/i,
  // `your-secret`, `YOUR_CLIENT_SECRET`, `ENTER_SECRET_HERE`: an underscore ends the word too
  /^(your|my|insert|enter|replace|change|changeme|todo|tbd|xxx|placeholder|example|sample|dummy|none|null|undefined)(?![a-z0-9])/i,
];

/** Whether a value is a stand-in (empty, `{insert here}`, `<id>`, `${VAR}`, `your-secret`), not a real value. */
export function isPlaceholder(value: string): boolean {
  return placeholderPatterns.some((re) => re.test(value.trim()));
}

const guid = /^[{(]?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}[)}]?$/i;

export function isGuid(value: string): boolean {
  return guid.test(value.trim());
}

/** The variable a value points at (`${VSTS_CLIENT_ID}`, `$X`, `%X%`, `#{X}#`, `$(X)`, `${{ secrets.X }}`), if any. */
export function indirection(value: string): string | null {
  const m = /^\$\{?([A-Za-z_][\w.]*)\}?$|^%([\w.]+)%$|^#\{([\w.]+)\}#?$|^\$\(([\w.]+)\)$|^\$\{\{\s*(?:secrets|vars|env)\.(\w+)\s*\}\}$/.exec(value.trim());
  return m ? (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? null) : null;
}

const sensitiveNames = 'client_secret|client_assertion|assertion|code|code_verifier|refresh_token|access_token|id_token|token|password|sig|key';
// in the query, the fragment (`#access_token=…`, as the implicit flow returns it) or a `;` parameter; plain or %-encoded
const sensitiveQuery = new RegExp(`([?&#;](?:${sensitiveNames})=)[^&#\\s]*`, 'gi');
const sensitiveEncoded = new RegExp(`((?:%3F|%26|%23|%3B)(?:${sensitiveNames})%3D)(?:(?!%26|%23)[^&#\\s])*`, 'gi');
const jwtAnywhere = new RegExp(jwtShape.source, 'g');

/**
 * A URL safe to print: user info and secret-bearing query parameters replaced by `***`. User info anywhere, as in the
 * URL an authorize URL carries in its query (`redirect_uri=https://user:password@…`, plain or %-encoded); a JWT anywhere.
 */
export function redactUrl(url: string): string {
  return url
    .replace(/([a-z][\w+.-]*:\/\/)[^/@\s]*@/gi, '$1***@')
    .replace(/(%3A%2F%2F)(?:(?!%2F)[^/@\s?#&])*?%40/gi, '$1***%40')
    .replace(jwtAnywhere, '***')
    .replace(sensitiveQuery, (_m, name: string) => `${name}***`)
    .replace(sensitiveEncoded, (_m, name: string) => `${name}***`);
}
