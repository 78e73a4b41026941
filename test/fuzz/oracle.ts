// Independent yardsticks for the property checks: positions and edits judged the way an editor
// judges them (vscode-languageserver-textdocument, not the service's own line index), tokens and
// comments read with jsonc-parser's scanner, and snippets expanded by a small reader of our own.
import { createScanner, parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextEdit } from 'vscode-languageserver-types';

export class PropertyFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PropertyFailure';
  }
}

export function fail(message: string): never {
  throw new PropertyFailure(message);
}

export function check(condition: unknown, message: () => string): asserts condition {
  if (!condition) fail(message());
}

const show = (value: unknown) => JSON.stringify(value);

/** Line contents without their line breaks, split the way LSP counts lines (\r\n, \n, \r). */
export class Lines {
  readonly doc: TextDocument;
  private readonly lengths: number[];
  constructor(readonly text: string) {
    this.doc = TextDocument.create('file:///oracle.polysync.json', 'polysync', 1, text);
    this.lengths = [];
    for (let line = 0; line < this.doc.lineCount; line++) {
      this.lengths.push(this.doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/(\r\n|\r|\n)$/, '').length);
    }
  }
  get count(): number {
    return this.lengths.length;
  }
  lineLength(line: number): number {
    return this.lengths[line];
  }
  /** A position an editor accepts: an existing line, and a character within it (not inside its line break). */
  isValid(position: Position): boolean {
    return (
      Number.isInteger(position.line) &&
      Number.isInteger(position.character) &&
      position.line >= 0 &&
      position.line < this.count &&
      position.character >= 0 &&
      position.character <= this.lengths[position.line]
    );
  }
  offsetAt(position: Position): number {
    return this.doc.offsetAt(position);
  }
  positionAt(offset: number): Position {
    return this.doc.positionAt(offset);
  }
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function rangeContains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

export function containsPosition(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

export function checkRange(lines: Lines, range: Range | undefined, what: string): void {
  check(range && range.start && range.end, () => `${what}: no range`);
  check(lines.isValid(range.start), () => `${what}: start ${show(range.start)} is outside the document (${lines.count} lines)`);
  check(lines.isValid(range.end), () => `${what}: end ${show(range.end)} is outside the document (${lines.count} lines)`);
  check(comparePositions(range.start, range.end) <= 0, () => `${what}: range ${show(range)} ends before it starts`);
}

/**
 * Applies edits as an editor does: every range valid, no two overlapping (inserts at one point are
 * allowed and keep their order), then all at once against the original text.
 */
export function applyEdits(lines: Lines, edits: readonly TextEdit[], what: string): string {
  edits.forEach((edit, i) => {
    checkRange(lines, edit.range, `${what}, edit ${i}`);
    check(typeof edit.newText === 'string', () => `${what}, edit ${i}: newText is not a string`);
  });
  const spans = edits
    .map((edit, index) => ({ start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), index }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.index - b.index);
  for (let i = 1; i < spans.length; i++) {
    const previous = spans[i - 1];
    const next = spans[i];
    // An insertion where a replacement starts is ambiguous: clients apply the two in either order.
    const overlaps = next.start < previous.end || (next.start === previous.start && previous.end === previous.start && next.end > next.start);
    check(!overlaps, () => `${what}: edits ${previous.index} and ${next.index} overlap: ${show(edits[previous.index].range)} / ${show(edits[next.index].range)}`);
  }
  // The sorted order, so a touching pair (an insertion where a replacement ends) applies in any client.
  return TextDocument.applyEdits(lines.doc, spans.map((s) => edits[s.index]) as TextEdit[]);
}

/** The offsets [start, end) of the text the edits touch in the original, or undefined for none. */
export function editSpan(lines: Lines, edits: readonly TextEdit[]): { start: number; end: number } | undefined {
  if (edits.length === 0) return undefined;
  let start = Infinity;
  let end = -Infinity;
  for (const edit of edits) {
    start = Math.min(start, lines.offsetAt(edit.range.start));
    end = Math.max(end, lines.offsetAt(edit.range.end));
  }
  return { start, end };
}

// jsonc-parser's SyntaxKind is an ambient const enum (not readable with isolatedModules).
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const LINE_BREAK = 14;
const TRIVIA = 15;
const EOF = 17;

export interface Token {
  kind: number;
  text: string;
}

/** Every token but whitespace and line breaks, comments included. */
export function significantTokens(text: string): Token[] {
  const out: Token[] = [];
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan() as number; kind !== EOF; kind = scanner.scan() as number) {
    if (kind === LINE_BREAK || kind === TRIVIA) continue;
    out.push({ kind, text: text.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength()) });
  }
  return out;
}

export function comments(text: string): string[] {
  return significantTokens(text)
    .filter((t) => t.kind === LINE_COMMENT || t.kind === BLOCK_COMMENT)
    .map((t) => t.text);
}

/** The value jsonc-parser reads (comments and trailing commas allowed) and whether it needed to recover. */
export function parsedValue(text: string): { value: unknown; clean: boolean } {
  const errors: ParseError[] = [];
  try {
    const value = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
    return { value, clean: errors.length === 0 };
  } catch {
    // jsonc-parser recurses per level: very deep text has no value to compare.
    return { value: undefined, clean: false };
  }
}

/**
 * The text a snippet inserts with every placeholder at its default (a choice at its first option).
 * Written from the LSP snippet grammar, independently of the service's own expansion.
 */
export function expandSnippet(snippet: string): string {
  let i = 0;
  const parse = (until: string): string => {
    let out = '';
    while (i < snippet.length) {
      const c = snippet[i];
      if (until.includes(c)) return out;
      if (c === '\\' && i + 1 < snippet.length && '$}\\,|'.includes(snippet[i + 1])) {
        out += snippet[i + 1];
        i += 2;
        continue;
      }
      if (c === '$') {
        const simple = /^\$(\d+)/.exec(snippet.slice(i));
        if (simple) {
          i += simple[0].length;
          continue;
        }
        const braced = /^\$\{(\d+)([:|}])/.exec(snippet.slice(i));
        if (braced) {
          i += braced[0].length;
          if (braced[2] === '}') continue;
          if (braced[2] === ':') {
            out += parse('}');
            i++; // the closing brace
            continue;
          }
          const options: string[] = [];
          for (;;) {
            options.push(parse(',|'));
            const separator = snippet[i++];
            if (separator !== ',') break;
          }
          i++; // the closing brace after `|`
          out += options[0] ?? '';
          continue;
        }
      }
      out += c;
      i++;
    }
    return out;
  };
  return parse('');
}
