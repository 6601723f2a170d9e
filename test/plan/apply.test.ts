import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { missing } from '../support/skip.js';
import { tempDir } from '../support/temp.js';
import { scan } from '../../src/detect/scan.js';
import type { Plan } from '../../src/model/plan.js';
import { applyPlan } from '../../src/plan/apply.js';
import { listBackups, nextBackupId } from '../../src/plan/backups.js';
import { pickBackup, rollback } from '../../src/plan/rollback.js';
import { Refusal } from '../../src/plan/safety.js';
import { repoRoot } from '../support/golden.js';
import { clientId, copyFixture, planFor, tenant, treeHashes } from '../support/plan-helpers.js';

const cli = join(repoRoot, 'dist', 'cli', 'index.js');
const opts = { planSha256: 'test' };

function legacyConfigErrors(dir: string) {
  return scan(dir).findings.filter((f) => f.origin === 'config' && f.severity === 'error');
}

function expectRefused(fn: () => unknown, message: RegExp): void {
  expect(fn).toThrow(Refusal);
  expect(fn).toThrow(message);
}

afterEach(() => {
  delete process.env.ADO2ENTRA_FAULT;
});

describe('plan → apply → rescan → rollback over every fixture', () => {
  const dir = copyFixture();
  const original = treeHashes(dir);
  const plan = planFor(dir);

  it('apply leaves no legacy setting in config, and touches only the planned files', () => {
    expect(legacyConfigErrors(dir).length).toBeGreaterThan(0);
    const result = applyPlan(plan, dir, opts);
    expect(result.applied.sort()).toEqual(plan.edits.map((e) => e.file).sort());
    // a shared base stays (code appends /oauth2/… to it, REST calls use it too): the plan blocks on it instead
    // (by file and kind: a tenant id inserted above the base moves it down a line)
    const blocked = (f: { file: string; kind: string }) => f.kind === 'oauth-host' && plan.risks.some((r) => r.ruleId === 'A2E315' && r.file === f.file);
    expect(legacyConfigErrors(dir).filter((f) => !blocked(f))).toEqual([]);
    const now = treeHashes(dir);
    const changed = Object.keys(now).filter((f) => now[f] !== original[f]).sort();
    expect(changed).toEqual(plan.edits.map((e) => e.file).sort());
  });

  it('is idempotent: the same plan again is a no-op, and a new plan has no edits', () => {
    const again = applyPlan(plan, dir, opts);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied.length).toBe(plan.edits.length);
    expect(planFor(dir).edits).toEqual([]);
  });

  it('rollback restores every file sha256-identical', () => {
    const journal = pickBackup(dir, undefined)!;
    expect(journal.state).toBe('applied');
    const result = rollback(dir, journal);
    expect(result.restored.length).toBe(plan.edits.length);
    expect(treeHashes(dir)).toEqual(original);
    expect(listBackups(dir).journals[0]!.state).toBe('rolled-back');
  });
});

describe('apply keeps file modes', () => {
  it('a 0640 file is still 0640 after apply and after rollback', () => {
    const dir = copyFixture('helm-values');
    chmodSync(join(dir, 'values.yaml'), 0o640);
    applyPlan(planFor(dir), dir, opts);
    expect(statSync(join(dir, 'values.yaml')).mode & 0o777).toBe(0o640);
    rollback(dir, pickBackup(dir, undefined)!);
    expect(statSync(join(dir, 'values.yaml')).mode & 0o777).toBe(0o640);
  });
});

describe('a file whose name is near the file system limit', () => {
  it('is applied and rolled back: the temp file beside it gets a shortened name (255 bytes at most)', () => {
    const dir = tempDir('long-name');
    const name = `${'a'.repeat(246)}.env`; // 250 bytes: the temp name may not add to it
    writeFileSync(join(dir, name), 'VSTS_CLIENT_ID=6b1d3f5a-2c4e-4a8b-9d0f-1e3a5c7b9d2f\nVSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\n');
    const original = treeHashes(dir);
    const result = applyPlan(planFor(dir), dir, opts);
    expect(result.applied).toEqual([name]);
    const temp = listBackups(dir).journals[0]!.files[0]!.temp!;
    expect(Buffer.byteLength(temp)).toBeLessThanOrEqual(255);
    expect(readFileSync(join(dir, name), 'utf8')).toContain('login.microsoftonline.com');
    rollback(dir, pickBackup(dir, undefined)!);
    expect(treeHashes(dir)).toEqual(original);
  });
});

describe('apply keeps the owner (issue 13 item 16)', () => {
  it.skipIf(missing(process.getuid?.() !== 0, 'not root: file ownership (chown to another uid/gid) cannot be tested; CI runs as root'))('a file owned by 1234:2345 keeps its uid/gid after apply and after rollback', () => {
    const dir = copyFixture('helm-values');
    chownSync(join(dir, 'values.yaml'), 1234, 2345);
    applyPlan(planFor(dir), dir, opts);
    expect(statSync(join(dir, 'values.yaml'))).toMatchObject({ uid: 1234, gid: 2345 });
    rollback(dir, pickBackup(dir, undefined)!);
    expect(statSync(join(dir, 'values.yaml'))).toMatchObject({ uid: 1234, gid: 2345 });
  });
});

describe('backup ids sort in the order the applies ran (issue 13 item 15)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('five applies in the same millisecond: strictly increasing ids, and plain rollback picks the last', () => {
    const dir = tempDir('ids');
    for (let i = 0; i < 5; i++) writeFileSync(join(dir, `svc${i}.env`), `VSTS_AUTH_URL=https://app.vssps.visualstudio.com/oauth2/authorize\nVSTS_CLIENT_ID=0000000${i}-1111-4222-8333-444444444444\n`);
    const plan = planFor(dir);
    expect(plan.edits).toHaveLength(5);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T20:41:31.042Z'));
    const ids = plan.edits.map((edit) => applyPlan({ ...plan, edits: [edit] }, dir, opts).backupId!);
    expect(ids[0]).toBe('20261123T204131042Z-000001');
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(5);
    expect(listBackups(dir).journals.map((j) => j.id)).toEqual(ids);
    expect(pickBackup(dir, undefined)!.id).toBe(ids[4]);
  });

  it('a clock set back still gives a later id', () => {
    expect(nextBackupId(['20261123T204131042Z-000007'], new Date('2026-11-23T20:41:30.000Z'))).toBe('20261123T204131042Z-000008');
    expect(nextBackupId(['20261123T204131042Z-000007'], new Date('2026-11-23T20:41:31.043Z'))).toBe('20261123T204131043Z-000001');
  });
});

describe('refusals: nothing is written', () => {
  const refusedWithoutWrites = (dir: string, plan: Plan, message: RegExp, options = {}) => {
    const before = treeHashes(dir);
    expectRefused(() => applyPlan(plan, dir, { ...opts, ...options }), message);
    expect(treeHashes(dir)).toEqual(before);
    expect(existsSync(join(dir, '.ado2entra'))).toBe(false);
  };

  it('a file changed since the plan (stale)', () => {
    const dir = copyFixture('node-express');
    const plan = planFor(dir);
    writeFileSync(join(dir, '.env.example'), `${readFileSync(join(dir, '.env.example'), 'utf8')}EXTRA=1\n`);
    refusedWithoutWrites(dir, plan, /changed since the plan/);
  });

  it.each([
    ['../outside.env', /leaves the root/],
    ['/etc/passwd', /not a relative path/],
    ['.git/config', /inside \.git/],
    ['a/../../x', /leaves the root/],
    ['.ado2entra/backups/x', /inside \.ado2entra/],
  ])('a path like %s', (file, message) => {
    const dir = copyFixture('node-express');
    const plan = planFor(dir);
    plan.edits[0]!.file = file;
    refusedWithoutWrites(dir, plan, message);
  });

  it('a folder that is a symlink out of the root', () => {
    const dir = copyFixture('node-express');
    const outside = tempDir('outside');
    writeFileSync(join(outside, '.env.example'), readFileSync(join(dir, '.env.example')));
    symlinkSync(outside, join(dir, 'linked'));
    const plan = planFor(dir);
    plan.edits[0]!.file = 'linked/.env.example';
    refusedWithoutWrites(dir, plan, /outside the root through a symlink/);
    expect(readFileSync(join(outside, '.env.example'))).toEqual(readFileSync(join(dir, '.env.example')));
  });

  it('a diff edited by hand, or changes that do not match the diff (tampered plan)', () => {
    const dir = copyFixture('sample-app');
    const plan = planFor(dir);
    const tamperedDiff = structuredClone(plan);
    tamperedDiff.edits[0]!.diff = tamperedDiff.edits[0]!.diff.replace('11111111-2222', '99999999-2222');
    refusedWithoutWrites(dir, tamperedDiff, /diff does not match/);
    const tamperedChange = structuredClone(plan);
    tamperedChange.edits[0]!.changes[0]!.text = '"https://evil.example/"';
    refusedWithoutWrites(dir, tamperedChange, /tampered plan/);
  });

  it('a read-only file', () => {
    const dir = copyFixture('helm-values');
    const plan = planFor(dir);
    chmodSync(join(dir, 'values.yaml'), 0o444);
    refusedWithoutWrites(dir, plan, /read-only/);
  });

  it('a state folder where the backup key cannot be kept (a refusal naming ADO2ENTRA_STATE_DIR, not a crash)', () => {
    const dir = copyFixture('helm-values');
    const saved = process.env.ADO2ENTRA_STATE_DIR;
    process.env.ADO2ENTRA_STATE_DIR = join(dir, 'values.yaml', 'state');
    try {
      refusedWithoutWrites(dir, planFor(dir), /cannot create the folder for the key .*\(ENOTDIR\): set ADO2ENTRA_STATE_DIR/);
    } finally {
      process.env.ADO2ENTRA_STATE_DIR = saved;
    }
  });

  it('a dirty git tree, unless --allow-dirty', () => {
    const dir = copyFixture('helm-values');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    writeFileSync(join(dir, 'README.md'), 'notes\n');
    git('add', '.');
    git('commit', '-qm', 'init');
    writeFileSync(join(dir, 'README.md'), 'notes, edited\n');
    const plan = planFor(dir);
    refusedWithoutWrites(dir, plan, /uncommitted changes \(README\.md\)/);
    expect(applyPlan(plan, dir, { ...opts, allowDirty: true }).applied).toEqual(['values.yaml']);
  });
});

describe('failures mid-apply', () => {
  it('a full disk on the second file puts the first one back', () => {
    const dir = copyFixture('ruby-toml-tool');
    const before = treeHashes(dir);
    const plan = planFor(dir);
    expect(plan.edits.length).toBe(2);
    process.env.ADO2ENTRA_FAULT = 'fail-write:2';
    expectRefused(() => applyPlan(plan, dir, opts), /ENOSPC.*restored/);
    expect(treeHashes(dir)).toEqual(before);
    expect(listBackups(dir).journals[0]!.state).toBe('failed');
  });

  it('Ctrl-C (SIGINT) during the writes: apply finishes the batch, restores every file, exits 1', () => {
    const dir = copyFixture('ruby-toml-tool');
    const before = treeHashes(dir);
    const planPath = join(tempDir('plan'), 'sigint.plan.json');
    writeFileSync(planPath, JSON.stringify(planFor(dir)));
    const r = spawnSync(process.execPath, [cli, 'apply', planPath], { cwd: dir, encoding: 'utf8', env: { ...process.env, ADO2ENTRA_FAULT: 'sigint-after-write:1' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('interrupted: every file was restored');
    expect(treeHashes(dir)).toEqual(before);
    expect(listBackups(dir).journals[0]!.state).toBe('rolled-back');
  });

  it('SIGKILL after the first rename: the journal is on disk and rollback restores everything', () => {
    const dir = copyFixture('ruby-toml-tool');
    const before = treeHashes(dir);
    const planPath = join(tempDir('plan'), 'plan.json');
    writeFileSync(planPath, JSON.stringify(planFor(dir)));
    const run = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, env: { ...process.env, ...env, NO_COLOR: '1' }, encoding: 'utf8' });
    const killed = run(['apply', planPath], { ADO2ENTRA_FAULT: 'kill-after-write:1' });
    expect(killed.signal).toBe('SIGKILL');
    const now = treeHashes(dir);
    expect(Object.keys(now).filter((f) => now[f] !== before[f])).toHaveLength(1);
    expect(listBackups(dir).journals[0]!.state).toBe('applying');

    const blocked = run(['apply', planPath]);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toMatch(/interrupted apply: run `ado2entra rollback/);

    const restored = run(['rollback']);
    expect(restored.status).toBe(0);
    expect(treeHashes(dir)).toEqual(before);
  });
});

describe('apply and rollback commands', () => {
  const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });

  it('plan --out, apply, rollback --list, rollback <id>, with exit codes', () => {
    const dir = copyFixture('sample-app');
    const before = treeHashes(dir);
    const planned = run(dir, 'plan', '.', '--tenant', tenant, '--client-id', clientId, '--out', 'plan.json', '--detailed-exitcode');
    expect(planned.status).toBe(2);
    const applied = run(dir, 'apply', 'plan.json', '--json');
    expect(applied.status).toBe(0);
    const result = JSON.parse(applied.stdout);
    expect(result).toMatchObject({ schemaVersion: 1, ok: true, applied: ['OAuth.config'] });
    const replanned = run(dir, 'plan', '.', '--tenant', tenant, '--client-id', clientId, '--json');
    expect(JSON.parse(replanned.stdout).edits).toEqual([]);
    const listed = run(dir, 'rollback', '--list');
    expect(listed.stdout).toContain(result.backupId);
    expect(run(dir, 'rollback', result.backupId).status).toBe(0);
    const after = treeHashes(dir);
    delete after['plan.json'];
    expect(after).toEqual(before);
  });

  it('a malformed plan is an input error (exit 2); an unknown backup id is refused (exit 1)', () => {
    const dir = copyFixture('sample-app');
    writeFileSync(join(dir, 'bad.json'), '{"schemaVersion": 1, "edits": [{"file": 3}]}');
    const bad = run(dir, 'apply', 'bad.json');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not a valid ado2entra plan/);
    writeFileSync(join(dir, 'notjson.json'), 'nope');
    expect(run(dir, 'apply', 'notjson.json').status).toBe(2);
    expect(run(dir, 'apply', 'missing.json').status).toBe(2);
    expect(run(dir, 'rollback', '20200101T000000Z-abcd').status).toBe(1);
    expect(run(dir, 'plan', '.', '--tenant', tenant, '--client-id', clientId, '--out', 'plan.json').status).toBe(0);
    const elsewhere = tempDir('elsewhere');
    const misplaced = run(elsewhere, 'apply', join(dir, 'plan.json'));
    expect(misplaced.status).toBe(2);
    expect(misplaced.stderr).toMatch(/run apply from the folder where you ran plan/);
  });
});
