// #13.3: the az commands and Terraform a plan prints are meant to be pasted. A value from the repository (a redirect
// URI in a pull request) must reach `az` as one argument and Terraform as one string, never as code.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.js';
import { shellWord, spaRedirectCommand, terraformString, valueHazard } from '../../src/mapper/registration.js';
import { planFor } from '../support/plan-helpers.js';
import { tree } from '../support/tree.js';

const work = tempDir('paste');
const pwned = join(work, 'PWNED');
const hostileUris = [
  `https://app.example/cb?x=$(touch\${IFS}${pwned})`,
  `https://app.example/cb?x=\`touch ${pwned}\``,
  `https://app.example/cb?q='; touch ${pwned}; echo '`,
  `https://app.example/cb?y=\${file("/etc/passwd")}%{if true}x%{endif}\\"`,
];

const xmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const config = (uri: string, escape = xmlAttr) => `<?xml version="1.0"?>\n<appSettings>\n  <add key="ClientAppId" value="3f5a1c2e-9b7d-4e61-8a2f-0c4d6e8b1a93" />\n  <add key="Scope" value="vso.code" />\n  <add key="CallbackUrl" value="${escape(uri)}" />\n  <add key="AuthUrl" value="https://app.vssps.visualstudio.com/oauth2/authorize" />\n</appSettings>\n`;

/** A stub `az` first on PATH that prints each argument on its own line, so the shell's word splitting is visible. */
function stubAz(): string {
  const bin = join(work, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'az'), '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n');
  chmodSync(join(bin, 'az'), 0o755);
  return bin;
}

describe('generated az commands run the hostile value as data', () => {
  const bin = stubAz();
  it.each(hostileUris)('%s', (uri) => {
    const plan = planFor(tree({ 'web/Web.config': config(uri) }));
    const app = plan.apps[0]!;
    expect(app.entra.redirectUri).toBe(uri);
    for (const line of app.registration.azCli) {
      const r = spawnSync('/bin/sh', ['-c', line], { encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin` } });
      expect(r.status, r.stderr).toBe(0);
      if (line.includes('--web-redirect-uris')) expect(r.stdout.split('\n')).toContain(uri);
    }
    expect(existsSync(pwned)).toBe(false);
    expect(plan.risks.find((r) => r.ruleId === 'A2E314')).toMatchObject({ severity: 'warning', message: expect.stringContaining('shell metacharacters') });
  });

  // a browser app's URI goes to Microsoft Graph in a JSON body (az rest): it must arrive as the same string
  it.each(hostileUris)('SPA: %s', (uri) => {
    const plan = planFor(tree({
      'src/vsts.json': JSON.stringify({ vsts: { appId: '3f5a1c2e-9b7d-4e61-8a2f-0c4d6e8b1a93', scope: 'vso.code', callbackUrl: uri, authUrl: 'https://app.vssps.visualstudio.com/oauth2/authorize' } }, null, 2),
      'src/Connect.jsx': "import { useState } from 'react';\nexport const go = () => window.location.assign('https://app.vssps.visualstudio.com/oauth2/authorize?response_type=Assertion');\n",
    }));
    const reg = plan.apps[0]!.registration;
    expect(reg.manifest.spa).toEqual({ redirectUris: [uri] });
    const patch = reg.azCli.find((l) => l.startsWith('az rest '))!;
    const r = spawnSync('/bin/sh', ['-c', patch], { encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin` } });
    expect(r.status, r.stderr).toBe(0);
    const args = r.stdout.split('\n');
    expect(JSON.parse(args[args.indexOf('--body') + 1]!)).toEqual({ spa: { redirectUris: [uri] } });
    expect(args[args.indexOf('--url') + 1]).toBe(`https://graph.microsoft.com/v1.0/applications(appId='${plan.inputs.clientId}')`);
    expect(existsSync(pwned)).toBe(false);
    expect(reg.terraform).toContain(`redirect_uris = [${terraformString(uri)}]`);
  });

  it('SPA: a client id that is not a plain word is single-quoted in the Graph URL', () => {
    const id = `x"$(touch ${pwned})'`;
    const r = spawnSync('/bin/sh', ['-c', spaRedirectCommand(id, ['https://app.example/cb'])], { encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin` } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toContain(`https://graph.microsoft.com/v1.0/applications(appId='${id}')`);
    expect(existsSync(pwned)).toBe(false);
  });

  it('Terraform strings escape quotes, backslashes, ${ and %{', () => {
    const plan = planFor(tree({ 'web/Web.config': config(hostileUris[3]!) }));
    const line = plan.apps[0]!.registration.terraform.split('\n').find((l) => l.includes('redirect_uris'))!;
    expect(line).toBe(`    redirect_uris = [${terraformString(hostileUris[3]!)}]`);
    const literal = line.slice(line.indexOf('["') + 1, line.lastIndexOf('"]') + 1);
    // inside the literal: every quote escaped, no interpolation or directive left
    expect(literal.slice(1, -1)).not.toMatch(/(^|[^\\])"/);
    expect(literal.replace(/\$\$\{|%%\{/g, '')).not.toMatch(/\$\{|%\{/);
    expect(terraformString('a"b\\c${d}%{e}')).toBe('"a\\"b\\\\c$${d}%%{e}"');
  });

  it('a redirect URI with control characters is left out of the registration and reported as an error', () => {
    const plan = planFor(tree({ 'web/Web.config': config('https://app.example/cb&#10;ok', (s) => s) }));
    const app = plan.apps[0]!;
    expect(app.registration.manifest.web.redirectUris).toEqual([]);
    expect(app.registration.azCli.join('\n')).not.toContain('\u001b');
    expect(plan.risks.find((r) => r.ruleId === 'A2E314')).toMatchObject({ severity: 'error', message: expect.stringContaining('control characters') });
  });

  // scan shows a callback with its user info and secret-bearing parameters masked; registering that display put a URI
  // that exists nowhere (https://***@host/cb?token=***) into the manifest, az and Terraform lines and the consent URL
  it.each([
    ['user info', 'https://user:pa55@app.example/cb', '***@'],
    ['a secret-bearing parameter', 'https://app.example/cb?token=abc123', 'token=***'],
    ['a token in the fragment', 'https://app.example/cb#access_token=abc123', 'access_token=***'],
  ])('a redirect URI with %s (masked when shown) is left out of the registration and reported', (_what, uri, shown) => {
    const plan = planFor(tree({ 'web/Web.config': config(uri) }));
    const app = plan.apps[0]!;
    expect(app.entra.redirectUri).toContain(shown);
    expect(app.registration.manifest.web.redirectUris).toEqual([]);
    expect(app.registration.azCli.join('\n') + app.registration.terraform + (app.registration.adminConsentUrl ?? '')).not.toMatch(/\*\*\*|%2A%2A%2A/);
    expect(plan.risks.find((r) => r.ruleId === 'A2E314')).toMatchObject({ severity: 'error', message: expect.stringContaining('left out of the registration') });
  });

  it('plain values stay bare; everything else is single-quoted', () => {
    expect(shellWord('11111111-2222-3333-4444-555555555555')).toBe('11111111-2222-3333-4444-555555555555');
    expect(shellWord("it's $(x)")).toBe(`'it'\\''s $(x)'`);
    expect(valueHazard('https://app.example/callback?a=1&b=2')).toBeNull();
    expect(valueHazard('https://app.example/\u001b[2J')).toBe('control');
    expect(valueHazard('https://app.example\u200b.evil.example/cb')).toBe('control'); // a zero-width space: reads as app.example
    expect(valueHazard('https://***@app.example/cb')).toBe('masked');
    expect(valueHazard('https://app.example/cb?code=***&state=1')).toBe('masked');
    expect(valueHazard('https://app.example/cb#access_token=***')).toBe('masked');
  });
});
