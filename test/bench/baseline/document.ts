// Baseline for comparison: the implementation before the performance work (jsonc-parser for every
// parse, the original schema walk). perf-equivalence tests compare the current code against it, and it
// documents what the optimisations replaced. Not used by the product.
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { Position, Range } from 'vscode-languageserver-types';

type JsonNode = Node;

export interface ParsedDocument {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  /** Undefined only for an empty or whitespace/comment-only document. */
  readonly root: JsonNode | undefined;
  readonly syntaxErrors: readonly ParseError[];
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
  rangeOf(offset: number, length: number): Range;
  nodeRange(node: JsonNode): Range;
}

class LineIndex {
  private readonly starts: number[];
  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }
  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - this.starts[low] };
  }
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + position.character, next));
  }
}

export function parseDocument(uri: string, version: number, text: string): ParsedDocument {
  const syntaxErrors: ParseError[] = [];
  const root = parseTree(text, syntaxErrors, { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true });
  let index: LineIndex | undefined;
  const lines = () => (index ??= new LineIndex(text));
  return {
    uri,
    version,
    text,
    root,
    syntaxErrors,
    positionAt: (offset) => lines().positionAt(offset),
    offsetAt: (position) => lines().offsetAt(position),
    rangeOf(offset, length) {
      return { start: lines().positionAt(offset), end: lines().positionAt(offset + length) };
    },
    nodeRange(node) {
      return { start: lines().positionAt(node.offset), end: lines().positionAt(node.offset + node.length) };
    },
  };
}
