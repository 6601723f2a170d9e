import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { gitAsync, gitAsyncWithoutFilters, gitSync, gitSyncWithoutFilters } from './git.js';
import { readTextFile } from './read.js';

export interface DiscoveredFiles {
  /** Paths relative to the root, `/`-separated, sorted. */
  files: string[];
  /** How the list was made: `git` (ls-files) or `walk`. */
  method: 'git' | 'walk';
  /** Symlinks among `files` (each to a file inside the root): the only paths a reader may follow; the rest are opened with O_NOFOLLOW. */
  links: Set<string>;
  /**
   * Files among `files` the work tree holds as something else than the listing says (a link, a FIFO or a device where
   * the index has a file): the reader refuses them, and ripgrep, which opens whatever its command line names, never
   * gets one.
   */
  special: Set<string>;
  /** Entries the walk saw and will not read (FIFOs, devices, broken or looping or escaping symlinks), with why. */
  skipped: { file: string; reason: string }[];
  /** Folders that may hold files the scan cannot see (a git submodule, an unreadable folder): validate fails on them. */
  unchecked: { file: string; reason: string }[];
}

const alwaysSkipped = /(^|\/)(\.git|node_modules|\.ado2entra)(\/|$)/;

/** Lists the files to scan: tracked and untracked-but-not-ignored files in a git work tree, else a .gitignore-aware walk. */
export function discoverFiles(root: string): DiscoveredFiles {
  const discovery = startDiscovery(root);
  return merged(discovery.first, discovery.rest());
}

/** One listing of two parts (they never share a file). */
function merged(all: DiscoveredFiles, more: DiscoveredFiles | null): DiscoveredFiles {
  if (!more) return all;
  all.files = mergeSorted(all.files, more.files, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const l of more.links) all.links.add(l);
  for (const s of more.special) all.special.add(s);
  all.skipped.push(...more.skipped);
  all.unchecked.push(...more.unchecked);
  return all;
}

/** Two sorted lists as one sorted list, in one pass: the untracked side is usually a handful of files. */
export function mergeSorted<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(compare(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/**
 * A listing in two steps, so a scan can read the tracked files while git walks the work tree for the untracked ones
 * (130 ms at 80,000 files): `first` is every tracked file (outside git, every file); the untracked ones come from
 * `rest()`, which runs git then, or from `restAsync()`, which waits for the git process started with the listing
 * (`background`). Null: nothing more. Each part is sorted.
 */
export interface Discovery {
  first: DiscoveredFiles;
  rest(): DiscoveredFiles | null;
  restAsync(): Promise<DiscoveredFiles | null>;
}

const othersArgs = ['ls-files', '--others', '--exclude-standard', '-z', '--', '.'];

/**
 * `--work-tree` at the folder that holds the `.git` git finds from the root up: a hostile `core.worktree` in
 * .git/config moved the work tree elsewhere, and the listing named another folder's files, or none. Not when the
 * caller's environment names the repository (GIT_DIR, GIT_WORK_TREE): that is the user's choice.
 */
function workTreeArgs(rootReal: string, top: string | null): string[] {
  if (process.env.GIT_DIR || process.env.GIT_WORK_TREE || rootReal.split(sep).includes('.git')) return [];
  return top === null ? [] : [`--work-tree=${top}`, ...caseArgs(top)];
}

/** The folder that holds the `.git` git finds from `rootReal` up, or null. */
function gitTop(rootReal: string): string | null {
  for (let dir = rootReal; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Below this size of `.git/index` (~2,000 files), the listing does not ask git diff-files: a `readdir` per folder
 * costs less than starting git twice (the sample app's scan took 162 ms with it, 150 without). Tests lower it to 0.
 */
export const listingLimits = { vouchFromIndexBytes: 200_000 };

/** Whether git diff-files is worth starting for the work tree at `top`; yes where the index is not `.git/index` there. */
function worthVouching(top: string | null): boolean {
  if (top === null || process.env.GIT_DIR || process.env.GIT_INDEX_FILE) return true;
  try {
    return statSync(join(top, '.git', 'index')).size >= listingLimits.vouchFromIndexBytes;
  } catch {
    return true; // a gitfile (a worktree, a submodule): git knows where its index is
  }
}

/**
 * `core.ignorecase=false` where the file system tells case apart: a hostile `core.ignorecase=true` made git take an
 * untracked `APP.env` for a tracked `app.env`, and leave it out of the listing. Asked of a folder by its name in the
 * other case: `.git` where it is one (no hard link makes a folder's second name), else the work tree's own.
 */
function caseArgs(top: string): string[] {
  try {
    const gitFolder = lstatSync(join(top, '.git')).isDirectory();
    const [folder, name] = gitFolder ? [top, '.git'] : [dirname(top), basename(top)];
    const other = name === name.toUpperCase() ? name.toLowerCase() : name.toUpperCase();
    const [one, two] = [lstatSync(join(folder, name)), lstatSync(join(folder, other))];
    if (other !== name && one.ino === two.ino && one.dev === two.dev) return []; // one entry by both names: case is ignored
  } catch {
    // no entry by the other name: case counts
  }
  return ['-c', 'core.ignorecase=false'];
}

const stagedArgs = ['ls-files', '--cached', '--stage', '-v', '-z', '--', '.'];

/**
 * The tracked paths whose work-tree entry git's own `lstat` found different from the index in any way (content, type,
 * gone, behind a symlinked folder), relative to the root. Every other tracked file is a regular file reached through
 * real folders, as git checked it out: only these need a look of our own. git reads a changed file's content only
 * when its time stamp is racy, through the repository's filters, which get no program here; submodules are not
 * entered; the repository's `core.ignoreStat` cannot make it skip the `lstat`.
 */
const changedArgs = ['-c', 'core.ignoreStat=false', 'diff-files', '--name-only', '-z', '--relative', '--no-ext-diff', '--ignore-submodules=all', '--', '.'];

export function startDiscovery(root: string, background = false): Discovery {
  // started first, it walks the work tree while the index is read and the tracked config after it
  const rootReal = realpathSync(root);
  const topFolder = gitTop(rootReal);
  const top = workTreeArgs(rootReal, topFolder);
  const others = background ? gitAsync(root, ...top, ...othersArgs) : null;
  // fails outside a work tree (no repository, a bare one, inside .git) and without git: then the walk lists the files
  const staged = gitSync(root, ...top, ...stagedArgs);
  if (!staged) return walked(root);
  return fromIndex(root, rootReal, top, staged, worthVouching(topFolder) ? gitSyncWithoutFilters(root, ...top, ...changedArgs) : null, others);
}

/** `startDiscovery(root, true)` with its three git commands running at once (diff-files and the untracked listing off this thread). */
export async function startDiscoveryAsync(root: string): Promise<Discovery> {
  const rootReal = realpathSync(root);
  const topFolder = gitTop(rootReal);
  const top = workTreeArgs(rootReal, topFolder);
  const others = gitAsync(root, ...top, ...othersArgs);
  const changed = worthVouching(topFolder) ? gitAsyncWithoutFilters(root, ...top, ...changedArgs) : null;
  // waited for here, not read in chunks: 5.6 MB at 80,000 files came as ~90 chunks, kept in memory until a GC
  const staged = gitSync(root, ...top, ...stagedArgs);
  if (!staged) return walked(root);
  return fromIndex(root, rootReal, top, staged, changed && (await changed), others);
}

const empty = (method: DiscoveredFiles['method']): DiscoveredFiles => ({ files: [], method, links: new Set(), special: new Set(), skipped: [], unchecked: [] });

function walked(root: string): Discovery {
  const first = empty('walk');
  first.files = walk(root, first).filter((f) => !alwaysSkipped.test(f)).sort();
  return { first, rest: () => null, restAsync: async () => null };
}

/** The listing from the index (`staged`), what `git diff-files` found changed (null: it could not say), and the untracked files to come. */
function fromIndex(root: string, rootReal: string, top: string[], staged: Buffer, changed: Buffer | null, others: Promise<Buffer | null> | null): Discovery {
  const first = empty('git');
  first.files = tracked(root, rootReal, staged, changed && new Set(namesIn(changed)), first).filter((f) => !alwaysSkipped.test(f)).sort();
  const untracked = (listing: Buffer | null): DiscoveredFiles => {
    const more = empty('git');
    if (listing) {
      more.files = namesIn(listing).filter((file) => look(root, rootReal, file, more)).filter((f) => !alwaysSkipped.test(f)).sort();
      return more;
    }
    // git listed the tracked files but not the rest: the walk finds them (and more, never fewer)
    const known = new Set(first.files);
    more.files = walk(root, more).filter((f) => !alwaysSkipped.test(f) && !known.has(f)).sort();
    const told = new Set([...first.skipped, ...first.unchecked].map((x) => x.file));
    more.skipped = more.skipped.filter((x) => !told.has(x.file));
    more.unchecked = more.unchecked.filter((x) => !told.has(x.file));
    return more;
  };
  return {
    first,
    rest() {
      return untracked(gitSync(root, ...top, ...othersArgs));
    },
    async restAsync() {
      return untracked(others ? await others : null);
    },
  };
}

/**
 * The tracked files from `git ls-files --stage -z` ("mode object stage<TAB>path"). The index says what each entry is;
 * for a file git did not vouch for (`changed`, null: none), one `readdir` per folder says what the work tree holds
 * there (80,000 files: 176 ms here, where `git diff-files` takes 74 ms in a process of its own). A tracked file
 * swapped for a symlink in the work tree is `special`, and refused when it is read (O_NOFOLLOW), not followed. Names
 * are decoded one by one from the bytes: slices of one big string would keep all of it alive.
 */
function tracked(root: string, rootReal: string, staged: Buffer, changed: Set<string> | null, out: DiscoveredFiles): string[] {
  const files: string[] = [];
  const workTree = workTreeKinds(root, out);
  let previous = '';
  for (let at = 0; at < staged.length;) {
    const end = staged.indexOf(0, at);
    const tab = staged.indexOf(9, at);
    if (end < 0 || tab < 0 || tab > end) break;
    const file = staged.toString('utf8', tab + 1, end);
    // "tag mode object stage<TAB>path": modes are octal, 100644/100755 a file, 120000 a symlink, 160000 a submodule (a
    // conflicted path comes once per stage); tag S/s marks an entry outside a sparse checkout (skip-worktree)
    if (file !== previous && unsafeName.test(file)) out.unchecked.push({ file, reason: 'a path git would never check out (an empty, . or .. part): not read' });
    else if (file !== previous && (staged[at] === 0x53 || staged[at] === 0x73) && !workTree.exists(file)) {
      // not on disk by the user's choice: a sparse monorepo job must not fail on what it never checked out. One that
      // is on disk (a forged bit cannot hide a file) is read like any other
      out.skipped.push({ file, reason: 'outside the sparse checkout: not in the work tree' });
    } else if (file !== previous) {
      const kind = staged[at + 3];
      // a file git vouches for (tag H: no assume-unchanged bit that would spare it git's lstat) needs no look, unless
      // its name is not UTF-8: decoded, it is the name of another entry (`d\xff` and `d\uFFFD` are one string), which
      // git said nothing of; 'hidden': in a folder that is a link, named once for the folder
      const vouched = kind === 0x30 && staged[at] === 0x48 && changed?.has(file) === false && !file.includes('\uFFFD');
      const found = vouched ? 'file' : workTree(file);
      // git lists a submodule as one entry, its folder: nothing in it is scanned
      if (found !== 'hidden' && kind === 0x36) out.unchecked.push({ file, reason: 'git submodule: not scanned (run ado2entra in it)' });
      else if (found !== 'hidden' && kind === 0x30) {
        if (found === 'special') out.special.add(file);
        files.push(file);
      } else if (found !== 'hidden' && look(root, rootReal, file, out)) files.push(file);
    }
    previous = file;
    at = end + 1;
  }
  return files;
}

// git checks a name when it adds it, not when it reads an index: only a forged one holds these, and `join` would
// climb out of the root with them
const unsafeName = process.platform === 'win32' ? /(^|[\\/])\.{0,2}([\\/]|$)/ : /(^|\/)\.{0,2}(\/|$)/;

/**
 * What the work tree holds at each tracked path, from one `readdir` per folder (its entry types: no `lstat` per file,
 * 130 ms at 80,000 files in 15,875 folders). git never checks a file out as a link, FIFO or device where the index has
 * a file, nor through a symlinked folder: one found there was put in since (a tarball, a build step). O_NOFOLLOW guards
 * only a path's last part, so a folder that is a link is named (validate fails on it) and nothing in it is listed
 * ('hidden'); a file that is no regular file is 'special'. A missing entry is left to the read ("file vanished").
 */
function workTreeKinds(root: string, out: DiscoveredFiles): ((file: string) => 'file' | 'special' | 'hidden') & { exists(file: string): boolean } {
  // per folder: the entries that are no regular file, and whether each is a link (two names that are not UTF-8 may
  // decode to one: a link among them wins). A folder counts: where the listing has a file, ripgrep given it would
  // search everything under it
  const odd = new Map<string, Map<string, boolean> | null>();
  // folders that are there but cannot be read (a path too long, no permission): what they hold is unknown
  const unreadable = new Map<string, string>();
  const entries = (folder: string): Map<string, boolean> | null => {
    let found = odd.get(folder);
    if (found !== undefined) return found;
    found = new Map();
    try {
      for (const e of readdirSync(folder ? `${root}/${folder}` : root, { withFileTypes: true })) if (!e.isFile()) found.set(e.name, e.isSymbolicLink() || found.get(e.name) === true);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // not a folder (gone, or a file where the index has a folder): the read says what
      if (code !== 'ENOENT' && code !== 'ENOTDIR') unreadable.set(folder, code ?? 'error');
      found = null;
    }
    odd.set(folder, found);
    return found;
  };
  const hidden = new Map<string, boolean>([['', false]]);
  const isHidden = (folder: string): boolean => {
    let h = hidden.get(folder);
    if (h !== undefined) return h;
    const slash = folder.lastIndexOf('/');
    const parent = slash < 0 ? '' : folder.slice(0, slash);
    h = isHidden(parent) || entries(parent)?.get(folder.slice(slash + 1)) === true;
    if (h && !hidden.get(parent)) out.unchecked.push({ file: folder, reason: 'a symlink where the file listing has a folder (not followed)' });
    // a folder the readdir cannot read may hold anything, a link among its parts included (ripgrep, given a shorter
    // path, may open what is there): named, and nothing in it is listed
    if (!h && entries(folder) === null && unreadable.has(folder)) {
      out.unchecked.push({ file: folder, reason: `folder not readable (${unreadable.get(folder)}): not scanned` });
      h = true;
    }
    hidden.set(folder, h);
    return h;
  };
  const kind = (file: string): 'file' | 'special' | 'hidden' => {
    const slash = file.lastIndexOf('/');
    const folder = slash < 0 ? '' : file.slice(0, slash);
    if (isHidden(folder)) return 'hidden';
    const found = entries(folder);
    return found?.has(file.slice(slash + 1)) || (found === null && unreadable.has(folder)) ? 'special' : 'file';
  };
  /** Whether anything is at a path: no folder (the usual sparse case) answers without a call of its own. */
  const exists = (file: string): boolean => {
    const slash = file.lastIndexOf('/');
    const folder = slash < 0 ? '' : file.slice(0, slash);
    // one that cannot be read may hold it: then it is not "left out", and the look names the folder
    if (entries(folder) === null) return unreadable.has(folder);
    try {
      lstatSync(`${root}/${file}`);
      return true;
    } catch {
      return false;
    }
  };
  return Object.assign(kind, { exists });
}


function namesIn(listing: Buffer): string[] {
  const names: string[] = [];
  for (let at = 0; at < listing.length;) {
    const end = listing.indexOf(0, at);
    if (end < 0) break;
    names.push(listing.toString('utf8', at, end));
    at = end + 1;
  }
  return names;
}

/**
 * Whether to read an entry git cannot vouch for (a tracked symlink, an untracked file), judged as the walk does: a
 * symlink is read only when it leads to a file inside the root, so a link to ~/.ssh or /etc never reaches the
 * findings or a plan.
 */
function look(root: string, rootReal: string, file: string, out: DiscoveredFiles): boolean {
  let st;
  try {
    st = lstatSync(join(root, file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return true; // deleted since git listed it: the read reports it
    // a path too long here may be short enough for ripgrep, which would follow a link or open a FIFO there
    out.unchecked.push({ file, reason: `cannot read: ${code ?? 'error'}` });
    return false;
  }
  if (st.isDirectory()) {
    out.unchecked.push({ file, reason: 'git submodule: not scanned (run ado2entra in it)' });
    return false;
  }
  if (!st.isSymbolicLink()) {
    if (!st.isFile()) out.special.add(file);
    return true;
  }
  const why = symlinkProblem(join(root, file), rootReal);
  if (why) out.skipped.push({ file, reason: why });
  if (why !== null) return false;
  out.links.add(file);
  return true;
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

/** A folder's .gitignore, read as git does: not through a symlink, and a FIFO or device is no file (it would block). */
function readIgnoreFile(path: string): Ignore | null {
  const read = readTextFile(path, 16 * 1024 * 1024, false);
  return read.kind === 'text' ? ignore().add(read.text) : null;
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
    if (st.isFile()) return alwaysSkipped.test(relative(rootReal, target).split(sep).join('/')) ? 'symlink into .git, node_modules or .ado2entra (never scanned)' : null;
    return st.isDirectory() ? '' : 'symlink to a FIFO, socket or device';
  } catch {
    return 'broken symlink';
  }
}
