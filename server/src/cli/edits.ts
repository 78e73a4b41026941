// Applying a language-service answer (text edits) to a document's text, for commands that write files.
import type { TextEdit } from 'vscode-languageserver-types';
import type { ParsedDocument } from '../service';

export function applyEdits(doc: ParsedDocument, edits: TextEdit[]): string {
  // Apply from the end, so earlier offsets stay valid.
  const spans = edits.map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  let out = doc.text;
  for (const span of spans) out = out.slice(0, span.start) + span.text + out.slice(span.end);
  return out;
}
