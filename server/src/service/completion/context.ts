// Where the cursor is, for completion: a property name or a value, under which path, what text the
// chosen item replaces, and which commas the edit must add to keep the JSON well formed.
//
// This reads tokens instead of the parse tree because completion happens mid-edit, when the text is
// usually broken ("na| without a closing quote, a key without a colon, a missing comma) and the parser's
// recovery would place the cursor in the wrong object.
import { createScanner, type JSONScanner } from 'jsonc-parser';
import { type JsonNode, type JsonPath, nodeAt, type ParsedDocument, pathOf } from '../document/document';
import { Kind, UNEXPECTED_END_OF_STRING } from '../document/tokens';


export interface Token {
  kind: number;
  offset: number;
  length: number;
  /** The string value for string literals, otherwise the raw text. */
  value: string;
  unterminated: boolean;
}

export interface Span {
  offset: number;
  length: number;
}

interface Edits {
  /** The text the chosen item replaces: the token at the cursor, or an empty span at the cursor. */
  replace: Span;
  /** The token being replaced, if the cursor is inside one. */
  token?: Token;
  /** Where to insert a `,` first because the previous item has none (the end of that item). */
  commaBefore?: number;
  /** Whether the inserted text must end with `,` because another item follows. */
  commaAfter: boolean;
}

export interface KeyContext extends Edits {
  kind: 'key';
  /** Path of the object whose property name is being completed. */
  objectPath: JsonPath;
  /** Property names already in that object, except the one being edited. */
  existingKeys: Set<string>;
  /** Primitive values of the other properties of that object (such as a schedule's frequency). */
  siblings: Map<string, Token>;
  /** True when a `:` already follows the key being edited, so only the name is replaced. */
  colonFollows: boolean;
}

export interface ValueContext extends Edits {
  kind: 'value';
  /** Path of the value being completed (an array index for array items). */
  path: JsonPath;
  /** Primitive values of the properties next to this value, when it is a property value. */
  siblings: Map<string, Token>;
  /** True right after a `:` with no space, so a space is added for readability. */
  spaceBefore: boolean;
}

export type CompletionContext = KeyContext | ValueContext | { kind: 'empty' } | { kind: 'none' };

interface ObjectFrame {
  kind: 'object';
  path: JsonPath | undefined;
  state: 'key' | 'colon' | 'value' | 'comma';
  key?: string;
  keys: { name: string; offset: number }[];
  values: Map<string, Token>;
}

interface ArrayFrame {
  kind: 'array';
  path: JsonPath | undefined;
  state: 'value' | 'comma';
  count: number;
}

type Frame = ObjectFrame | ArrayFrame;

const isTrivia = (kind: number) => kind >= Kind.LineComment && kind <= Kind.Trivia;
const isPrimitive = (kind: number) =>
  kind === Kind.String || kind === Kind.Number || kind === Kind.True || kind === Kind.False || kind === Kind.Null || kind === Kind.Unknown;
const startsItem = (kind: number) => isPrimitive(kind) || kind === Kind.OpenBrace || kind === Kind.OpenBracket;

/** Whether the cursor is inside (or at the typing end of) a token, so the token is what gets replaced. */
function cursorInside(token: Token, cursor: number): boolean {
  const end = token.offset + token.length;
  if (token.kind === Kind.String) return (cursor > token.offset && cursor < end) || (cursor === end && token.unterminated);
  if (isPrimitive(token.kind)) return cursor > token.offset && cursor <= end;
  return false;
}

export function isStringToken(token: Token | undefined): boolean {
  return token?.kind === Kind.String;
}

export function isWordToken(token: Token | undefined): boolean {
  return token !== undefined && token.kind !== Kind.String && isPrimitive(token.kind);
}

/**
 * The innermost object or array that strictly contains `cursor` (after its opening bracket, up to
 * its closing one), when the document's tree can be trusted to match its tokens: no syntax errors
 * anywhere, so the parser's recovery cannot have nested or split containers differently from the
 * token walk.
 */
export function enclosingContainer(doc: ParsedDocument, cursor: number): JsonNode | undefined {
  if (doc.syntaxErrors.length > 0) return undefined;
  const root = doc.root;
  if (!root) return undefined;
  const text = doc.text;
  for (let node: JsonNode | undefined = nodeAt(root, cursor, true); node; node = node.parent) {
    if (node.type !== 'object' && node.type !== 'array') continue;
    const end = node.offset + node.length;
    if (cursor <= node.offset || cursor >= end) continue;
    const open = node.type === 'object' ? 123 /* { */ : 91; /* [ */
    const close = node.type === 'object' ? 125 /* } */ : 93; /* ] */
    // A tree that does not line up with the text (it should always) is not used.
    if (text.charCodeAt(node.offset) !== open || text.charCodeAt(end - 1) !== close) return undefined;
    return node;
  }
  return undefined;
}

/**
 * The completion context of a parsed document. On a well-formed document the token walk starts at
 * the innermost object or array around the cursor, whose path the tree gives, instead of at the top
 * of the text: the cost then depends on the size of that container, not on the cursor's offset.
 */
export function documentCompletionContext(doc: ParsedDocument, cursor: number): CompletionContext {
  // One completion request asks twice (the items, then the value re-trigger): the second is free.
  const cached = lastContext.get(doc);
  if (cached?.cursor === cursor) return cached.context;
  const container = enclosingContainer(doc, cursor);
  const context = container ? completionContext(doc.text, cursor, { offset: container.offset, path: pathOf(container) }) : completionContext(doc.text, cursor);
  lastContext.set(doc, { cursor, context });
  return context;
}

/** The last context read in each parsed document (one per document version). */
const lastContext = new WeakMap<ParsedDocument, { cursor: number; context: CompletionContext }>();

/**
 * `from`: start the walk at the opening bracket at `offset`, whose value has `path`. The caller
 * guarantees that the cursor is inside that container and that a walk from the top of the text would
 * reach it with that path, so both walks see the same tokens from there on and give the same answer.
 */
export function completionContext(text: string, cursor: number, from?: { offset: number; path: JsonPath }): CompletionContext {
  return new ContextScanner(text, cursor, from).run();
}

const NONE: CompletionContext = { kind: 'none' };

/**
 * Walks the tokens up to the cursor keeping a stack of the open objects and arrays and what each
 * expects next, decides the context where the cursor is, then reads on only as far as the answer needs.
 */
class ContextScanner {
  private readonly scanner: JSONScanner;
  private readonly stack: Frame[] = [];
  private rootStarted = false;
  /** The path of the first value read when the walk starts inside the text. */
  private startPath: JsonPath | undefined;
  private previous: Token | undefined;
  private result: CompletionContext | undefined;
  /** The innermost container open when the context was found. */
  private cursorFrame: Frame | undefined;
  /** For a context found at a token, the token after it decides `colonFollows`/`commaAfter`. */
  private waitingForNext: ((next: Token) => void) | undefined;

  constructor(
    private readonly text: string,
    private readonly cursor: number,
    from?: { offset: number; path: JsonPath },
  ) {
    this.scanner = createScanner(text, false);
    if (from) {
      this.scanner.setPosition(from.offset);
      this.startPath = from.path;
    }
  }

  run(): CompletionContext {
    for (;;) {
      const token = this.nextToken();
      this.waitingForNext?.(token);
      this.waitingForNext = undefined;
      if (!this.result) this.findContextAt(token);
      if (token.kind === Kind.EOF) break;
      this.consume(token);
      this.previous = token;
      if (this.isDone()) break;
    }
    return this.finish();
  }

  // ---- reading tokens ----------------------------------------------------------------------------

  /** The next token that is not trivia; a comment around the cursor means nothing to complete. */
  private nextToken(): Token {
    for (;;) {
      const kind = this.scanner.scan();
      if (!isTrivia(kind)) return this.token(kind);
      if (!this.result && this.cursorInComment(kind)) this.result = NONE;
    }
  }

  private token(kind: number): Token {
    const offset = this.scanner.getTokenOffset();
    const length = this.scanner.getTokenLength();
    return {
      kind,
      offset,
      length,
      value: kind === Kind.String ? this.scanner.getTokenValue() : this.text.substr(offset, length),
      unterminated: kind === Kind.String && this.scanner.getTokenError() === UNEXPECTED_END_OF_STRING,
    };
  }

  private cursorInComment(kind: number): boolean {
    if (kind !== Kind.LineComment && kind !== Kind.BlockComment) return false;
    const offset = this.scanner.getTokenOffset();
    const end = offset + this.scanner.getTokenLength();
    const openEnded = kind === Kind.LineComment || !this.text.startsWith('*/', end - 2);
    return this.cursor > offset && (this.cursor < end || (this.cursor === end && openEnded));
  }

  /** Past the cursor only the rest of its object matters (its other keys): stop once it closes. */
  private isDone(): boolean {
    if (!this.result || this.waitingForNext) return false;
    return !this.cursorFrame || !this.stack.includes(this.cursorFrame);
  }

  /** Keys after the cursor are only known once the walk is done. */
  private finish(): CompletionContext {
    const result = this.result ?? NONE;
    if (result.kind === 'key' && this.cursorFrame?.kind === 'object') {
      for (const key of this.cursorFrame.keys) if (!result.token || key.offset !== result.token.offset) result.existingKeys.add(key.name);
    }
    return result;
  }

  // ---- the context at the cursor -----------------------------------------------------------------

  private get top(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }

  private findContextAt(token: Token): void {
    if (token.kind === Kind.EOF || this.cursor <= token.offset) this.result = this.gapContext(token);
    else if (cursorInside(token, this.cursor)) this.result = this.tokenContext(token);
    if (this.result) this.cursorFrame = this.top;
  }

  /** The context for a cursor between tokens, `next` being the token after it. */
  private gapContext(next: Token): CompletionContext {
    const context = this.contextBetweenTokens(next);
    if (context.kind !== 'key' && context.kind !== 'value') return context;
    context.commaAfter = startsItem(next.kind);
    if (context.kind === 'value' && this.top?.kind === 'object' && startsItem(next.kind)) return this.beforeExistingValue(context, next);
    return context;
  }

  private contextBetweenTokens(next: Token): CompletionContext {
    const top = this.top;
    if (!top) return !this.rootStarted && next.kind === Kind.EOF ? { kind: 'empty' } : NONE;
    if (top.kind === 'array') return this.valueContext(top, undefined, this.commaBefore(top));
    if (top.state === 'key' || top.state === 'comma') return this.keyContext(top, undefined, this.commaBefore(top));
    if (top.state === 'value') return this.valueContext(top, undefined, undefined);
    return NONE;
  }

  /**
   * Right before a property's existing value there is nothing to insert. A string there may instead
   * be the next property's name (this value is missing): a `:` after it tells.
   */
  private beforeExistingValue(context: ValueContext, next: Token): CompletionContext {
    if (next.kind !== Kind.String) return NONE;
    this.waitingForNext = (afterNext) => {
      if (afterNext.kind !== Kind.Colon) this.result = NONE;
    };
    return context;
  }

  /** The context for a cursor inside `token` (a partly typed name or value). */
  private tokenContext(token: Token): CompletionContext {
    const context = this.contextInsideToken(token);
    if (context.kind === 'key' || context.kind === 'value') this.waitingForNext = (next) => settleByNextToken(context, next);
    return context;
  }

  private contextInsideToken(token: Token): CompletionContext {
    const top = this.top;
    if (!top) return NONE;
    if (top.kind === 'array') return this.valueContext(top, token, this.commaBefore(top));
    if (top.state === 'value') return this.valueContext(top, token, undefined);
    if (token.kind === Kind.String || token.kind === Kind.Unknown) return this.keyContext(top, token, this.commaBefore(top));
    return NONE;
  }

  /** Where a `,` is due before the cursor: the end of the previous item, when the container expects a comma. */
  private commaBefore(frame: Frame): number | undefined {
    return frame.state === 'comma' && this.previous ? this.previous.offset + this.previous.length : undefined;
  }

  private replaced(token: Token | undefined): Span {
    return token ? { offset: token.offset, length: token.length } : { offset: this.cursor, length: 0 };
  }

  /** `existingKeys` is filled when the walk is done (see `finish`). */
  private keyContext(frame: ObjectFrame, token: Token | undefined, commaBefore: number | undefined): CompletionContext {
    if (!frame.path) return NONE;
    return {
      kind: 'key',
      objectPath: frame.path,
      existingKeys: new Set(),
      siblings: frame.values,
      colonFollows: false,
      replace: this.replaced(token),
      token,
      commaBefore,
      commaAfter: false,
    };
  }

  private valueContext(frame: Frame, token: Token | undefined, commaBefore: number | undefined): CompletionContext {
    const path = this.pathOfNewValue();
    if (!path) return NONE;
    const replace = this.replaced(token);
    const previous = this.previous;
    return {
      kind: 'value',
      path,
      siblings: frame.kind === 'object' ? frame.values : new Map<string, Token>(),
      spaceBefore: previous?.kind === Kind.Colon && previous.offset + previous.length === replace.offset,
      replace,
      token,
      commaBefore,
      commaAfter: false,
    };
  }

  // ---- the structure so far ----------------------------------------------------------------------

  private pathOfNewValue(): JsonPath | undefined {
    const top = this.top;
    if (top?.kind === 'object') return top.state === 'value' && top.key !== undefined && top.path ? [...top.path, top.key] : undefined;
    if (top?.kind === 'array') return top.path ? [...top.path, top.count] : undefined;
    if (this.startPath) {
      const path = this.startPath;
      this.startPath = undefined;
      return path;
    }
    return this.rootStarted ? undefined : [];
  }

  /** Records that a value starts here and returns its path. */
  private startValue(token: Token): JsonPath | undefined {
    const path = this.pathOfNewValue();
    const top = this.top;
    if (!top) this.rootStarted = true;
    else if (top.kind === 'object') {
      if (top.state === 'value' && top.key !== undefined && isPrimitive(token.kind)) top.values.set(top.key, token);
      top.state = 'comma';
    } else {
      top.count++;
      top.state = 'comma';
    }
    return path;
  }

  private consume(token: Token): void {
    switch (token.kind) {
      case Kind.OpenBrace:
      case Kind.OpenBracket:
        return this.open(token);
      case Kind.CloseBrace:
      case Kind.CloseBracket:
        return this.close(token.kind === Kind.CloseBrace ? 'object' : 'array');
      case Kind.Comma:
        return this.comma();
      case Kind.Colon:
        return this.colon();
      default:
        return this.word(token);
    }
  }

  /**
   * A key followed by `{` without a colon is still that key's value; a container where a property
   * name belongs is malformed and its contents get no path.
   */
  private open(token: Token): void {
    const top = this.top;
    if (top?.kind === 'object' && top.state === 'colon') top.state = 'value';
    const misplaced = top?.kind === 'object' && top.state !== 'value';
    const path = misplaced ? undefined : this.startValue(token);
    if (misplaced) top.state = 'comma';
    this.stack.push(
      token.kind === Kind.OpenBrace
        ? { kind: 'object', path, state: 'key', keys: [], values: new Map() }
        : { kind: 'array', path, state: 'value', count: 0 },
    );
  }

  /** Closes the innermost container of that kind; a stray closer is ignored. */
  private close(kind: Frame['kind']): void {
    if (!this.stack.some((f) => f.kind === kind)) return;
    while (this.stack.length) if (this.stack.pop()!.kind === kind) return;
  }

  private comma(): void {
    const top = this.top;
    if (top?.kind === 'object') {
      top.state = 'key';
      top.key = undefined;
    } else if (top) top.state = 'value';
  }

  private colon(): void {
    const top = this.top;
    if (top?.kind === 'object' && (top.state === 'colon' || top.state === 'key')) top.state = 'value';
  }

  /** A string, number or literal: a property name where one belongs (also after a missing comma, or a bare word being typed as a name), else a value. */
  private word(token: Token): void {
    const top = this.top;
    if (top?.kind !== 'object' || top.state === 'value') {
      this.startValue(token);
    } else if (token.kind === Kind.String || token.kind === Kind.Unknown) {
      top.key = token.value;
      top.keys.push({ name: token.value, offset: token.offset });
      top.state = 'colon';
    } else {
      top.state = 'comma';
    }
  }
}

/** Once the token after a typed name or value is known: whether a `:` follows the name, or another item follows. */
function settleByNextToken(context: KeyContext | ValueContext, next: Token): void {
  if (context.kind === 'key' && next.kind === Kind.Colon) context.colonFollows = true;
  else context.commaAfter = startsItem(next.kind);
}
