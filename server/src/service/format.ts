// Formatting the whole document or a range. Only whitespace between tokens changes, so comments and
// values are kept; the indentation follows the editor's tab size and spaces-or-tabs choice.
import { createScanner, type Edit, format as formatJsonc } from 'jsonc-parser';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import { nestingLimitAt, type ParsedDocument } from './document/document';
import { type BlockComment, blockComments } from './document/blockComments';
import { Kind } from './document/tokens';

export interface FormatOptions {
  tabSize: number;
  insertSpaces: boolean;
  /** Keep the user's line breaks (only re-indent and fix spacing within lines). */
  keepLines?: boolean;
}

export function format(doc: ParsedDocument, range: Range | undefined, options: FormatOptions): TextEdit[] {
  const text = doc.text;
  const tabSize = Number.isInteger(options.tabSize) && options.tabSize > 0 ? options.tabSize : 2;
  const insertSpaces = options.insertSpaces !== false;
  // Text too deep to parse, or so deep that its indentation would swamp it, is left as it is.
  if (nestingLimitAt(doc) !== undefined || indentationTooLarge(text, insertSpaces ? tabSize : 1)) return [];
  let jsonRange: { offset: number; length: number } | undefined;
  let asked: { start: number; end: number } | undefined;
  if (range) {
    const start = doc.offsetAt(range.start);
    const end = Math.max(start, doc.offsetAt(range.end));
    jsonRange = { offset: start, length: end - start };
    // jsonc-parser formats a range's whole lines and reads them from the first line's start on: when
    // that start or the last line's end is inside a block comment, it would read the comment's text as
    // JSON and indent it. It is given lines that start and end outside comments instead, and only the
    // edits that touch the range asked for are kept.
    const lines = outsideBlockComments(text, start, end);
    if (lines) {
      jsonRange = { offset: lines.start, length: lines.end - lines.start };
      asked = { start, end };
    }
  }
  // jsonc-parser writes the text's first line break wherever it breaks a line.
  const eol = firstLineBreak(text) ?? '\n';
  const edits = formatJsonc(text, jsonRange, {
    tabSize,
    insertSpaces,
    eol,
    // A whole-document format keeps the final line break the file had (and adds none it did not have).
    insertFinalNewline: range === undefined && /[\r\n]$/.test(text),
    keepLines: options.keepLines ?? false,
  });
  // jsonc-parser 3.3.1 gives no text for a line break indented exactly 200 columns (an off-by-one in
  // its table of cached indentation strings); that text is the line break and 200 indent characters.
  const lost = `${eol}${(insertSpaces ? ' ' : '\t').repeat(200)}`;
  const repaired = edits.filter(
    (e) =>
      (typeof e.content === 'string' || text.substr(e.offset, e.length) !== lost) &&
      // The test jsonc-parser applies to its range, on the range asked for.
      (!asked || (e.offset < asked.end && e.offset + e.length > asked.start)),
  );
  for (const edit of repaired) if (typeof edit.content !== 'string') edit.content = lost;
  // In broken text the formatter can join an unterminated string with the next line, which changes
  // what the text says: such a result is declined.
  if (doc.syntaxErrors.length > 0 && !sameTokens(text, applyInOrder(text, repaired))) return [];
  return repaired.map((e) => ({ range: doc.rangeOf(e.offset, e.length), newText: e.content }));
}


/** Indentation a format may add beyond eight times the text's own size (more than real files need). */
const INDENTATION_ALLOWANCE = 1_000_000;

/**
 * Each line is indented by its depth, so formatting deeply nested text (thousands of `[`) would add
 * indentation quadratic in its size and hold the server for minutes: such text is left as it is.
 */
function indentationTooLarge(text: string, unit: number): boolean {
  const budget = INDENTATION_ALLOWANCE + 8 * text.length;
  const scanner = createScanner(text, true);
  let depth = 0;
  let added = 0;
  for (let kind = scanner.scan() as number; kind !== Kind.EOF; kind = scanner.scan() as number) {
    if (kind === Kind.OpenBrace || kind === Kind.OpenBracket) depth++;
    else if (kind === Kind.CloseBrace || kind === Kind.CloseBracket) depth = Math.max(0, depth - 1);
    else if (kind !== Kind.Comma) continue;
    // A line break (and its indentation) may follow or precede each of these tokens.
    added += depth * unit;
    if (added > budget) return true;
  }
  return false;
}

/**
 * Lines around [start, end) that begin and end outside block comments, when the range's own lines do
 * not (undefined when they do). Only block comments span lines: a string or a line comment ends at
 * the line break.
 */
function outsideBlockComments(text: string, start: number, end: number): { start: number; end: number } | undefined {
  const firstLine = lineStartAt(text, start);
  const lastLineEnd = lineEndAt(text, end);
  if (text.lastIndexOf('/*', lastLineEnd) < 0) return undefined;
  let from = firstLine;
  let to = lastLineEnd;
  const before: BlockComment[] = [];
  for (const comment of blockComments(text)) {
    if (comment.start >= to) break;
    if (comment.start < from) before.push(comment);
    if (to < comment.end) to = lineEndAt(text, comment.end);
  }
  // Latest first: a comment that holds the new start began before it.
  for (let i = before.length - 1; i >= 0; i--) {
    if (before[i].start < from && from < before[i].end) from = lineStartAt(text, before[i].start);
  }
  return from === firstLine && to === lastLineEnd ? undefined : { start: from, end: to };
}

function lineStartAt(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function lineEndAt(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

function firstLineBreak(text: string): string | undefined {
  const match = /\r\n|\r|\n/.exec(text);
  return match?.[0];
}

/** The edits (sorted and non-overlapping, as the formatter makes them) applied in one pass. */
function applyInOrder(text: string, edits: readonly Edit[]): string {
  const parts: string[] = [];
  let cursor = 0;
  for (const edit of [...edits].sort((a, b) => a.offset - b.offset)) {
    parts.push(text.slice(cursor, edit.offset), edit.content);
    cursor = edit.offset + edit.length;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

/** Whether two texts have the same tokens (comments included), ignoring whitespace between them. */
function sameTokens(a: string, b: string): boolean {
  const left = createScanner(a, false);
  const right = createScanner(b, false);
  const next = (scanner: ReturnType<typeof createScanner>): number => {
    let kind: number;
    do kind = scanner.scan() as number;
    while (kind === Kind.LineBreak || kind === Kind.Trivia);
    return kind;
  };
  for (;;) {
    const kind = next(left);
    if (kind !== next(right)) return false;
    if (kind === Kind.EOF) return true;
    const length = left.getTokenLength();
    if (length !== right.getTokenLength() || a.substr(left.getTokenOffset(), length) !== b.substr(right.getTokenOffset(), length)) return false;
  }
}
