// A single-pass parser for the common case of a well-formed document: it builds exactly the tree
// jsonc-parser's parseTree builds (same node types, offsets, lengths, values, colonOffset, parents)
// several times faster, because it handles only text without syntax errors. It gives up (returns
// undefined) on anything else: syntax errors, trailing commas, unusual whitespace, deep nesting. The
// caller then runs jsonc-parser, whose error recovery and messages stay the single reference.
import type { Node } from 'jsonc-parser';
import { ShiftLog, type ShiftEntry } from './shiftLog';
import { ContainerNode, LeafNode, PropertyNode } from './treeNodes';

/** Why the fast path stopped; never escapes this module. */
const GIVE_UP = { reason: 'not plain JSON' };

const NO_CHILDREN: Node[] = [];

// Recursion depth at which the fast path hands over, so very deep documents keep jsonc-parser's behaviour.
const MAX_DEPTH = 512;

const enum Char {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  Quote = 34,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  UpperE = 69,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  LowerE = 101,
  LowerF = 102,
  LowerN = 110,
  LowerT = 116,
  OpenBrace = 123,
  CloseBrace = 125,
  Star = 42,
  Plus = 43,
}

export class FastParser {
  pos = 0;
  depth = 0;
  /**
   * Children of the containers being read, innermost last; each container takes its own off the top
   * as an exactly sized array (growing one array per container wastes memory on every object).
   */
  private readonly pending: Node[] = [];
  /**
   * The tree's shift log as of now, which every node starts from (treeNodes.ts): a parse starts a new
   * log, so each tree has its own; nodes read for an edit are moved into their tree's log afterwards.
   */
  private readonly shiftedTo: ShiftEntry = new ShiftLog().head;
  constructor(private readonly text: string) {}

  /**
   * The value that starts exactly at `offset` (a token boundary of a document known to be valid up
   * to there), with `parent` as its parent; undefined when it is not plain JSON.
   */
  static valueAt(text: string, offset: number, parent: Node | undefined, depth: number): Node | undefined {
    const parser = new FastParser(text);
    parser.pos = offset;
    parser.depth = depth;
    try {
      return parser.value(parent, text.charCodeAt(offset));
    } catch (error) {
      if (error === GIVE_UP || error instanceof RangeError) return undefined;
      throw error;
    }
  }

  /** Skips whitespace and comments; returns the character code there (NaN at the end). */
  skip(): number {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === Char.Space || c === Char.LineFeed || c === Char.CarriageReturn || c === Char.Tab) {
        pos++;
      } else if (c === Char.Slash) {
        const next = text.charCodeAt(pos + 1);
        if (next === Char.Slash) {
          pos += 2;
          for (;;) {
            const d = text.charCodeAt(pos);
            if (d === Char.LineFeed || d === Char.CarriageReturn || d !== d) break;
            pos++;
          }
        } else if (next === Char.Star) {
          const end = text.indexOf('*/', pos + 2);
          if (end < 0) throw GIVE_UP;
          pos = end + 2;
        } else throw GIVE_UP;
      } else {
        this.pos = pos;
        return c;
      }
    }
  }

  value(parent: Node | undefined, c: number): Node {
    switch (c) {
      case Char.Quote:
        return this.string(parent);
      case Char.OpenBrace:
        return this.object(parent);
      case Char.OpenBracket:
        return this.array(parent);
      case Char.LowerT:
        return this.keyword(parent, 'true', true);
      case Char.LowerF:
        return this.keyword(parent, 'false', false);
      case Char.LowerN:
        return this.keyword(parent, 'null', null);
      default:
        if (c === Char.Minus || (c >= Char.Zero && c <= Char.Nine)) return this.number(parent);
        throw GIVE_UP;
    }
  }

  string(parent: Node | undefined): Node {
    const text = this.text;
    const start = this.pos;
    let pos = start + 1;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === Char.Quote) break;
      if (c === Char.Backslash) {
        escaped = true;
        pos += 2;
      } else if (c >= Char.Space) {
        pos++;
      } else {
        // A control character, a line break or the end of the text: an unterminated or invalid string.
        throw GIVE_UP;
      }
    }
    pos++;
    this.pos = pos;
    let value: string;
    if (escaped) {
      // JSON.parse decodes exactly the escapes jsonc-parser accepts, and rejects the ones it reports.
      try {
        value = JSON.parse(text.slice(start, pos)) as string;
      } catch {
        throw GIVE_UP;
      }
    } else value = text.slice(start + 1, pos - 1);
    return new LeafNode('string', start, pos - start, parent, value, this.shiftedTo);
  }

  number(parent: Node | undefined): Node {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    let c = text.charCodeAt(pos);
    let negative = false;
    if (c === Char.Minus) {
      negative = true;
      c = text.charCodeAt(++pos);
    }
    let integer = 0;
    let digits = 0;
    if (c === Char.Zero) {
      c = text.charCodeAt(++pos);
      digits = 1;
    } else if (c >= Char.Zero && c <= Char.Nine) {
      while (c >= Char.Zero && c <= Char.Nine) {
        integer = integer * 10 + (c - Char.Zero);
        digits++;
        c = text.charCodeAt(++pos);
      }
    } else throw GIVE_UP;
    let simple = true;
    if (c === Char.Dot) {
      simple = false;
      c = text.charCodeAt(++pos);
      if (!(c >= Char.Zero && c <= Char.Nine)) throw GIVE_UP;
      while (c >= Char.Zero && c <= Char.Nine) c = text.charCodeAt(++pos);
    }
    if (c === Char.LowerE || c === Char.UpperE) {
      simple = false;
      c = text.charCodeAt(++pos);
      if (c === Char.Plus || c === Char.Minus) c = text.charCodeAt(++pos);
      if (!(c >= Char.Zero && c <= Char.Nine)) throw GIVE_UP;
      while (c >= Char.Zero && c <= Char.Nine) c = text.charCodeAt(++pos);
    }
    // `0123` is two tokens to jsonc-parser (an error); so is a number run into a word.
    if ((c >= Char.Zero && c <= Char.Nine) || isWordCharacter(c)) throw GIVE_UP;
    this.pos = pos;
    // Short integers are exact as accumulated; anything else goes through Number() as jsonc-parser does.
    const value = simple && digits <= 15 ? (negative ? -integer : integer) : Number(text.slice(start, pos));
    return new LeafNode('number', start, pos - start, parent, value, this.shiftedTo);
  }

  keyword(parent: Node | undefined, word: string, value: boolean | null): Node {
    const start = this.pos;
    if (!this.text.startsWith(word, start) || isWordCharacter(this.text.charCodeAt(start + word.length))) throw GIVE_UP;
    this.pos = start + word.length;
    return new LeafNode(value === null ? 'null' : 'boolean', start, word.length, parent, value, this.shiftedTo);
  }

  object(parent: Node | undefined): Node {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const start = this.pos;
    const pending = this.pending;
    const base = pending.length;
    const node = new ContainerNode('object', start, parent, NO_CHILDREN, this.shiftedTo);
    this.pos++;
    let c = this.skip();
    if (c !== Char.CloseBrace) {
      for (;;) {
        if (c !== Char.Quote) throw GIVE_UP;
        const keyOffset = this.pos;
        const property = new PropertyNode(keyOffset, node, NO_CHILDREN, this.shiftedTo);
        const key = this.string(property);
        c = this.skip();
        if (c !== Char.Colon) throw GIVE_UP;
        property.storedColonOffset = this.pos;
        this.pos++;
        const value = this.value(property, this.skip());
        property.children = [key, value];
        property.length = this.pos - keyOffset; // the value ends where reading it stopped
        pending.push(property);
        c = this.skip();
        if (c === Char.Comma) {
          this.pos++;
          c = this.skip();
          // A trailing comma is accepted by jsonc-parser and reported separately: leave it to that path.
          if (c === Char.CloseBrace) throw GIVE_UP;
        } else if (c === Char.CloseBrace) break;
        else throw GIVE_UP;
      }
    }
    this.pos++;
    node.length = this.pos - start;
    node.children = pending.slice(base);
    pending.length = base;
    this.depth--;
    return node;
  }

  array(parent: Node | undefined): Node {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const start = this.pos;
    const pending = this.pending;
    const base = pending.length;
    const node = new ContainerNode('array', start, parent, NO_CHILDREN, this.shiftedTo);
    this.pos++;
    let c = this.skip();
    if (c !== Char.CloseBracket) {
      for (;;) {
        pending.push(this.value(node, c));
        c = this.skip();
        if (c === Char.Comma) {
          this.pos++;
          c = this.skip();
          if (c === Char.CloseBracket) throw GIVE_UP;
        } else if (c === Char.CloseBracket) break;
        else throw GIVE_UP;
      }
    }
    this.pos++;
    node.length = this.pos - start;
    node.children = pending.slice(base);
    pending.length = base;
    this.depth--;
    return node;
  }
}

/** Characters that would continue a keyword or number into one unknown word for jsonc-parser. */
function isWordCharacter(c: number): boolean {
  if (c !== c) return false; // end of text
  switch (c) {
    case Char.Space:
    case Char.Tab:
    case Char.LineFeed:
    case Char.CarriageReturn:
    case Char.Comma:
    case Char.Colon:
    case Char.CloseBrace:
    case Char.CloseBracket:
    case Char.OpenBrace:
    case Char.OpenBracket:
    case Char.Quote:
    case Char.Slash:
      return false;
    default:
      return true;
  }
}

/**
 * The tree jsonc-parser's `parseTree` would build for `text` (comments allowed), when the text is
 * well-formed JSON with no trailing commas; undefined when the full parser is needed.
 */
export function parseTreeFast(text: string): Node | undefined {
  const parser = new FastParser(text);
  try {
    const c = parser.skip();
    if (Number.isNaN(c)) return undefined; // empty: nothing to gain
    const root = parser.value(undefined, c);
    if (!Number.isNaN(parser.skip())) return undefined; // more text after the value
    // jsonc-parser's root has no parent property at all.
    delete (root as { parent?: Node }).parent;
    return root;
  } catch (error) {
    if (error === GIVE_UP || error instanceof RangeError) return undefined;
    throw error;
  }
}
