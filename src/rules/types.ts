import type { ParsedFile } from '../detect/scan.js';
import type { Finding, Severity } from '../model/finding.js';
import type { ScanResult } from '../model/scan.js';
import type { Setting } from '../parsers/types.js';

/** Where a rule points: a file position, optionally the setting's key path. */
export interface Location {
  file: string;
  line: number;
  column: number;
  keyPath?: string;
}

export interface RuleContext {
  /** Every parsed file (config and code), with settings and positions. */
  files: readonly ParsedFile[];
  /** The legacy inventory: apps and their findings. */
  scan: ScanResult;
  report(location: Location, message: string): void;
}

/** One validation rule, ESLint-style: metadata, docs, one check that reports locations. */
export interface Rule {
  id: string;
  name: string;
  severity: Severity;
  title: string;
  /** The fix, in one or two sentences; shown with every finding and in SARIF `help`. */
  help: string;
  /** The rule reads other files to judge one (an authority defined in config, read in code); else each file alone. */
  acrossFiles?: true;
  check(ctx: RuleContext): void;
}

export function at(file: string, setting: Setting): Location {
  const keyPath = setting.keyPath.length ? setting.keyPath.join('.') : undefined;
  return { file, line: setting.line, column: setting.column, ...(keyPath ? { keyPath } : {}) };
}

export function fromFinding(f: Finding): Location {
  return { file: f.file, line: f.line, column: f.column, ...(f.keyPath ? { keyPath: f.keyPath } : {}) };
}
