// Test fixtures mark expected ranges inline: `⟦` and `⟧` surround a token, and are removed from the text.
import { parseDocument, type ParsedDocument } from '../../server/src/service/document/document';
import type { Range } from 'vscode-languageserver-types';

export function withMarkers(marked: string): { text: string; ranges: Range[]; doc: ParsedDocument } {
  const offsets: [number, number][] = [];
  let text = '';
  let open = -1;
  for (const ch of marked) {
    if (ch === '⟦') open = text.length;
    else if (ch === '⟧') {
      offsets.push([open, text.length]);
      open = -1;
    } else text += ch;
  }
  const doc = parseDocument('file:///test.polysync.json', 1, text);
  return { text, doc, ranges: offsets.map(([s, e]) => doc.rangeOf(s, e - s)) };
}
