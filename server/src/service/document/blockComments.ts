// The block comments (`/* ... */`) of a text, in order, as the scanner reads them: a `/*` inside a
// string is none. Only they cross line breaks (a string or a line comment ends at one), so they are what
// an edit or a range at a line start must look for.
import { createScanner } from 'jsonc-parser';
import { Kind } from './tokens';

export interface BlockComment {
  start: number;
  end: number;
  /** Whether the comment is closed (an unclosed one runs to the end of the text). */
  closed: boolean;
}

/** Read lazily: a caller stops once it is past the offsets it cares about. */
export function* blockComments(text: string): Generator<BlockComment> {
  if (!text.includes('/*')) return;
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan() as number; kind !== Kind.EOF; kind = scanner.scan() as number) {
    if (kind !== Kind.BlockComment) continue;
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    yield { start, end, closed: end - start >= 4 && text.startsWith('*/', end - 2) };
  }
}
