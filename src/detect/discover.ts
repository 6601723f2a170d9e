import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

export interface DiscoveredFiles {
  /** Paths relative to the root, `/`-separated, sorted. */
  files: string[];
  /** How the list was made: `git` (ls-files) or `walk`. */
  method: 'git' | 'walk';
  /** Symlinks among `files` (each to a file inside the root): the only paths a reader may follow; the rest are opened with O_NOFOLLOW. */
  links: Set<string>;
  /** Entries the walk saw and will not read (FIFOs, devices, broken or looping or escaping symlinks), with why. */
  skipped: { file: string; reason: string }[];
  /** Folders that may hold files the scan cannot see (a git submodule, an unreadable folder): validate fails on them. */
  unchecked: { file: string; reason: string }[];
}

const alwaysSkipped = /(^|\/)(\.git|node_modules|\.ado2entra)(\/|$)/;

/** Lists the files to scan: tracked and untracked-but-not-ignored files in a git work tree, else a .gitignore-aware walk. */
export function discoverFiles(root: string): DiscoveredFiles {
  const out: DiscoveredFiles = { files: [], method: 'git', links: new Set(), skipped: [], unchecked: [] };
  const fromGit = gitFiles(root);
  const files = fromGit ? readable(root, fromGit, out) : walk(root, out);
  if (!fromGit) out.method = 'walk';
  out.files = files.filter((f) => !alwaysSkipped.test(f)).sort();
  return out;
}

/** A work tree's files as git lists them: what the index says each tracked entry is, and the untracked rest. */
interface GitListing {
  /** Tracked regular files. */
  tracked: string[];
  /** Tracked symlinks (mode 120000) and submodules (160000). */
  special: { file: string; submodule: boolean }[];
  /** Untracked files that no ignore rule excludes: nothing is known of them until they are looked at. */
  untracked: string[];
}

function gitFiles(root: string): GitListing | null {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
  try {
    if (git('rev-parse', '--is-inside-work-tree').toString().trim() !== 'true') return null;
    // two listings, so a tracked entry's "mode object stage<TAB>path" can never be mimicked by an untracked file's name;
    // names are decoded one by one from the bytes (slices of one big string would keep all of it alive)
    const out: GitListing = { tracked: [], special: [], untracked: [] };
    const staged = git('ls-files', '--cached', '--stage', '-z', '--', '.');
    let previous = '';
    for (let at = 0; at < staged.length;) {
      const end = staged.indexOf(0, at);
      const tab = staged.indexOf(9, at);
      if (end < 0 || tab < 0 || tab > end) break;
      const file = staged.toString('utf8', tab + 1, end);
      // modes are octal: 100644/100755 a file, 120000 a symlink, 160000 a submodule (a conflicted path comes once per stage)
      if (file !== previous) {
        if (staged[at + 1] === 0x30) out.tracked.push(file);
        else out.special.push({ file, submodule: staged[at + 1] === 0x36 });
      }
      previous = file;
      at = end + 1;
    }
    const others = git('ls-files', '--others', '--exclude-standard', '-z', '--', '.');
    for (let at = 0; at < others.length;) {
      const end = others.indexOf(0, at);
      if (end < 0) break;
      out.untracked.push(others.toString('utf8', at, end));
      at = end + 1;
    }
    return out;
  } catch {
    return null;
  }
}

/**
 * git lists a committed symlink like any file: judge it as the walk does (read only when it is a file inside the
 * root), so a link to ~/.ssh or /etc never reaches the findings or a plan. The index says what each tracked entry
 * is, so only symlinks and untracked files cost a system call; a tracked file swapped for a symlink in the work tree
 * is caught when it is read (O_NOFOLLOW), not followed.
 */
function readable(root: string, { tracked, special, untracked }: GitListing, out: DiscoveredFiles): string[] {
  const rootReal = realpathSync(root);
  const files = tracked;
  for (const { file, submodule } of special) {
    // git lists a submodule as one entry, its folder: nothing in it is scanned
    if (submodule) out.unchecked.push({ file, reason: 'git submodule: not scanned (run ado2entra in it)' });
    else if (look(file)) files.push(file);
  }
  for (const file of untracked) if (look(file)) files.push(file);
  return files;

  function look(file: string): boolean {
    let st;
    try {
      st = lstatSync(join(root, file));
    } catch {
      return true; // deleted since ls-files: the read reports it
    }
    if (st.isDirectory()) {
      out.unchecked.push({ file, reason: 'git submodule: not scanned (run ado2entra in it)' });
      return false;
    }
    if (!st.isSymbolicLink()) return true;
    const why = symlinkProblem(join(root, file), rootReal);
    if (why) out.skipped.push({ file, reason: why });
    if (why !== null) return false;
    out.links.add(file);
    return true;
  }
}

function walk(root: string, { links, skipped, unchecked }: DiscoveredFiles): string[] {
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
        if (why === null) {
          links.add(path);
          out.push(path);
        } else if (why) skipped.push({ file: path, reason: why });
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
