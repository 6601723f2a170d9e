import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

export interface DiscoveredFiles {
  /** Paths relative to the root, `/`-separated, sorted. */
  files: string[];
  /** How the list was made: `git` (ls-files) or `walk`. */
  method: 'git' | 'walk';
  /** Entries the walk saw and will not read (FIFOs, devices, broken or looping or escaping symlinks), with why. */
  skipped: { file: string; reason: string }[];
  /** Folders that may hold files the scan cannot see (a git submodule, an unreadable folder): validate fails on them. */
  unchecked: { file: string; reason: string }[];
}

const alwaysSkipped = /(^|\/)(\.git|node_modules|\.ado2entra)(\/|$)/;

/** Lists the files to scan: `git ls-files -co --exclude-standard` in a work tree, else a .gitignore-aware walk. */
export function discoverFiles(root: string): DiscoveredFiles {
  const fromGit = gitFiles(root);
  const skipped: DiscoveredFiles['skipped'] = [];
  const unchecked: DiscoveredFiles['unchecked'] = [];
  const files = (fromGit ? readable(root, fromGit, skipped, unchecked) : walk(root, skipped, unchecked)).filter((f) => !alwaysSkipped.test(f)).sort();
  return { files, method: fromGit ? 'git' : 'walk', skipped, unchecked };
}

function gitFiles(root: string): string[] | null {
  try {
    const inside = execFileSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    if (inside !== 'true') return null;
    const out = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z', '--', '.'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
    return [...new Set(out.toString('utf8').split('\0').filter(Boolean))];
  } catch {
    return null;
  }
}

/**
 * git lists a committed symlink like any file: judge it as the walk does (read only when it is a file inside the
 * root), so a link to ~/.ssh or /etc never reaches the findings or a plan.
 */
function readable(root: string, files: string[], skipped: DiscoveredFiles['skipped'], unchecked: DiscoveredFiles['unchecked']): string[] {
  const rootReal = realpathSync(root);
  return files.filter((file) => {
    let isLink: boolean;
    try {
      const st = lstatSync(join(root, file));
      // git lists a submodule as one entry, its folder: nothing in it is scanned
      if (st.isDirectory()) {
        unchecked.push({ file, reason: 'git submodule: not scanned (run ado2entra in it)' });
        return false;
      }
      isLink = st.isSymbolicLink();
    } catch {
      return true; // deleted since ls-files: the read reports it
    }
    if (!isLink) return true;
    const why = symlinkProblem(join(root, file), rootReal);
    if (why) skipped.push({ file, reason: why });
    return why === null;
  });
}

function walk(root: string, skipped: DiscoveredFiles['skipped'], unchecked: DiscoveredFiles['unchecked']): string[] {
  const out: string[] = [];
  const rootReal = realpathSync(root);
  const visit = (dir: string, rules: { base: string; ig: Ignore }[]) => {
    const rel = relative(root, dir).split(sep).join('/');
    const own = readIgnoreFile(join(dir, '.gitignore'));
    const active = own ? [...rules, { base: rel, ig: own }] : rules;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      unchecked.push({ file: rel || '.', reason: `folder not readable (${(err as NodeJS.ErrnoException).code ?? 'error'}): not scanned` });
      return;
    }
    for (const entry of entries) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (alwaysSkipped.test(path)) continue;
      const isDir = entry.isDirectory();
      if (ignored(active, path, isDir)) continue;
      if (isDir) visit(join(dir, entry.name), active);
      else if (entry.isFile()) out.push(path);
      else {
        const why = entry.isSymbolicLink() ? symlinkProblem(join(dir, entry.name), rootReal) : 'not a regular file (FIFO, socket or device)';
        if (why === null) out.push(path);
        else if (why) skipped.push({ file: path, reason: why });
      }
    }
  };
  visit(root, []);
  return out;
}

function ignored(rules: { base: string; ig: Ignore }[], path: string, isDir: boolean): boolean {
  return rules.some(({ base, ig }) => {
    const local = base ? path.slice(base.length + 1) : path;
    return ig.ignores(isDir ? `${local}/` : local);
  });
}

function readIgnoreFile(path: string): Ignore | null {
  try {
    return ignore().add(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Why a symlink is not read (null: it is a file inside the root; '': a folder link, silently not followed). */
function symlinkProblem(path: string, rootReal: string): string | null {
  let target: string;
  try {
    target = realpathSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ELOOP' ? 'symlink loop' : code === 'ENOENT' ? 'broken symlink' : `unreadable symlink (${code})`;
  }
  if (target !== rootReal && !target.startsWith(rootReal + sep)) return 'symlink to outside the scanned folder';
  try {
    const st = statSync(target);
    return st.isFile() ? null : st.isDirectory() ? '' : 'symlink to a FIFO, socket or device';
  } catch {
    return 'broken symlink';
  }
}
