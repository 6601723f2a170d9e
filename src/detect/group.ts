import type { Signal } from './signal.js';

/** Signals of one file, with what the file pulls in. */
export interface FileSignals {
  file: string;
  origin: 'config' | 'code';
  signals: Signal[];
  /** Files this one includes (XML configSource), relative to the root. */
  includes: string[];
}

/** Signals that belong together: one legacy app. */
export interface SignalGroup {
  key: string;
  signals: Signal[];
}

/** Splits one file into groups: one per namespace holding a client id (Sentry's `vsts` and `vsts-limited`), else one. */
export function localGroups(fs: FileSignals): SignalGroup[] {
  const anchors: string[] = [];
  for (const s of fs.signals) if (s.kind === 'client-id' && !anchors.includes(s.ns)) anchors.push(s.ns);
  if (anchors.length < 2) return fs.signals.length ? [{ key: `${fs.file}#`, signals: fs.signals }] : [];
  const groups = new Map(anchors.map((ns) => [ns, [] as Signal[]]));
  for (const s of fs.signals) {
    const owner = anchors.find((a) => a === s.ns) ?? longestPrefix(anchors, s.ns) ?? nearestBefore(fs.signals, s) ?? anchors[0]!;
    groups.get(owner)!.push(s);
  }
  return anchors.map((ns) => ({ key: `${fs.file}#${ns}`, signals: groups.get(ns)! }));
}

function longestPrefix(anchors: string[], ns: string): string | undefined {
  return anchors.filter((a) => a === '' || ns.startsWith(`${a}.`) || ns.startsWith(`${a}-`)).sort((a, b) => b.length - a.length)[0];
}

/** A signal outside every anchor's namespace joins the anchor declared last before it in the file. */
function nearestBefore(signals: Signal[], s: Signal): string | undefined {
  let owner: string | undefined;
  for (const x of signals) {
    if (x.kind === 'client-id' && x.setting.range[0] <= s.setting.range[0]) owner = x.ns;
  }
  return owner;
}

/** Union-find over group keys. */
export class Unions {
  private readonly parent = new Map<string, string>();

  find(k: string): string {
    let root = k;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(k, root);
    return root;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb < ra ? ra : rb, rb < ra ? rb : ra);
  }
}

/** A group is a legacy app when it holds protocol evidence (strong) or a known provider identifier (medium). */
export function isLegacy(signals: Signal[]): boolean {
  return signals.some((s) => s.strength === 'strong' || s.strength === 'medium');
}
