// Fixtures mark the cursor with `|` (and optionally an expected range with `⟦` `⟧`); the markers are
// removed from the text before it is parsed.
import type { Position, Range } from 'vscode-languageserver-types';
import { parseDocument, type ParsedDocument } from '../../server/src/service/document/document';

export interface CursorFixture {
  text: string;
  doc: ParsedDocument;
  offset: number;
  position: Position;
  /** The range between `⟦` and `⟧`, if the fixture marks one. */
  range?: Range;
}

export function atCursor(marked: string, uri = 'file:///test.polysync.json'): CursorFixture {
  let text = '';
  let cursor = -1;
  let open = -1;
  let close = -1;
  for (const ch of marked) {
    if (ch === '|' && cursor < 0) cursor = text.length;
    else if (ch === '⟦') open = text.length;
    else if (ch === '⟧') close = text.length;
    else text += ch;
  }
  if (cursor < 0) throw new Error(`fixture has no | cursor: ${marked}`);
  const doc = parseDocument(uri, 1, text);
  return {
    text,
    doc,
    offset: cursor,
    position: doc.positionAt(cursor),
    range: open >= 0 && close >= 0 ? doc.rangeOf(open, close - open) : undefined,
  };
}
