// #13.3: the az commands and Terraform a plan prints are meant to be pasted. A value from the repository (a redirect
// URI in a pull request) must reach `az` as one argument and Terraform as one string, never as code.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.js';
import { shellWord, terraformString, valueHazard } from '../../src/mapper/registration.js';
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

  it('plain values stay bare; everything else is single-quoted', () => {
    expect(shellWord('11111111-2222-3333-4444-555555555555')).toBe('11111111-2222-3333-4444-555555555555');
    expect(shellWord("it's $(x)")).toBe(`'it'\\''s $(x)'`);
    expect(valueHazard('https://app.example/callback?a=1&b=2')).toBeNull();
    expect(valueHazard('https://app.example/\u001b[2J')).toBe('control');
  });
});
