// The optional fast path: ripgrep reads and searches the source files (parallel native I/O, SIMD literal search),
// and only the files it matches are read here. ripgrep comes from the npm registry as `@vscode/ripgrep`, the binary
// VS Code ships, in per-platform optional packages (no download at install). Without it (--omit=optional, another
// platform, ADO2ENTRA_RIPGREP=0) the in-process reader pool does the same work with the same findings.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { prefilterPattern } from './prefilter.js';

/** The ripgrep binary, or null when it is not installed for this platform or turned off. */
export function ripgrepBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.ADO2ENTRA_RIPGREP === '0') return null;
  try {
    const require = createRequire(import.meta.url);
    const wrapper = require.resolve('@vscode/ripgrep');
    return createRequire(wrapper).resolve(`@vscode/ripgrep-${process.platform}-${process.arch}/bin/${process.platform === 'win32' ? 'rg.exe' : 'rg'}`);
  } catch {
    return null;
  }
}

export interface RipgrepMatch {
  /** Files (relative to the root) that hold a prefilter literal or one of the names, or that ripgrep could not read. */
  files: Set<string>;
  /** Bytes ripgrep searched. */
  bytes: number;
}

// Command lines stay well under the operating system's limit (Windows: 32,767 characters).
const maxArgChars = process.platform === 'win32' ? 24_000 : 512_000;

/**
 * The files among `files` that may hold a legacy signal or read one of `names`: a superset of what the in-process
 * prefilter and name search pass (case-insensitive literals, no word boundaries), so the findings are the same.
 * Null when ripgrep failed to run: the caller falls back to the in-process path.
 */
export function ripgrepMatches(rg: string, root: string, files: readonly string[], names: readonly string[], readHere: (file: string) => boolean = () => false): RipgrepMatch | null {
  // a name comes from the repository: ripgrep refuses a line break in a pattern and no argument holds a NUL, so each
  // line of it is searched for (a file holding the name holds each line: still a superset)
  const lines = [...new Set(names.flatMap((n) => n.split(/[\n\0]/)).filter(Boolean))];
  const patterns = [prefilterPattern, ...lines.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))].flatMap((p) => ['-e', p]);
  const options = ['--no-config', '--files-with-matches', '--null', '--ignore-case', '--stats', '--no-ignore', '--hidden', ...patterns, '--'];
  const out: RipgrepMatch = { files: new Set(), bytes: 0 };
  // ripgrep follows a symlink named on its command line and reads a FIFO or a device as a file (it would wait or read
  // forever): what the listing found to be a link or no regular file is read here, where the reader judges it
  files = files.filter((f) => !readHere(f) || (out.files.add(f), false));
  for (let i = 0; i < files.length;) {
    const batch: string[] = [];
    let chars = 0;
    while (i < files.length && (batch.length === 0 || chars + files[i]!.length + 1 < maxArgChars)) {
      chars += files[i]!.length + 1;
      batch.push(files[i++]!);
    }
    const r = spawnSync(rg, [...options, ...batch], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, windowsHide: true });
    // 0: matches, 1: none, 2: some file could not be read (listed on stderr; read here again for its diagnostic)
    if (r.error || r.status === null || r.status > 2) return null;
    const [listing = '', stats = ''] = splitStats(r.stdout);
    for (const f of listing.split('\0')) if (f) out.files.add(f);
    out.bytes += Number(/(\d+) bytes searched/.exec(stats)?.[1] ?? 0);
    for (const line of r.stderr.split('\n')) {
      if (!line) continue;
      const m = /^rg: (.+?): /.exec(line);
      // any other complaint (a pattern refused, a name it printed on two lines): its "no match" means nothing
      if (!m || !batch.includes(m[1]!)) return null;
      out.files.add(m[1]!);
    }
  }
  return out;
}

/** `--stats` appends a summary after the NUL-terminated file names. */
function splitStats(stdout: string): [string, string] {
  const end = stdout.lastIndexOf('\0');
  return [stdout.slice(0, end + 1), stdout.slice(end + 1)];
}
