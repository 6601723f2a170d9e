/** Maps UTF-16 offsets in a text to 1-based line and column (a leading BOM is not counted). */
export class LineIndex {
  private readonly starts: number[] = [0];
  private readonly bom: boolean;

  constructor(text: string) {
    this.bom = text.charCodeAt(0) === 0xfeff;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const column = offset - this.starts[lo]! + 1 - (lo === 0 && this.bom && offset > 0 ? 1 : 0);
    return { line: lo + 1, column: Math.max(1, column) };
  }

  lineStart(line: number): number {
    return this.starts[line - 1] ?? this.starts[this.starts.length - 1]!;
  }

  get lineCount(): number {
    return this.starts.length;
  }
}

/** Removes a UTF-8 BOM; returns the text and how many code units were removed. */
export function stripBom(text: string): { text: string; shift: number } {
  return text.charCodeAt(0) === 0xfeff ? { text: text.slice(1), shift: 1 } : { text, shift: 0 };
}

/** Builds a setting position from a range in `text`. */
export function located(index: LineIndex, start: number, end: number) {
  const { line, column } = index.position(start);
  return { line, column, range: [start, end] as [number, number] };
}
