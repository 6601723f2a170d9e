// Merges many repositories' scan/validate results (CI artifacts) into one inventory. Pure: inputs are parsed JSON.
import { z } from 'zod';
import { Finding } from '../model/finding.js';
import { BurndownPoint, rollupSchemaVersion, type Blocker, type RollupAppStatus, type RollupPermission, type RollupRepository, type RollupResult } from '../model/rollup.js';
import { App, EntraApp, Repository } from '../model/scan.js';
import { entraScope, isHighPrivilege, lookupScope, minimize } from '../model/scope-catalog.js';

/** One JSON document read from an input file (`source`: where it came from, as shown to the user). */
export interface RollupInput {
  source: string;
  /** The folder of the input file: keys results that name no remote. */
  folder: string;
  value: unknown;
  /** Why the file could not be read or parsed, when it could not. */
  error?: string;
}

// Read leniently: results written before repository/entraApps/status existed are still version 1.
const ScanInput = z.object({
  schemaVersion: z.literal(1),
  root: z.string(),
  repository: Repository.nullable().optional(),
  apps: z.array(App.extend({ status: App.shape.status.optional() })),
  entraApps: z.array(EntraApp).optional(),
  findings: z.array(Finding),
});
const ValidateInput = z.object({
  schemaVersion: z.literal(1),
  ok: z.boolean(),
  repository: Repository.nullable().optional(),
  entraApps: z.array(EntraApp).optional(),
  findings: z.array(Finding),
});
type ScanInput = z.infer<typeof ScanInput>;
type ValidateInput = z.infer<typeof ValidateInput>;

interface Result {
  source: string;
  key: string;
  repository: Repository | null;
  scan?: ScanInput;
  validate?: ValidateInput;
}

/** Merges the inputs; the latest commit of each repository wins, and a scan and a validate of that commit are one entry. */
export function buildRollup(inputs: readonly RollupInput[], history: readonly BurndownPoint[], generatedAt: string): RollupResult {
  const skipped: RollupResult['skipped'] = [];
  const results: Result[] = [];
  for (const input of inputs) {
    const docs = isMultiScan(input.value) ? input.value.scans.map((v, i) => ({ ...input, source: `${input.source}#scans[${i}]`, value: v })) : [input];
    for (const doc of docs) {
      const r = classify(doc);
      if ('reason' in r) skipped.push({ input: doc.source, reason: r.reason });
      else results.push(r);
    }
  }
  const byKey = new Map<string, Result[]>();
  for (const r of results) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  const repositories: RollupRepository[] = [];
  const blockers: Blocker[] = [];
  for (const [key, group] of byKey) {
    const latest = group.reduce((a, b) => (time(b) > time(a) ? b : a));
    const kept = group.filter((r) => r.repository?.commit === latest.repository?.commit && time(r) === time(latest));
    for (const r of group) if (!kept.includes(r)) skipped.push({ input: r.source, reason: `older commit of ${key} (${short(r.repository?.commit)}; kept ${short(latest.repository?.commit)})` });
    const entry = merge(key, kept);
    repositories.push(entry.repository);
    blockers.push(...entry.blockers);
  }
  repositories.sort((a, b) => a.key.localeCompare(b.key) || a.path.localeCompare(b.path));
  const apps = repositories.flatMap((r) => r.apps);
  const count = (s: RollupAppStatus) => apps.filter((a) => a.status === s).length;
  const byStatus = { legacy: count('legacy'), dualRun: count('dual-run'), migrated: count('migrated'), broken: count('broken') };
  const blockerCount = (k: Blocker['kind']) => blockers.filter((b) => b.kind === k).length;
  const today = { date: generatedAt.slice(0, 10), repositories: repositories.length, ...byStatus };
  return {
    schemaVersion: rollupSchemaVersion,
    kind: 'ado2entra-rollup',
    generatedAt,
    repositories,
    totals: {
      repositories: repositories.length,
      withLegacy: repositories.filter((r) => r.apps.some((a) => a.status === 'legacy' || a.status === 'dual-run')).length,
      apps: apps.length,
      byStatus,
      blockers: { msaUsers: blockerCount('msa-users'), committedSecrets: blockerCount('committed-secret'), baseUrls: blockerCount('base-url') },
    },
    blockers: blockers.sort((a, b) => a.kind.localeCompare(b.kind) || a.repository.localeCompare(b.repository) || a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0)),
    permissions: permissions(repositories),
    burndown: [...history.filter((p) => p.date < today.date), today].sort((a, b) => a.date.localeCompare(b.date)),
    skipped,
  };
}

function isMultiScan(value: unknown): value is { scans: unknown[] } {
  return typeof value === 'object' && value !== null && (value as { schemaVersion?: unknown }).schemaVersion === 1 && Array.isArray((value as { scans?: unknown }).scans);
}

function classify(input: RollupInput): Result | { reason: string } {
  if (input.error) return { reason: input.error };
  const v = input.value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null || Array.isArray(v) || typeof v.schemaVersion !== 'number') return { reason: 'not an ado2entra scan or validate result (no schemaVersion)' };
  if (v.schemaVersion > 1) return { reason: `schemaVersion ${v.schemaVersion} is newer than this ado2entra reads (1): upgrade ado2entra` };
  if (v.kind === 'ado2entra-rollup') return { reason: 'a rollup result, not a scan or validate result (pass earlier rollups with --history)' };
  const asScan = 'root' in v && 'stats' in v && !('edits' in v) ? ScanInput.safeParse(v) : null;
  const asValidate = 'ok' in v && 'failOn' in v ? ValidateInput.safeParse(v) : null;
  const parsed = asScan ?? asValidate;
  if (!parsed) return { reason: 'not an ado2entra scan or validate result (a plan, report or other JSON)' };
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { reason: `not a valid ado2entra ${asScan ? 'scan' : 'validate'} result: ${issue.path.join('.') || '(top)'}: ${issue.message}` };
  }
  const repository = parsed.data.repository ?? null;
  const where = repository?.remote ?? `${input.folder}${repository ? '' : `:${(parsed.data as { root?: string }).root ?? '.'}`}`;
  const key = `${where}#${repository?.path ?? '.'}`;
  return { source: input.source, key, repository, ...(asScan ? { scan: parsed.data as ScanInput } : { validate: parsed.data as ValidateInput }) };
}

function time(r: Result): number {
  const t = Date.parse(r.repository?.committedAt ?? '');
  return Number.isNaN(t) ? 0 : t;
}

function short(commit: string | null | undefined): string {
  return commit ? commit.slice(0, 12) : 'no commit';
}

function merge(key: string, results: readonly Result[]): { repository: RollupRepository; blockers: Blocker[] } {
  const repo = results.find((r) => r.repository)?.repository ?? null;
  const scan = results.find((r) => r.scan)?.scan;
  const validate = results.find((r) => r.validate)?.validate;
  const root = scan?.root;
  const label = repo?.remote ? `${repo.remote}${repo.path === '.' ? '' : ` (${repo.path})`}` : root && root !== '.' ? root : key.replace(/#\.$/, '');
  const entraStatus = new Map((validate?.entraApps ?? []).map((a) => [a.id, a.status]));
  const apps: RollupRepository['apps'] = [
    ...(scan?.apps ?? []).map((a) => ({ id: a.id, status: a.status ?? 'legacy', clientId: a.clientId, files: a.files, scopes: a.scopes })),
    ...(scan?.entraApps ?? validate?.entraApps ?? []).map((a) => ({ id: a.id, status: entraStatus.get(a.id) ?? a.status, clientId: a.clientId, files: a.files, scopes: [] })),
  ];
  const blockers: Blocker[] = [];
  const seen = new Set<string>();
  const add = (b: Blocker) => {
    const k = `${b.kind}\0${b.file}\0${b.line}`;
    if (!seen.has(k)) blockers.push(b);
    seen.add(k);
  };
  for (const f of validate?.findings ?? []) {
    if (f.ruleId === 'A2E015') add({ kind: 'msa-users', repository: label, appId: f.appId, file: f.file, line: f.line, message: f.message });
    if (f.ruleId === 'A2E005' || f.ruleId === 'A2E006') add({ kind: 'committed-secret', repository: label, appId: f.appId, file: f.file, line: f.line, message: f.message });
  }
  for (const a of scan?.apps ?? []) {
    if (!a.hasSecret || blockers.some((b) => b.kind === 'committed-secret' && a.files.includes(b.file))) continue;
    const secrets = scan!.findings.filter((f) => f.appId === a.id && (f.kind === 'client-secret' || f.kind === 'legacy-secret-value'));
    const at = secrets.find((f) => f.kind === 'legacy-secret-value') ?? secrets.find((f) => f.origin !== 'code') ?? secrets[0];
    add({ kind: 'committed-secret', repository: label, appId: a.id, file: at?.file ?? a.files[0] ?? '', line: at?.line ?? null, message: `app ${a.id}: its legacy client secret is committed; revoke it, and keep the new Entra secret out of the files` });
  }
  for (const f of scan?.findings ?? []) {
    if (f.kind === 'oauth-host') add({ kind: 'base-url', repository: label, appId: f.appId, file: f.file, line: f.line, message: 'base URL that code appends /oauth2/... to: the code changes too (an Entra authority plus /oauth2/v2.0/...), and REST calls keep the Azure DevOps base' });
  }
  return {
    repository: {
      key, name: label, remote: repo?.remote ?? null, commit: repo?.commit ?? null, branch: repo?.branch ?? null, path: repo?.path ?? '.', committedAt: repo?.committedAt ?? null,
      sources: results.map((r) => r.source), apps, validateOk: validate ? validate.ok : null,
    },
    blockers,
  };
}

function permissions(repositories: readonly RollupRepository[]): RollupPermission[] {
  const uses = new Map<string, { apps: number; repositories: Set<string> }>();
  for (const r of repositories) {
    for (const a of r.apps) {
      if (a.status !== 'legacy' && a.status !== 'dual-run') continue;
      for (const scope of minimize(a.scopes.filter((s) => lookupScope(s)))) {
        const u = uses.get(scope) ?? { apps: 0, repositories: new Set<string>() };
        u.apps++;
        u.repositories.add(r.key);
        uses.set(scope, u);
      }
    }
  }
  return [...uses].map(([value, u]) => {
    const entry = lookupScope(value)!;
    return { value, entra: entraScope(value), permissionId: entry.permissionId, name: entry.name, adminConsent: isHighPrivilege(value), apps: u.apps, repositories: u.repositories.size };
  }).sort((a, b) => b.apps - a.apps || a.value.localeCompare(b.value));
}

/** Reads one dated snapshot for the burn-down: an earlier rollup's JSON. Null when it is not one. */
export function burndownPointOf(value: unknown): BurndownPoint | null {
  const v = value as { kind?: unknown; generatedAt?: unknown; totals?: { repositories?: unknown; byStatus?: unknown } } | null;
  if (!v || v.kind !== 'ado2entra-rollup' || typeof v.generatedAt !== 'string') return null;
  const point = BurndownPoint.safeParse({ date: v.generatedAt.slice(0, 10), repositories: v.totals?.repositories, ...(v.totals?.byStatus as object) });
  return point.success ? point.data : null;
}
