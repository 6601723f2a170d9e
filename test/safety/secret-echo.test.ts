// #13.7: a secret value shown once under its key may stand again elsewhere in the file (a copy on its own line, in
// a comment, in a connection string). The diff's context lines must mask every copy, in every plan and report output.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { secretMasks } from '../../src/mapper/edits/mask.js';
import { applyTextChanges } from '../../src/mapper/edits/text.js';
import type { Setting } from '../../src/parsers/types.js';
import { cli } from '../support/cli.js';
import { tempDir } from '../support/temp.js';

const ids = ['--tenant', 'contoso.onmicrosoft.com', '--client-id', '11111111-2222-3333-4444-555555555555', '--credential', 'secret', '--no-msa-users'];
const secret = 'Pq4sSECRETfiveG3hJ9';

describe('every copy of a secret value is masked in what a person sees', () => {
  const dir = tempDir('secret-echo');
  writeFileSync(join(dir, 'vsts.ini'), [
    '[vsts]',
    'client_id = 6b1d3f5a-2c4e-4a8b-9d0f-1e3a5c7b9d2f',
    `client_secret = ${secret}`,
    'authorize_url = https://app.vssps.visualstudio.com/oauth2/authorize',
    'token_url = https://app.vssps.visualstudio.com/oauth2/token',
    `; old value kept for the staging box: ${secret}`,
    'scope = vso.code',
    '',
  ].join('\n'));

  it.each([
    ['plan text', ['plan', '.', ...ids]], ['plan json', ['plan', '.', ...ids, '--json']],
    ['report markdown', ['report', '.', ...ids]], ['report html', ['report', '.', ...ids, '--format', 'html']],
  ])('%s', async (_label, args) => {
    const r = await cli([...args, '--verbose'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('old value kept for the staging box'); // the copy's line is shown as context
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(r.stdout + r.stderr).not.toContain(secret.slice(0, 12));
  }, 120_000);

  it('stays linear: a file with thousands of copies masks at most the bounded number and keeps its lines', () => {
    const value = 'S3cr3tValue!x';
    const text = `password=${value}\n${`${value} `.repeat(5000)}\n`;
    const setting = { key: 'password', value, range: [9, 9 + value.length] } as unknown as Setting;
    const masked = applyTextChanges(text, secretMasks(text, [setting]));
    expect(masked.split('\n')).toHaveLength(3);
    expect(masked.startsWith('password=***\n*** *** ')).toBe(true);
    expect(masked.match(/\*\*\*/g)!.length).toBe(1000); // the setting itself is the first of the bounded places
  });
});
