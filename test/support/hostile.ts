import { tempDir } from './temp.js';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const legacy = 'https://app.vssps.visualstudio.com/oauth2/authorize';

/** A folder of hostile files, each named for what it does; returns the folder and the files that must be diagnosed. */
export function hostileTree(): { dir: string; expect: Record<string, RegExp> } {
  const dir = tempDir('hostile');
  const x = (name: string, content: string | Buffer) => writeFileSync(join(dir, name), content);
  const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_v, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('');
  x('billion-laughs.config', `<?xml version="1.0"?><!DOCTYPE lolz [${lol}]><appSettings><add key="AuthUrl" value="${legacy} &lol9;"/></appSettings>`);
  x('xxe.config', `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><appSettings><add key="TokenUrl" value="${legacy} &xxe;"/></appSettings>`);
  x('alias-bomb.yaml', `a: &a ["vso.code","vso.code"]\n${Array.from({ length: 12 }, (_v, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(4).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\nurl: ${legacy}\n`);
  x('deep.json', `{"u":"${legacy}","d":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
  x('deep.yaml', `u: ${legacy}\nd: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
  x('single-line-50mb.json', `{"u":"${legacy}","pad":"${'a'.repeat(50 * 1024 * 1024)}"}`);
  x('invalid-utf8.env', Buffer.concat([Buffer.from(`VSTS_AUTH_URL=${legacy}\nX=`), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('\n')]));
  x('utf16.env', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`VSTS_AUTH_URL=${legacy}\n`, 'utf16le')]));
  x('nul-bytes.env', Buffer.concat([Buffer.from(`VSTS_AUTH_URL=${legacy}\n`), Buffer.from([0, 0, 10])]));
  execFileSync('mkfifo', [join(dir, 'fifo.env')]);
  symlinkSync('loop-b.env', join(dir, 'loop-a.env'));
  symlinkSync('loop-a.env', join(dir, 'loop-b.env'));
  symlinkSync('deleted-before-read.env', join(dir, 'vanished.env'));
  mkdirSync(join(dir, 'dirloop'));
  symlinkSync('..', join(dir, 'dirloop', 'up'));
  return {
    dir,
    expect: {
      'billion-laughs.config': /undefined entity/,
      'xxe.config': /undefined entity/,
      'deep.json': /nesting deeper/,
      'deep.yaml': /nesting deeper/,
      'single-line-50mb.json': /larger than --max-file-size/,
      'nul-bytes.env': /binary/,
      'fifo.env': /not a regular file/,
      'loop-a.env': /symlink loop/,
      'vanished.env': /broken symlink/,
    },
  };
}
