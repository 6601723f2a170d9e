import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { BurndownPoint, RollupResult } from '../model/rollup.js';
import type { RollupInput } from '../report/rollup.js';
import { emit, exitCodes, formatOf, progress, UsageError, type CommonOptions } from './common.js';

export interface RollupOptions extends CommonOptions {
  history?: string;
}

const dated = /^\d{4}-\d{2}-\d{2}/;

export async function runRollup(inputs: string[], opts: RollupOptions): Promise<number> {
  const format = formatOf(opts, ['markdown', 'html', 'json', 'csv'], 'markdown');
  if (inputs.length === 0) throw new UsageError('rollup needs at least one INPUT: scan/validate --json files, or folders of them (CI artifacts)');
  const cwd = opts.cwd ?? '.';
  const { buildRollup } = await import('../report/rollup.js');
  const generatedAt = now();
  const history = opts.history ? await readHistory(resolve(cwd, opts.history), opts) : [];
  const result = buildRollup(readInputs(inputs.map((i) => resolve(cwd, i)), cwd), history, generatedAt);
  for (const s of result.skipped) progress(opts, `skipped ${s.input}: ${s.reason}`);
  const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
  await emit(await render(result, format, version), opts);
  return exitCodes.ok;
}

async function render(result: RollupResult, format: string, version: string): Promise<string> {
  if (format === 'json') return JSON.stringify(result, null, 2);
  if (format === 'html') return (await import('../report/rollup-html.js')).renderRollupHtml(result, version);
  const text = await import('../report/rollup-text.js');
  return format === 'csv' ? text.renderRollupCsv(result) : text.renderRollupMarkdown(result, version);
}

/** Every `.json` file named or under a named folder, parsed; unreadable or non-JSON files become skipped entries. */
function readInputs(paths: readonly string[], cwd: string): RollupInput[] {
  const out: RollupInput[] = [];
  for (const path of paths) {
    if (!existsSync(path)) throw new UsageError(`input does not exist: ${relative(cwd, path) || path}`);
    for (const file of statSync(path).isDirectory() ? jsonFilesUnder(path) : [path]) {
      const source = relative(cwd, file) || basename(file);
      const folder = relative(cwd, dirname(file)) || '.';
      try {
        out.push({ source, folder, value: JSON.parse(readFileSync(file, 'utf8')) });
      } catch (err) {
        out.push({ source, folder, value: null, error: `not JSON (${(err as Error).message.replace(/\s+/g, ' ').slice(0, 120)})` });
      }
    }
  }
  return out;
}

function jsonFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...jsonFilesUnder(path));
    else if (entry.isFile() && entry.name.endsWith('.json')) out.push(path);
  }
  return out;
}

/**
 * Dated snapshots for the burn-down: earlier rollups saved as JSON (dated by their generatedAt), and folders of
 * CI artifacts named by date (`2026-11-01/…`), each rolled up on its own.
 */
async function readHistory(dir: string, opts: RollupOptions): Promise<BurndownPoint[]> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--history must be a folder of dated snapshots: ${opts.history}`);
  const { buildRollup, burndownPointOf } = await import('../report/rollup.js');
  const points = new Map<string, BurndownPoint>();
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && dated.test(entry.name)) {
      const day = entry.name.slice(0, 10);
      const r = buildRollup(readInputs([path], dir), [], `${day}T00:00:00.000Z`);
      points.set(day, { date: day, repositories: r.totals.repositories, ...r.totals.byStatus });
    } else if (entry.isFile() && entry.name.endsWith('.json')) {
      let point: BurndownPoint | null = null;
      try {
        point = burndownPointOf(JSON.parse(readFileSync(path, 'utf8')));
      } catch {
        // reported below
      }
      if (point) points.set(point.date, point);
      else progress(opts, `skipped history ${entry.name}: not a rollup --json result`);
    }
  }
  return [...points.values()];
}

/** The rollup's timestamp: now, or SOURCE_DATE_EPOCH when set (reproducible output). */
function now(): string {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  return new Date(process.env.SOURCE_DATE_EPOCH && Number.isFinite(epoch) ? epoch * 1000 : Date.now()).toISOString();
}
