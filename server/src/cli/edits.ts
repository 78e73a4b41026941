// Applying a language-service answer (text edits) to a document's text, for commands that write files.
import type { TextEdit } from 'vscode-languageserver-types';
import type { ParsedDocument } from '../service';

/**
 * The text with `edits` applied once each, in one pass from the start. The same edit listed twice (two
 * fixes proposing one change) is applied once; edits that overlap otherwise are a bug and throw,
 * rather than write a mangled file.
 */
export function applyEdits(doc: ParsedDocument, edits: TextEdit[]): string {
  const seen = new Set<string>();
  const spans = edits
    .map((e, index) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), text: e.newText, index }))
    .filter((s) => {
      const key = `${s.start}:${s.end}:${s.text}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    // Insertions at one offset keep their order.
    .sort((a, b) => a.start - b.start || a.end - b.end || a.index - b.index);
  let out = '';
  let cursor = 0;
  for (const span of spans) {
    if (span.start < cursor) throw new Error(`overlapping edits at offset ${span.start}`);
    out += doc.text.slice(cursor, span.start) + span.text;
    cursor = span.end;
  }
  return out + doc.text.slice(cursor);
}
