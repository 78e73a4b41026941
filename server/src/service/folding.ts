// Folding: objects and arrays spanning lines, block comments, and `// #region` ... `// #endregion`.
// Works from the token stream, so a document with syntax errors still folds.
import { createScanner } from 'jsonc-parser';
import { type FoldingRange, FoldingRangeKind } from 'vscode-languageserver-types';
import type { ParsedDocument } from './document/document';
import { Kind } from './document/tokens';


const REGION_START = /^\/\/\s*#region\b/;
const REGION_END = /^\/\/\s*#endregion\b/;

export function foldingRanges(doc: ParsedDocument): FoldingRange[] {
  return collect(doc);
}

function collect(doc: ParsedDocument): FoldingRange[] {
  const text = doc.text;
  const ranges: FoldingRange[] = [];
  const open: { line: number; close: number }[] = [];
  const regions: number[] = [];
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan() as number; kind !== Kind.EOF; kind = scanner.scan() as number) {
    switch (kind) {
      case Kind.OpenBrace:
      case Kind.OpenBracket:
        open.push({ line: scanner.getTokenStartLine(), close: kind === Kind.OpenBrace ? Kind.CloseBrace : Kind.CloseBracket });
        break;
      case Kind.CloseBrace:
      case Kind.CloseBracket: {
        // Pop to the matching opener so one stray bracket does not misalign every range after it.
        const index = findLastIndex(open, (o) => o.close === kind);
        if (index < 0) break;
        const start = open[index];
        open.length = index;
        // The closing line stays visible, as in other JSON editors.
        const endLine = scanner.getTokenStartLine() - 1;
        if (endLine > start.line) ranges.push({ startLine: start.line, endLine });
        break;
      }
      case Kind.BlockComment: {
        const startLine = scanner.getTokenStartLine();
        const endLine = doc.positionAt(scanner.getTokenOffset() + scanner.getTokenLength()).line;
        if (endLine > startLine) ranges.push({ startLine, endLine, kind: FoldingRangeKind.Comment });
        break;
      }
      case Kind.LineComment: {
        const comment = text.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength());
        const line = scanner.getTokenStartLine();
        if (REGION_START.test(comment)) regions.push(line);
        else if (REGION_END.test(comment)) {
          const startLine = regions.pop();
          if (startLine !== undefined && line > startLine) ranges.push({ startLine, endLine: line, kind: FoldingRangeKind.Region });
        }
        break;
      }
    }
  }
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i])) return i;
  return -1;
}
