// Formatting the whole document or a range. Only whitespace between tokens changes, so comments and
// values are kept; the indentation follows the editor's tab size and spaces-or-tabs choice.
import { format as formatJsonc } from 'jsonc-parser';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import { detectEol } from './actions/textEdits';
import type { ParsedDocument } from './document';

export interface FormatOptions {
  tabSize: number;
  insertSpaces: boolean;
  /** Keep the user's line breaks (only re-indent and fix spacing within lines). */
  keepLines?: boolean;
}

export function format(doc: ParsedDocument, range: Range | undefined, options: FormatOptions): TextEdit[] {
  try {
    const text = doc.text;
    const tabSize = Number.isInteger(options.tabSize) && options.tabSize > 0 ? options.tabSize : 2;
    let jsonRange: { offset: number; length: number } | undefined;
    if (range) {
      const start = doc.offsetAt(range.start);
      const end = doc.offsetAt(range.end);
      jsonRange = { offset: start, length: Math.max(0, end - start) };
    }
    const edits = formatJsonc(text, jsonRange, {
      tabSize,
      insertSpaces: options.insertSpaces !== false,
      eol: detectEol(text),
      // A whole-document format keeps the final line break the file had (and adds none it did not have).
      insertFinalNewline: range === undefined && /\n$/.test(text),
      keepLines: options.keepLines ?? false,
    });
    return edits.map((e) => ({ range: doc.rangeOf(e.offset, e.length), newText: e.content }));
  } catch {
    return [];
  }
}
