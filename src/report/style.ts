/** The colour functions renderers use; identity functions render plain text. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  green(s: string): string;
}

export const plain: Style = { bold: (s) => s, dim: (s) => s, red: (s) => s, yellow: (s) => s, cyan: (s) => s, green: (s) => s };

export function severityLabel(severity: 'error' | 'warning' | 'note', style: Style): string {
  const padded = severity.padEnd(7);
  return severity === 'error' ? style.red(padded) : severity === 'warning' ? style.yellow(padded) : style.cyan(padded);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
