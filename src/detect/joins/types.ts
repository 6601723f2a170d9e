import type { Setting } from '../../parsers/types.js';
import type { Signal } from '../signal.js';

/** What a join rule sees of one parsed file: its settings (with scope chains), its text and every candidate signal. */
export interface JoinContext {
  file: string;
  origin: 'config' | 'code';
  settings: readonly Setting[];
  text: string;
  candidates: readonly Signal[];
  /** Entries holding the legacy OAuth host (not in comments, not in allow-lists). */
  hostEntries: ReadonlySet<number>;
  /** Entries holding strong or medium legacy evidence that survived the rules before. */
  evidenceEntries: ReadonlySet<number>;
}

/**
 * One way evidence joins (or does not join) inside a file, in the shape of a validation rule: a name, the case it
 * decides, and one check. A real-world case the scanner gets wrong becomes a new rule with its own fixture.
 */
export interface JoinRule {
  name: string;
  /** One sentence: which signals it judges and why. */
  title: string;
  /** false drops the candidate: it is not legacy evidence in this file. */
  keep(signal: Signal, ctx: JoinContext): boolean;
}
