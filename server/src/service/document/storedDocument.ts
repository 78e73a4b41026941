// The editor's documents as the language server keeps them: one immutable object per version, with
// the text, its line index and the change from the previous version. It replaces
// vscode-languageserver-textdocument's TextDocument in the server's TextDocuments (the same interface
// and the same results for every change an editor can send, see test/unit/stored-document.test.ts),
// for three reasons measured on megabyte documents:
// - its update shifts a second table of line offsets on every edit; here the one line index is derived
//   once per version and the parse (document.ts) uses that same index;
// - the parse no longer compares the whole old and new text to find what changed: the editor said it;
// - a version never changes once made, so an older version still answers for its own text.
import type { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import { LineIndex, type TextChange } from './lineIndex';
import { utf8Length } from '../../util/utf8Length';
import { EditedText, type TextSource } from './editedText';

/** How this version came from the previous one, when that is a single region. */
export interface VersionEdit {
  readonly fromVersion: number;
  /** One region covering every change. */
  readonly change: TextChange;
  /**
   * Each change of a notification that made several (a replace-all, multi-cursor typing), with the
   * text it left, so that the parse can apply them one by one in place rather than read the whole
   * region between the first and the last again. Undefined for a single change, and when the changes
   * were too many, or made new flat texts more than twice (each intermediate text kept would then
   * keep megabytes).
   */
  readonly steps?: readonly EditStep[];
}

export interface EditStep {
  readonly change: TextChange;
  readonly text: TextSource;
}

/** Past this many changes in one notification, they are not kept one by one. */
const MAX_STEPS = 256;
/** Past this many changes that made a new flat text, likewise. */
const MAX_FLAT_STEPS = 2;

export class StoredDocument implements TextDocument {
  private constructor(
    readonly uri: string,
    readonly languageId: string,
    readonly version: number,
    /** A flat string, or the previous text with the edited region replaced, read in place (editedText.ts). */
    private readonly text: string | EditedText,
    /** Built on first use for an opened document; derived from the previous version's on every change. */
    private index: LineIndex | undefined,
    /** Undefined for an opened document and after a full-text change. */
    readonly edit: VersionEdit | undefined,
    /** The text's UTF-8 size once known; each change then updates it from the changed region alone. */
    private bytes: number | undefined,
  ) {}

  static create(uri: string, languageId: string, version: number, content: string): StoredDocument {
    return new StoredDocument(uri, languageId, version, content, undefined, undefined, undefined);
  }

  /**
   * The next version after `changes`, applied in order, each range in the text left by the ones
   * before it (LSP's rule). `document` itself is left as it is.
   */
  static update(document: StoredDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): StoredDocument {
    let text: string | EditedText = document.text;
    let index = document.index;
    let bytes = document.bytes;
    // The union of the changes as one region of the original text, or undefined after a full-text change.
    let region: TextChange | undefined = { start: 0, oldEnd: 0, newEnd: 0 };
    let first = true;
    let steps: EditStep[] | undefined = changes.length > 1 && changes.length <= MAX_STEPS ? [] : undefined;
    let flatTexts = 0;
    for (const change of changes) {
      if (!('range' in change) || change.range === undefined) {
        if (typeof change.text !== 'string') throw new Error('Unknown change event received');
        text = change.text;
        index = undefined;
        region = undefined;
        bytes = undefined;
        steps = undefined;
        continue;
      }
      const lines = index ?? LineIndex.build(String(text));
      const range = wellFormed(change.range);
      const start = lines.offsetAt(range.start);
      const end = lines.offsetAt(range.end);
      const before = text;
      text = EditedText.replace(text, start, end, change.text);
      if (bytes !== undefined) bytes += utf8Difference(before, text, start, end, start + change.text.length);
      const step: TextChange = { start, oldEnd: end, newEnd: start + change.text.length };
      index = lines.edited(text, step);
      if (region) region = first ? step : compose(region, step);
      first = false;
      // A change that folded the text into a new flat string: each such intermediate text kept costs the
      // text's size, so only a couple are (enough for the fold MAX_STEPS changes can cause).
      if (typeof text === 'string' && ++flatTexts > MAX_FLAT_STEPS) steps = undefined;
      steps?.push({ change: step, text });
    }
    const edit = region && !first ? { fromVersion: document.version, change: region, steps } : undefined;
    return new StoredDocument(document.uri, document.languageId, version, text, index, edit, bytes);
  }

  /** The text's size in UTF-8 (what the size limit counts), without encoding the whole text after each change. */
  get utf8Bytes(): number {
    if (this.bytes === undefined) this.bytes = utf8Length(String(this.text));
    return this.bytes;
  }

  /** The version's line index (the parse of this version shares it). */
  get lines(): LineIndex {
    if (!this.index) this.index = LineIndex.build(String(this.text));
    return this.index;
  }

  /** The text, to be read in place: no whole-text string is made for it. */
  get source(): TextSource {
    return this.text;
  }

  getText(range?: Range): string {
    if (!range) return String(this.text);
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  positionAt(offset: number): Position {
    return this.lines.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.lines.offsetAt(position);
  }

  get lineCount(): number {
    return this.lines.lineCount;
  }

  /** The line's range without its line break; lines past the end give the last line, before 0 an empty range. */
  getLineRange(line: number): Range {
    const lines = this.lines;
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (line >= lines.lineCount) {
      const last = lines.lineCount - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.text.length - lines.lineStart(last) } };
    }
    const start = lines.lineStart(line);
    return { start: { line, character: 0 }, end: { line, character: lines.contentEnd(line) - start } };
  }

  /** The line break that ends the line ('' for the last line and lines outside the document). */
  getEOLCharacters(line: number): string {
    const lines = this.lines;
    if (line < 0 || line >= lines.lineCount) return '';
    const next = line + 1 < lines.lineCount ? lines.lineStart(line + 1) : this.text.length;
    return this.text.slice(lines.contentEnd(line), next);
  }
}

/** The configuration TextDocuments takes to keep StoredDocuments. */
export const StoredDocuments = {
  create: StoredDocument.create,
  update: (document: StoredDocument, changes: TextDocumentContentChangeEvent[], version: number) => StoredDocument.update(document, changes, version),
};

/**
 * How much the UTF-8 size changed when [start, oldEnd) of `before` became [start, newEnd) of `after`.
 * One character more on each side is counted too: a surrogate pair takes 4 bytes but each half alone
 * 3, so an edit next to a half can change the size of its neighbour.
 */
function utf8Difference(before: TextSource, after: TextSource, start: number, oldEnd: number, newEnd: number): number {
  const from = Math.max(0, start - 1);
  return utf8Length(after.slice(from, newEnd + 1)) - utf8Length(before.slice(from, oldEnd + 1));
}

/** A range with its start before its end (an editor may send them the other way round). */
function wellFormed(range: Range): Range {
  const { start, end } = range;
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) return { start: end, end: start };
  return range;
}

/**
 * One region covering `a` (text0 -> text1) and then `b` (text1 -> text2), in the coordinates of
 * text0 and text2. Outside it both texts are equal, which is all the parse's reuse needs.
 */
export function compose(a: TextChange, b: TextChange): TextChange {
  const start = Math.min(a.start, b.start);
  const end1 = Math.max(a.newEnd, b.oldEnd);
  return { start, oldEnd: end1 - a.newEnd + a.oldEnd, newEnd: end1 + b.newEnd - b.oldEnd };
}
