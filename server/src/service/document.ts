// The parsed form of a .polysync.json text: one parse per document version, shared by every feature.
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';

export type JsonNode = Node;
export type JsonPath = (string | number)[];

export interface ParsedDocument {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  /** Undefined only for an empty or whitespace/comment-only document. */
  readonly root: JsonNode | undefined;
  readonly syntaxErrors: readonly ParseError[];
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
  rangeOf(offset: number, length: number): Range;
  nodeRange(node: JsonNode): Range;
}

class LineIndex {
  private readonly starts: number[];
  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }
  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - this.starts[low] };
  }
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + position.character, next));
  }
}

export function parseDocument(uri: string, version: number, text: string): ParsedDocument {
  const syntaxErrors: ParseError[] = [];
  const root = parseTree(text, syntaxErrors, { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true });
  let index: LineIndex | undefined;
  const lines = () => (index ??= new LineIndex(text));
  return {
    uri,
    version,
    text,
    root,
    syntaxErrors,
    positionAt: (offset) => lines().positionAt(offset),
    offsetAt: (position) => lines().offsetAt(position),
    rangeOf(offset, length) {
      return { start: lines().positionAt(offset), end: lines().positionAt(offset + length) };
    },
    nodeRange(node) {
      return { start: lines().positionAt(node.offset), end: lines().positionAt(node.offset + node.length) };
    },
  };
}

/** Caches one parse per (uri, version); a new version replaces the old entry. */
export class DocumentCache {
  private readonly entries = new Map<string, ParsedDocument>();
  get(document: TextDocument): ParsedDocument {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const parsed = parseDocument(document.uri, document.version, document.getText());
    this.entries.set(document.uri, parsed);
    return parsed;
  }
  delete(uri: string): void {
    this.entries.delete(uri);
  }
}

// ---- tree helpers -------------------------------------------------------------------------------

/** The value node of property `key` in an object node (the last one when the key is duplicated). */
export function propertyValue(object: JsonNode | undefined, key: string): JsonNode | undefined {
  if (!object || object.type !== 'object' || !object.children) return undefined;
  let found: JsonNode | undefined;
  for (const property of object.children) {
    const keyNode = property.children?.[0];
    if (keyNode && keyNode.value === key) found = property.children?.[1];
  }
  return found;
}

/** The property node (key + value) of `key` in an object node. */
export function propertyNode(object: JsonNode | undefined, key: string): JsonNode | undefined {
  if (!object || object.type !== 'object' || !object.children) return undefined;
  let found: JsonNode | undefined;
  for (const property of object.children) {
    if (property.children?.[0]?.value === key) found = property;
  }
  return found;
}

export function stringValue(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}

/** The path from the root to a node (property names and array indexes). */
export function pathOf(node: JsonNode): JsonPath {
  const path: JsonPath = [];
  let current: JsonNode | undefined = node;
  while (current?.parent) {
    const parent: JsonNode = current.parent;
    if (parent.type === 'property') {
      if (parent.children?.[1] === current) path.unshift(parent.children[0].value as string);
    } else if (parent.type === 'array') {
      path.unshift(parent.children!.indexOf(current));
    }
    current = parent;
  }
  return path;
}

/**
 * Where to report something about an object as a whole (such as a missing property): the key of the
 * property holding it, or its opening brace when it has no key (the root, an array item).
 */
export function objectAnchor(object: JsonNode): { offset: number; length: number } {
  const parent = object.parent;
  if (parent?.type === 'property' && parent.children?.[1] === object) {
    const key = parent.children[0];
    return { offset: key.offset, length: key.length };
  }
  return { offset: object.offset, length: 1 };
}

/** The name to show for a node in messages: its property key, or `items[3]`-style for array items. */
export function displayName(node: JsonNode): string {
  const path = pathOf(node);
  if (path.length === 0) return 'the document';
  return formatPath(path);
}

export function formatPath(path: JsonPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out || '(root)';
}

/** The innermost node whose range contains `offset` (the key or value at a cursor). */
export function nodeAt(root: JsonNode | undefined, offset: number, includeRightBound = false): JsonNode | undefined {
  if (!root) return undefined;
  const contains = (n: JsonNode) =>
    offset >= n.offset && (offset < n.offset + n.length || (includeRightBound && offset === n.offset + n.length));
  if (!contains(root)) return undefined;
  let node = root;
  for (;;) {
    const children = node.children;
    if (!children) return node;
    // Children are ordered by offset: binary search keeps lookups cheap on large arrays.
    let low = 0;
    let high = children.length - 1;
    let next: JsonNode | undefined;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const child = children[mid];
      if (offset < child.offset) high = mid - 1;
      else if (offset > child.offset + child.length || (offset === child.offset + child.length && !includeRightBound)) low = mid + 1;
      else {
        next = child;
        break;
      }
    }
    if (!next) return node;
    node = next;
  }
}
