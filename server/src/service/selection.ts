// Smart selection: from the token under the cursor outwards (string contents, token, property, the
// object or array holding it, ... up to the whole document).
import type { Position, Range, SelectionRange } from 'vscode-languageserver-types';
import { type JsonNode, nodeAt, type ParsedDocument } from './document/document';

export function selectionRanges(doc: ParsedDocument, positions: readonly Position[]): SelectionRange[] {
  return positions.map((position) => selectionAt(doc, position));
}

function selectionAt(doc: ParsedDocument, position: Position): SelectionRange {
  const offset = doc.offsetAt(position);
  const spans: [number, number][] = [];
  const push = (start: number, end: number) => {
    const last = spans[spans.length - 1];
    // Each step must strictly grow the selection.
    if (last && start >= last[0] && end <= last[1]) return;
    spans.push([start, end]);
  };
  let node: JsonNode | undefined = nodeAt(doc.root, offset, true);
  if (node?.type === 'string' && node.length > 2 && offset > node.offset && offset < node.offset + node.length) {
    push(node.offset + 1, node.offset + node.length - 1);
  }
  for (; node; node = node.parent) push(node.offset, node.offset + node.length);
  push(0, doc.text.length);
  let result: SelectionRange | undefined;
  for (let i = spans.length - 1; i >= 0; i--) {
    const range: Range = doc.rangeOf(spans[i][0], spans[i][1] - spans[i][0]);
    result = result ? { range, parent: result } : { range };
  }
  return result ?? { range: { start: position, end: position } };
}
