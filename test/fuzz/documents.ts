// Random configuration documents in every format, with one legacy app's settings placed among random ones.
import fc from 'fast-check';

export interface Doc {
  text: string;
  /** Values of the random (non-legacy) settings, by key: an edit must leave every one of them equal. */
  others: Map<string, string>;
}

export interface Format {
  file: string;
  /** Legacy keys as this format spells them. */
  keys: { auth: string; clientId: string; scopes: string };
  build(entries: { key: string; value: string; legacy: boolean }[], style: number): string;
}

export const legacyValues = { auth: 'https://app.vssps.visualstudio.com/oauth2/authorize', clientId: '0d2e4f6a-8b1c-4d3e-9f5a-7b9c1d3e5f7a', scopes: 'vso.code vso.work' };

const q = (v: string, style: number, quotes: string[]) => {
  const c = quotes[style % quotes.length]!;
  return `${c}${v}${c}`;
};

export const formats: Format[] = [
  { file: '.env', keys: { auth: 'VSTS_AUTH_URL', clientId: 'VSTS_CLIENT_ID', scopes: 'VSTS_SCOPES' },
    build: (e, s) => e.map((x, i) => `${i % 3 === 0 ? '# note\n' : ''}${s % 2 ? 'export ' : ''}${x.key}=${q(x.value, s + i, ['"', "'", x.value.includes(' ') ? '"' : ''])}`).join('\n') + '\n' },
  { file: 'appsettings.json', keys: { auth: 'AuthUrl', clientId: 'ClientId', scopes: 'Scope' },
    build: (e, s) => `{\n${s % 2 ? '  // settings\n' : ''}  "App": {\n${e.map((x) => `${' '.repeat(4 + (s % 3))}"${x.key}": ${JSON.stringify(x.value)}`).join(',\n')}\n  }\n}\n` },
  { file: 'values.yaml', keys: { auth: 'authUrl', clientId: 'clientId', scopes: 'scope' },
    build: (e, s) => `app:\n${e.map((x, i) => `  ${x.key}: ${q(x.value, s + i, ['', '"', "'"])}${i % 4 === 0 ? '   # c' : ''}`).join('\n')}\n` },
  { file: 'App.config', keys: { auth: 'AuthUrl', clientId: 'ClientAppId', scopes: 'Scope' },
    build: (e, s) => `<?xml version="1.0"?>\n<appSettings>\n${e.map((x) => `${s % 2 ? '\t' : '  '}<add key=${q(x.key, s, ['"', "'"])} value=${q(x.value, s, ['"', "'"])} />`).join('\n')}\n</appSettings>\n` },
  { file: 'oauth.ini', keys: { auth: 'auth-url', clientId: 'client-id', scopes: 'scope' },
    build: (e, s) => `; generated\n[vsts]\n${e.map((x) => `${x.key}${s % 2 ? ' = ' : '='}${x.value}`).join('\n')}\n` },
  { file: 'application.properties', keys: { auth: 'oauth.vsts.authuri', clientId: 'oauth.vsts.client-id', scopes: 'oauth.vsts.scopes' },
    build: (e, s) => e.map((x) => `${x.key}${s % 2 ? '=' : ': '}${x.value}`).join('\n') + '\n' },
  { file: 'config.toml', keys: { auth: 'authorize_url', clientId: 'client_id', scopes: 'scope' },
    build: (e, s) => `[azure_devops]\n${e.map((x, i) => `${x.key} = ${q(x.value, s + i, ['"', "'"])}`).join('\n')}\n` },
  { file: 'oauth.js', keys: { auth: 'AUTH_URL', clientId: 'CLIENT_ID', scopes: 'SCOPE' },
    build: (e, s) => e.map((x) => `const ${x.key} = ${q(x.value, s, ["'", '"', '`'])};`).join('\n') + '\n' },
];

const word = fc.stringMatching(/^[a-z][a-z0-9]{2,9}$/).filter((w) => !/vs|ado|auth|scope|secret|token|client|tenant|id$|url|uri|callback|redirect/.test(w));

/** A document of `format` with the legacy settings at random places among 0–15 random ones. */
export function documentOf(format: Format): fc.Arbitrary<Doc & { format: Format }> {
  return fc.record({
    keys: fc.uniqueArray(word, { maxLength: 15 }),
    values: fc.array(word, { minLength: 15, maxLength: 15 }),
    slots: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
    style: fc.nat(11),
  }).map(({ keys, values, slots, style }) => {
    const prefix = format.file === 'oauth.js' || format.file === '.env' ? 'OTHER_' : format.file.endsWith('.properties') ? 'app.' : '';
    const entries = keys.map((k, i) => ({ key: `${prefix}${format.file === '.env' || format.file === 'oauth.js' ? k.toUpperCase() : k}`, value: values[i]!, legacy: false }));
    const legacy = (['auth', 'clientId', 'scopes'] as const).map((k) => ({ key: format.keys[k], value: legacyValues[k], legacy: true }));
    legacy.forEach((l, i) => entries.splice(slots[i]! % (entries.length + 1), 0, l));
    return { format, text: format.build(entries, style), others: new Map(entries.filter((e) => !e.legacy).map((e) => [e.key, e.value])) };
  });
}
