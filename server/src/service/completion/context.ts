// Where the cursor is, for completion: a property name or a value, under which path, what text the
// chosen item replaces, and which commas the edit must add to keep the JSON well formed.
//
// This reads tokens instead of the parse tree because completion happens mid-edit, when the text is
// usually broken ("na| without a closing quote, a key without a colon, a missing comma) and the parser's
// recovery would place the cursor in the wrong object.
import { createScanner } from 'jsonc-parser';
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
  const container = enclosingContainer(doc, cursor);
  if (container) return completionContext(doc.text, cursor, { offset: container.offset, path: pathOf(container) });
  return completionContext(doc.text, cursor);
}

/**
 * `from`: start the walk at the opening bracket at `offset`, whose value has `path`. The caller
 * guarantees that the cursor is inside that container and that a walk from the top of the text would
 * reach it with that path, so both walks see the same tokens from there on and give the same answer.
 */
export function completionContext(text: string, cursor: number, from?: { offset: number; path: JsonPath }): CompletionContext {
  const scanner = createScanner(text, false);
  const stack: Frame[] = [];
  let rootStarted = false;
  // The path of the first value read when the walk starts inside the text.
  let startPath: JsonPath | undefined;
  if (from) {
    scanner.setPosition(from.offset);
    startPath = from.path;
  }
  let previous: Token | undefined;
  let result: CompletionContext | undefined;
  // For a context found at a token, the token after it decides `colonFollows`/`commaAfter`.
  let waitingForNext: ((next: Token) => void) | undefined;

  const pathOfNewValue = (): JsonPath | undefined => {
    const top = stack[stack.length - 1];
    if (!top) {
      if (startPath) {
        const path = startPath;
        startPath = undefined;
        return path;
      }
      return rootStarted ? undefined : [];
    }
    if (top.kind === 'object') return top.state === 'value' && top.key !== undefined && top.path ? [...top.path, top.key] : undefined;
    return top.path ? [...top.path, top.count] : undefined;
  };

  /** Records that a value starts here and returns its path. */
  const startValue = (token: Token): JsonPath | undefined => {
    const path = pathOfNewValue();
    const top = stack[stack.length - 1];
    if (!top) rootStarted = true;
    else if (top.kind === 'object') {
      if (top.state === 'value' && top.key !== undefined && isPrimitive(token.kind)) top.values.set(top.key, token);
      top.state = 'comma';
    } else {
      top.count++;
      top.state = 'comma';
    }
    return path;
  };

  const siblingsOf = (frame: Frame | undefined) => (frame?.kind === 'object' ? frame.values : new Map<string, Token>());

  const keyContext = (frame: ObjectFrame, token: Token | undefined, commaBefore: number | undefined): KeyContext | { kind: 'none' } => {
    if (!frame.path) return { kind: 'none' };
    const context: KeyContext = {
      kind: 'key',
      objectPath: frame.path,
      existingKeys: new Set(),
      siblings: frame.values,
      colonFollows: false,
      replace: token ? { offset: token.offset, length: token.length } : { offset: cursor, length: 0 },
      token,
      commaBefore,
      commaAfter: false,
    };
    // Keys after the cursor are only known once the walk finishes, so the set is filled lazily.
    finishers.push(() => {
      for (const key of frame.keys) if (!token || key.offset !== token.offset) context.existingKeys.add(key.name);
    });
    return context;
  };

  const valueContext = (path: JsonPath | undefined, frame: Frame | undefined, token: Token | undefined, commaBefore: number | undefined): ValueContext | { kind: 'none' } => {
    if (!path) return { kind: 'none' };
    const replace = token ? { offset: token.offset, length: token.length } : { offset: cursor, length: 0 };
    return {
      kind: 'value',
      path,
      siblings: siblingsOf(frame),
      spaceBefore: previous?.kind === Kind.Colon && previous.offset + previous.length === replace.offset,
      replace,
      token,
      commaBefore,
      commaAfter: false,
    };
  };

  /** The context for a cursor between tokens, `next` being the token after it. */
  const gapContext = (next: Token): CompletionContext => {
    const top = stack[stack.length - 1];
    const previousEnd = previous ? previous.offset + previous.length : undefined;
    let context: CompletionContext;
    if (!top) {
      context = !rootStarted && next.kind === Kind.EOF ? { kind: 'empty' } : { kind: 'none' };
    } else if (top.kind === 'object') {
      if (top.state === 'key') context = keyContext(top, undefined, undefined);
      else if (top.state === 'comma') context = keyContext(top, undefined, previousEnd);
      else if (top.state === 'value') context = valueContext(pathOfNewValue(), top, undefined, undefined);
      else context = { kind: 'none' };
    } else {
      context = valueContext(pathOfNewValue(), top, undefined, top.state === 'comma' ? previousEnd : undefined);
    }
    if (context.kind === 'key' || context.kind === 'value') context.commaAfter = startsItem(next.kind);
    if (context.kind === 'value' && top?.kind === 'object' && startsItem(next.kind)) {
      // Right before a property's existing value there is nothing to insert. A string there may
      // instead be the next property's name (this value is missing): a `:` after it tells.
      if (next.kind !== Kind.String) return { kind: 'none' };
      waitingForNext = (afterNext) => {
        if (afterNext.kind !== Kind.Colon) result = { kind: 'none' };
      };
    }
    return context;
  };

  /** The context for a cursor inside `token` (a partly typed name or value). */
  const tokenContext = (token: Token): CompletionContext => {
    const top = stack[stack.length - 1];
    const previousEnd = previous ? previous.offset + previous.length : undefined;
    let context: CompletionContext;
    if (!top) context = { kind: 'none' };
    else if (top.kind === 'object') {
      if (top.state === 'value') context = valueContext(pathOfNewValue(), top, token, undefined);
      else if (token.kind === Kind.String || token.kind === Kind.Unknown) {
        context = keyContext(top, token, top.state === 'comma' ? previousEnd : undefined);
      } else context = { kind: 'none' };
    } else {
      context = valueContext(pathOfNewValue(), top, token, top.state === 'comma' ? previousEnd : undefined);
    }
    if (context.kind === 'key' || context.kind === 'value') {
      const found = context;
      waitingForNext = (next) => {
        if (found.kind === 'key' && next.kind === Kind.Colon) found.colonFollows = true;
        else found.commaAfter = startsItem(next.kind);
      };
    }
    return context;
  };

  const finishers: (() => void)[] = [];
  let cursorFrame: Frame | undefined;

  for (;;) {
    const kind = scanner.scan();
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    if (isTrivia(kind)) {
      if (!result && (kind === Kind.LineComment || kind === Kind.BlockComment)) {
        const end = offset + length;
        const unterminatedBlock = kind === Kind.BlockComment && !text.startsWith('*/', end - 2);
        const inside = cursor > offset && (cursor < end || (cursor === end && (kind === Kind.LineComment || unterminatedBlock)));
        if (inside) result = { kind: 'none' };
      }
      continue;
    }
    const token: Token = {
      kind,
      offset,
      length,
      value: kind === Kind.String ? scanner.getTokenValue() : text.substr(offset, length),
      unterminated: kind === Kind.String && scanner.getTokenError() === UNEXPECTED_END_OF_STRING,
    };
    if (waitingForNext) {
      waitingForNext(token);
      waitingForNext = undefined;
    }
    if (!result) {
      if (kind === Kind.EOF || cursor <= offset) result = gapContext(token);
      else if (cursorInside(token, cursor)) result = tokenContext(token);
      if (result) cursorFrame = stack[stack.length - 1];
    }
    if (kind === Kind.EOF) break;
    consume(token);
    previous = token;
    // Past the cursor only the rest of its object matters (its other keys): stop once it closes.
    if (result && !waitingForNext && (!cursorFrame || !stack.includes(cursorFrame))) break;
  }
  for (const finish of finishers) finish();
  return result ?? { kind: 'none' };

  function consume(token: Token): void {
    const top = stack[stack.length - 1];
    switch (token.kind) {
      case Kind.OpenBrace:
      case Kind.OpenBracket: {
        // A key followed by `{` without a colon is still that key's value; a container where a
        // property name belongs is malformed and its contents get no path.
        if (top?.kind === 'object' && top.state === 'colon') top.state = 'value';
        const misplaced = top?.kind === 'object' && top.state !== 'value';
        const path = misplaced ? undefined : startValue(token);
        if (misplaced) top.state = 'comma';
        stack.push(
          token.kind === Kind.OpenBrace
            ? { kind: 'object', path, state: 'key', keys: [], values: new Map() }
            : { kind: 'array', path, state: 'value', count: 0 },
        );
        break;
      }
      case Kind.CloseBrace:
      case Kind.CloseBracket: {
        const wanted = token.kind === Kind.CloseBrace ? 'object' : 'array';
        if (!stack.some((f) => f.kind === wanted)) break; // A stray closer: ignore it.
        while (stack.length) if (stack.pop()!.kind === wanted) break;
        break;
      }
      case Kind.Comma:
        if (top?.kind === 'object') {
          top.state = 'key';
          top.key = undefined;
        } else if (top) top.state = 'value';
        break;
      case Kind.Colon:
        if (top?.kind === 'object' && (top.state === 'colon' || top.state === 'key')) top.state = 'value';
        break;
      default:
        if (top?.kind === 'object' && top.state !== 'value' && (token.kind === Kind.String || token.kind === Kind.Unknown)) {
          // A property name (also after a missing comma, or a bare word being typed as a name).
          top.key = token.value;
          top.keys.push({ name: token.value, offset: token.offset });
          top.state = 'colon';
        } else if (top?.kind === 'object' && top.state !== 'value') {
          top.state = 'comma';
        } else {
          startValue(token);
        }
    }
  }
}
