// Turns a .polysync.json text into the exact body sent to `POST /api/bulk/syncs`, and maps the
// field paths an API error names back onto the text. Pure: no network, no editor.

import { createScanner, type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';

export interface TextPosition {
  line: number;
  character: number;
}

export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}

export type FieldPath = (string | number)[];

export type PreparedBody = { body: Record<string, unknown> } | { error: string; range?: TextRange };

export interface PrepareOptions {
  /** Trailing commas are not JSON; by default they are refused so the sent body is never a guess. */
  allowTrailingComma?: boolean;
}

/** Keys that only matter to the editor and are never sent. */
const EDITOR_ONLY_KEYS = new Set(['$schema']);

/**
 * Parses the text (comments allowed), drops editor-only top-level keys and returns the rest
 * unchanged: same keys, same order, same values. Refuses text whose meaning would be ambiguous
 * (syntax errors, duplicate keys, numbers JavaScript cannot hold exactly).
 */
export function prepareRequestBody(text: string, options: PrepareOptions = {}): PreparedBody {
  const lines = new LineIndex(text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    disallowComments: false,
    allowTrailingComma: options.allowTrailingComma ?? false,
    allowEmptyContent: true,
  });
  if (errors.length > 0) {
    const first = errors[0];
    const range = lines.range(first.offset, Math.max(first.length, 1));
    return { error: `${lines.label(first.offset)}: ${describeSyntaxError(text, first)}.`, range };
  }
  if (!root) return { error: 'The document is empty; expected a JSON object with the bulk sync settings.' };
  if (root.type !== 'object') {
    return { error: `${lines.label(root.offset)}: the request body must be a JSON object, not ${describeType(root)}.`, range: lines.range(root.offset, 1) };
  }
  const problems: { offset: number; length: number; message: string }[] = [];
  const body = toValue(root, problems, true) as Record<string, unknown>;
  if (problems.length > 0) {
    const first = problems[0];
    return { error: `${lines.label(first.offset)}: ${first.message}.`, range: lines.range(first.offset, first.length) };
  }
  return { body };
}

export interface LocatedField {
  path: FieldPath;
  range: TextRange;
  /** False when the path was not found and the range is its nearest existing ancestor. */
  exact: boolean;
}

/**
 * Finds where each API field path sits in the text: the property key when the path ends at a
 * property, the value when it ends at an array element; otherwise the nearest ancestor that exists
 * (the opening brace of the document when nothing matches).
 */
export function locateFields(text: string, paths: readonly FieldPath[]): LocatedField[] {
  const lines = new LineIndex(text);
  const root = parseTree(text, [], { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true });
  return paths.map((path) => {
    if (!root) return { path, range: lines.range(0, 0), exact: false };
    const found = walk(root, path);
    const exact = found.depth === path.length;
    let target: Node;
    if (found.viaProperty) target = found.viaProperty.children?.[0] ?? found.node;
    else if (found.depth === 0) return { path, range: lines.range(root.offset, 1), exact };
    else target = found.node;
    return { path, range: lines.range(target.offset, target.length), exact };
  });
}

interface WalkResult {
  node: Node;
  /** The property node used for the last step, when that step was an object key. */
  viaProperty?: Node;
  depth: number;
}

function walk(root: Node, path: FieldPath): WalkResult {
  let result: WalkResult = { node: root, depth: 0 };
  for (const segment of path) {
    const node = result.node;
    if (node.type === 'object') {
      const key = String(segment);
      // The last duplicate wins, as when the text is parsed.
      const property = [...(node.children ?? [])].reverse().find((p) => p.children?.[0]?.value === key);
      const value = property?.children?.[1];
      if (!property || !value) break;
      result = { node: value, viaProperty: property, depth: result.depth + 1 };
    } else if (node.type === 'array') {
      const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : NaN;
      const item = Number.isInteger(index) ? node.children?.[index] : undefined;
      if (!item) break;
      result = { node: item, depth: result.depth + 1 };
    } else break;
  }
  return result;
}

function toValue(node: Node, problems: { offset: number; length: number; message: string }[], topLevel = false): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const seen = new Map<string, Node>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        const key = String(keyNode.value);
        if (seen.has(key)) {
          problems.push({ offset: keyNode.offset, length: keyNode.length, message: `duplicate key "${key}"; remove one so it is clear which value is sent` });
          continue;
        }
        seen.set(key, keyNode);
        if (topLevel && EDITOR_ONLY_KEYS.has(key)) continue;
        // defineProperty keeps a key such as "__proto__" as plain data.
        Object.defineProperty(out, key, { value: toValue(valueNode, problems), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map((child) => toValue(child, problems));
    case 'number': {
      const value = node.value as number;
      if (!Number.isFinite(value)) {
        problems.push({ offset: node.offset, length: node.length, message: 'this number is too large to send' });
      } else if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        problems.push({ offset: node.offset, length: node.length, message: 'this integer is too large to send exactly' });
      }
      return value;
    }
    default:
      return node.value;
  }
}

function describeSyntaxError(text: string, error: ParseError): string {
  const at = text[error.offset];
  if ((at === '}' || at === ']') && previousToken(text, error.offset) === ',') {
    return 'trailing comma before the closing bracket; remove it';
  }
  const code = printParseErrorCode(error.error);
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'expected a property name in double quotes',
    ValueExpected: 'expected a value',
    ColonExpected: 'expected ":" after the property name',
    CommaExpected: 'expected "," between items',
    CloseBraceExpected: 'expected "}" to close the object',
    CloseBracketExpected: 'expected "]" to close the array',
    EndOfFileExpected: 'unexpected text after the end of the JSON value',
    InvalidCommentToken: 'invalid comment',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character in string',
  };
  return `syntax error: ${words[code] ?? code}`;
}

/** Text of the last token (comments and whitespace skipped) that starts before `offset`. */
function previousToken(text: string, offset: number): string | undefined {
  const scanner = createScanner(text, true);
  let last: string | undefined;
  for (;;) {
    scanner.scan();
    const start = scanner.getTokenOffset();
    if (start >= offset || scanner.getTokenLength() === 0) return last;
    last = text.substr(start, scanner.getTokenLength());
  }
}

function describeType(node: Node): string {
  if (node.type === 'array') return 'an array';
  if (node.type === 'null') return 'null';
  return `a ${node.type}`;
}

/** Offsets to zero-based line/character (UTF-16 units, as LSP positions). */
class LineIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (c === 10 || c === 13) this.starts.push(i + 1);
    }
  }
  position(offset: number): TextPosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.starts[low] };
  }
  range(offset: number, length: number): TextRange {
    return { start: this.position(offset), end: this.position(offset + length) };
  }
  /** "Line 3, column 5" (one-based, for people). */
  label(offset: number): string {
    const p = this.position(offset);
    return `Line ${p.line + 1}, column ${p.character + 1}`;
  }
}
