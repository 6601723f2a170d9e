import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { depthExceeds } from '../../src/parsers/json.js';
import { parserByRules, parserFor } from '../../src/parsers/registry.js';
import { valueCountExceeds, type Setting } from '../../src/parsers/types.js';
import { flowDepthExceeds } from '../../src/parsers/yaml.js';

function parse(path: string, text: string) {
  const parser = parserFor(path);
  if (!parser) throw new Error(`no parser for ${path}`);
  return parser.parse(text, path);
}

function find(settings: Setting[], key: string): Setting {
  const s = settings.find((x) => x.key === key);
  if (!s) throw new Error(`no setting ${key} in ${settings.map((x) => x.key).join(', ')}`);
  return s;
}

const url = 'https://app.vssps.visualstudio.com/oauth2/authorize';

describe('positions point at the value as written, in every format', () => {
  const cases: [string, string, string, number, number][] = [
    ['.env', `# c\nexport AUTH_URL="${url}"\n`, 'AUTH_URL', 2, 17],
    ['appsettings.json', `\uFEFF{\r\n  // comment\r\n  "Auth": { "AuthUrl": "${url}" }\r\n}\r\n`, 'AuthUrl', 3, 24],
    ['Web.config', `\uFEFF<?xml version="1.0"?>\r\n<configuration>\r\n  <appSettings>\r\n    <add key='AuthUrl'  value='${url}'/>\r\n  </appSettings>\r\n</configuration>\r\n`, 'AuthUrl', 4, 31],
    ['values.yaml', `# c\nauth:\n  authUrl: "${url}" # trailing\n`, 'authUrl', 3, 12],
    ['app.properties', `# c\nauth.url = ${url}\n`, 'auth.url', 2, 12],
    ['tool.ini', `[auth]\r\nurl = ${url} ; c\r\n`, 'url', 2, 7],
    ['tool.toml', `\uFEFF[auth]\nurl = '${url}'\n`, 'url', 2, 7],
    ['oauth.go', `package x\nconst AuthURL = "${url}"\n`, 'AuthURL', 2, 17],
    ['oauth.py', `AUTH_URL = f"${url}"\n`, 'AUTH_URL', 1, 12],
    ['Auth.cs', `var authUrl = @"${url}";\n`, 'authUrl', 1, 15],
  ];
  it.each(cases)('%s', (path, text, key, line, column) => {
    const { settings, diagnostics } = parse(path, text);
    expect(diagnostics).toEqual([]);
    const s = find(settings, key);
    expect(s.value).toBe(url);
    expect({ line: s.line, column: s.column }).toEqual({ line, column });
    expect(text.slice(s.range[0], s.range[1])).toContain(url);
  });
});

describe('format specifics', () => {
  it('dotenv: any *.env name is read, spaces and non-ASCII letters included (a café.env was listed but never checked)', () => {
    for (const name of ['café.env', 'deploy/prod eu.env', 'prod+eu.env', 'app@2.env', '.env', 'x/.env.local']) expect(parserFor(name)?.name, name).toBe('dotenv');
    expect(parserFor('env')?.name).toBeUndefined();
    expect(parserFor('x/café.env/app.json')?.name).toBe('json');
  });

  it('dotenv: unquoted values with spaces, cut at #', () => {
    const { settings } = parse('.env', 'VSTS_SCOPES=vso.build vso.code # note\n');
    expect(find(settings, 'VSTS_SCOPES').value).toBe('vso.build vso.code');
  });
  it('yaml: multi-document, Secret data decoded, compose environment, JSON in a block scalar mapped to file lines', () => {
    const text = 'kind: Secret\ndata:\n  secret: c2VjcmV0\n---\nkind: ConfigMap\ndata:\n  appsettings.json: |\n    {\n      "TokenUri": "https://x/oauth2/token"\n    }\n---\nservices:\n  web:\n    environment:\n      - VSTS_SCOPES=vso.code\n';
    const { settings } = parse('k8s.yaml', text);
    expect(find(settings, 'secret')).toMatchObject({ value: 'secret', encoding: 'base64', document: 0 });
    expect(find(settings, 'TokenUri')).toMatchObject({ line: 9, column: 19, document: 1, embeddedIn: 'appsettings.json' });
    expect(find(settings, 'VSTS_SCOPES')).toMatchObject({ value: 'vso.code', line: 15, column: 21 });
  });
  it('xml: configSource references and applicationSettings <value> elements', () => {
    const { settings, references } = parse('Web.config', '<configuration><appSettings configSource="App.config"/><applicationSettings><x><setting name="AuthUrl"><value>u</value></setting></x></applicationSettings></configuration>');
    expect(references).toEqual([{ kind: 'configSource', target: 'App.config', line: 1 }]);
    expect(find(settings, 'AuthUrl').value).toBe('u');
  });
  it('toml: arrays and inline tables keep their key path', () => {
    const { settings } = parse('a.toml', '[auth]\nscopes = ["vso.code", "vso.work"]\nclient = { id = "x" }\n');
    expect(settings.filter((s) => s.key === 'scopes').map((s) => s.keyPath)).toEqual([['auth', 'scopes', 0], ['auth', 'scopes', 1]]);
    expect(find(settings, 'id').keyPath).toEqual(['auth', 'client', 'id']);
  });
  it('source: pairs, lists and comments', () => {
    const { settings } = parse('a.py', 'SCOPES = ["vso.code",\n  "vso.work"]\nurl.set("response_type", "Assertion")  # see app/register\n');
    expect(settings.filter((s) => s.key === 'SCOPES').map((s) => s.value)).toEqual(['vso.code', 'vso.work']);
    expect(settings.find((s) => s.value === 'Assertion')?.key).toBe('response_type');
    expect(settings.find((s) => s.inComment)?.value).toContain('app/register');
  });
});

describe('bad input gives a diagnostic with a line, never an exception', () => {
  const bad: [string, string, number | null][] = [
    ['bad.json', '{\n  "a": 1,\n  "b": \n}', 4],
    ['bad.yaml', 'a: [1, 2\nb: {', null],
    ['bad.xml', '<a>\n<b></a>', 2],
    ['bad.toml', 'a = 1\nb = = 2\n', 2],
    ['deep.json', '['.repeat(100_000), 1],
    ['deep.yaml', `a: ${'['.repeat(10_000)}`, 1],
    ['bomb.xml', '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>', 1],
    ['xxe.xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', 1],
  ];
  it.each(bad)('%s', (path, text, line) => {
    const { diagnostics, settings } = parse(path, text);
    expect(diagnostics.length).toBeGreaterThan(0);
    if (line !== null) expect(diagnostics[0]!.line).toBe(line);
    expect(settings.some((s) => s.value.includes('root:'))).toBe(false);
  });
});

describe('round trip (properties): every setting range holds its value as written', () => {
  const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,15}$/);
  const value = fc.stringMatching(/^[A-Za-z0-9:/._-]{1,40}$/);
  const entries = fc.uniqueArray(fc.tuple(key, value), { minLength: 1, maxLength: 8, selector: ([k]) => k.toLowerCase() });
  const eol = fc.constantFrom('\n', '\r\n');
  const formats: [string, (e: [string, string][], nl: string) => string][] = [
    ['.env', (e, nl) => e.map(([k, v]) => `${k}=${v}`).join(nl) + nl],
    ['x.json', (e, nl) => `{${nl}${e.map(([k, v]) => `  "${k}": "${v}"`).join(`,${nl}`)}${nl}}`],
    ['x.yaml', (e, nl) => e.map(([k, v]) => `${k}: "${v}"`).join(nl) + nl],
    ['x.toml', (e, nl) => e.map(([k, v]) => `${k} = "${v}"`).join(nl) + nl],
    ['x.ini', (e, nl) => `[s]${nl}${e.map(([k, v]) => `${k} = ${v}`).join(nl)}${nl}`],
    ['x.properties', (e, nl) => e.map(([k, v]) => `${k}=${v}`).join(nl) + nl],
    ['x.config', (e, nl) => `<appSettings>${nl}${e.map(([k, v]) => `  <add key="${k}" value="${v}" />`).join(nl)}${nl}</appSettings>`],
  ];
  it.each(formats)('%s', (path, render) => {
    fc.assert(fc.property(entries, eol, fc.boolean(), (e, nl, bom) => {
      const text = (bom ? '\uFEFF' : '') + render(e, nl);
      const { settings, diagnostics } = parse(path, text);
      expect(diagnostics).toEqual([]);
      for (const [k, v] of e) {
        const s = find(settings, k);
        expect(s.value).toBe(v);
        expect(text.slice(s.range[0], s.range[1]).replace(/^["']|["']$/g, '')).toBe(v);
      }
    }), { numRuns: 60 });
  });
});

describe('parserFor asks each kind of file name once', () => {
  it('answers as asking every parser would, for any path', () => {
    const piece = fc.constantFrom('env', 'ENV', 'json', 'Json', 'yml', 'yaml', 'config', 'xml', 'ini', 'cfg', 'toml', 'properties', 'js', 'ts', 'tmpl', 'py', 'rb', 'cs', 'go', 'lock', 'md', 'npmrc', 'babelrc', 'eslintrc', 'Gemfile', 'Rakefile', 'local', 'production', 'a', '');
    const name = fc.tuple(fc.constantFrom('', '.', 'x', 'app', 'Web', 'mod-1'), fc.array(piece, { maxLength: 3 }), fc.boolean())
      .map(([stem, parts, dotted]) => `${stem}${parts.map((p) => (dotted ? `.${p}` : p)).join('')}`);
    const path = fc.tuple(fc.array(fc.constantFrom('src', '.env', 'a.json', 'config'), { maxLength: 3 }), name).map(([dirs, n]) => [...dirs, n].join('/'));
    fc.assert(fc.property(path, (p) => {
      expect(parserFor(p)?.name).toBe(parserByRules(p)?.name);
      expect(parserFor(p)?.name).toBe(parserFor(p)?.name);
    }), { numRuns: Number(process.env.FUZZ_RUNS ?? 2000) });
  });
});

describe('the pre-parse limits skip texts too short to exceed them, and still catch one that just does', () => {
  it('bracket depth (JSON, YAML flow) and value count, at the limit and one past it', () => {
    for (const limit of [0, 1, 7]) {
      expect(depthExceeds('['.repeat(limit), limit)).toBeNull();
      expect(depthExceeds('['.repeat(limit + 1), limit)).toBe(limit);
      expect(flowDepthExceeds('{'.repeat(limit), limit)).toBeNull();
      expect(flowDepthExceeds('{'.repeat(limit + 1), limit)).toBe(limit);
      expect(valueCountExceeds(','.repeat(limit), /,/g, limit)).toBeNull();
      expect(valueCountExceeds(','.repeat(limit + 1), /,/g, limit)).toBe(limit);
      // an empty match counts too: n characters hold n + 1 of them
      expect(valueCountExceeds('x'.repeat(limit), /(?:)/g, limit)).toBe(limit);
    }
  });
});
