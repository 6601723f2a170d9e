// Writes a deterministic synthetic monorepo for `npm run bench`: N tracked files (default 20,000; ~5 KB of source
// each), 50 planted legacy apps, 100 Entra decoys, binaries, large logs and an ignored node_modules.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const plantedApps = 50;
/** How many files of each kind a tree of `files` tracked files holds. */
function layoutFor(files) {
  const fixed = 5 + 45 + 100;
  const rest = Math.max(1_000, files - fixed);
  return { source: Math.round(rest * 0.81), config: Math.round(rest * 0.19), vendored: Math.round(files / 4), large: 5, binary: 45, entraDecoys: 100 };
}

/** mulberry32: the same tree on every machine. */
function prng(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = 'alpha beta gamma delta order invoice ledger widget render parse queue cache token_count retry budget timer cursor packet buffer window layout report export import summary metric sample'.split(' ');

function sourceFile(rand, ext, targetBytes) {
  const w = () => words[Math.floor(rand() * words.length)];
  const lines = [];
  let size = 0;
  const comment = ext === 'py' || ext === 'rb' || ext === 'sh' ? '#' : '//';
  while (size < targetBytes) {
    const line = rand() < 0.2
      ? `${comment} ${w()} ${w()} ${w()} handles the ${w()} of the ${w()}`
      : ext === 'py' ? `def ${w()}_${w()}(${w()}, ${w()}):\n    return ${w()} + "${w()}-${Math.floor(rand() * 1e6)}"`
        : `function ${w()}${Math.floor(rand() * 1e4)}(${w()}, ${w()}) { return ${w()}.${w()}("${w()}-${Math.floor(rand() * 1e6)}"); }`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

const configMakers = {
  json: (rand, i) => JSON.stringify({ service: `svc-${i}`, port: 3000 + (i % 1000), features: { cache: rand() < 0.5, retries: 3 }, endpoints: { api: `https://api.example.com/v${i % 5}` } }, null, 2),
  yaml: (_r, i) => `service: svc-${i}\nport: ${3000 + (i % 1000)}\nfeatures:\n  cache: true   # speeds things up\n  retries: 3\n`,
  xml: (_r, i) => `<?xml version="1.0"?>\n<appSettings>\n  <add key="ServiceName" value="svc-${i}" />\n  <add key="Port" value="${3000 + (i % 1000)}" />\n</appSettings>\n`,
  env: (_r, i) => `SERVICE_NAME=svc-${i}\nPORT=${3000 + (i % 1000)}\nLOG_LEVEL=info\n`,
  ini: (_r, i) => `[service]\nname = svc-${i}\nport = ${3000 + (i % 1000)}\n`,
  toml: (_r, i) => `[service]\nname = "svc-${i}"\nport = ${3000 + (i % 1000)}\n`,
  properties: (_r, i) => `service.name=svc-${i}\nservice.port=${3000 + (i % 1000)}\n`,
};
const configName = { json: 'settings.json', yaml: 'values.yaml', xml: 'App.config', env: '.env', ini: 'service.ini', toml: 'config.toml', properties: 'application.properties' };

/** One legacy app per format in turn, each in its own folder, each with a distinct client id. */
function plantedApp(i) {
  const id = `${String(i).padStart(8, '0')}-1111-4222-8333-444444444444`;
  const auth = 'https://app.vssps.visualstudio.com/oauth2/authorize';
  const token = 'https://app.vssps.visualstudio.com/oauth2/token';
  const formats = [
    ['.env', `VSTS_AUTH_URL=${auth}\nVSTS_TOKEN_URL=${token}\nVSTS_CLIENT_ID=${id}\nVSTS_SCOPES=vso.code vso.work\n`],
    ['appsettings.json', JSON.stringify({ AzureDevOps: { AuthorizeUrl: auth, TokenUrl: token, ClientId: id, Scopes: ['vso.build', 'vso.code'] } }, null, 2)],
    ['Web.config', `<?xml version="1.0"?>\n<appSettings>\n  <add key="AuthUrl" value="${auth}" />\n  <add key="TokenUrl" value="${token}" />\n  <add key="ClientAppId" value="${id}" />\n  <add key="Scope" value="vso.work_write" />\n</appSettings>\n`],
    ['values.yaml', `azureDevOps:\n  authUrl: ${auth}\n  tokenUrl: ${token}\n  clientId: ${id}\n  scopes:\n    - vso.project\n`],
    ['oauth.ini', `[vsts]\nauth-url = ${auth}\ntoken-url = ${token}\nclient-id = ${id}\nscope = vso.code\n`],
    ['config.toml', `[azure_devops]\nauthorize_url = "${auth}"\ntoken_url = "${token}"\nclient_id = "${id}"\nscopes = ["vso.work"]\n`],
    ['application.properties', `oauth.vsts.authuri=${auth}\noauth.vsts.tokenuri=${token}\noauth.vsts.client-id=${id}\noauth.vsts.scopes=vso.release\n`],
  ];
  return formats[i % formats.length];
}

function write(root, path, content) {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

export function generate(root, files = 20_000) {
  if (existsSync(join(root, '.bench-complete'))) return root;
  const layout = layoutFor(files);
  rmSync(root, { recursive: true, force: true });
  const rand = prng(20261123);
  const exts = ['js', 'ts', 'py', 'java', 'go', 'cs'];
  write(root, '.gitignore', 'node_modules/\n');
  for (let i = 0; i < layout.source; i++) {
    const ext = exts[i % exts.length];
    write(root, `services/team-${i % 40}/pkg-${i % 300}/mod-${i}.${ext}`, sourceFile(rand, ext, 3_000 + Math.floor(rand() * 4_000)));
  }
  const kinds = Object.keys(configMakers);
  for (let i = 0; i < layout.config - plantedApps; i++) {
    const kind = kinds[i % kinds.length];
    write(root, `services/team-${i % 40}/cfg-${i}/${configName[kind]}`, configMakers[kind](rand, i));
  }
  for (let i = 0; i < plantedApps; i++) {
    const [name, content] = plantedApp(i);
    write(root, `apps/legacy-${String(i).padStart(2, '0')}/${name}`, content);
  }
  for (let i = 0; i < layout.entraDecoys; i++) {
    write(root, `services/migrated-${i}/appsettings.json`, JSON.stringify({ AzureAd: { Instance: 'https://login.microsoftonline.com/', TenantId: '72f988bf-0000-4000-8000-000000000000', ClientId: `${String(i).padStart(8, '9')}-2222-4333-8444-555555555555` }, AzureDevOps: { Scopes: ['499b84ac-1321-427f-aa17-267ca6975798/.default', 'offline_access'], Organization: 'https://dev.azure.com/fabrikam' } }, null, 2));
  }
  for (let i = 0; i < layout.vendored; i++) {
    // vendored code mentions the legacy host too: it must be skipped, not reported
    write(root, `node_modules/dep-${i % 200}/lib/file-${i}.js`, `${sourceFile(rand, 'js', 9_000)}// see https://app.vssps.visualstudio.com/oauth2/authorize\n`);
  }
  for (let i = 0; i < layout.large; i++) write(root, `logs/big-${i}.log`, sourceFile(rand, 'sh', 8 * 1024 * 1024));
  for (let i = 0; i < layout.binary; i++) {
    const bytes = Buffer.alloc(100_000);
    for (let b = 0; b < bytes.length; b++) bytes[b] = Math.floor(rand() * 256);
    write(root, `assets/img-${i}.png`, bytes);
  }
  const git = (...args) => execFileSync('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', ...args], { cwd: root, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'synthetic monorepo');
  writeFileSync(join(root, '.bench-complete'), '');
  return root;
}
