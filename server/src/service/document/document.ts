// The parsed form of a .polysync.json text: one parse per document version, shared by every feature.
import { createScanner, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { parseTreeFast } from './fastParse';
import { applyChange, findChange, type TextChange } from './treeEdit';
import { LineIndex } from './lineIndex';
import { type EditStep, StoredDocument } from './storedDocument';
import type { TextSource } from './editedText';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import { type FieldPath, formatFieldPath } from './fieldPaths';

export type JsonNode = Node;
/** A path into the document: keys and array indexes (the API's field paths have the same shape). */
export type JsonPath = FieldPath;

export interface ParsedDocument {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  /** Undefined only for an empty or whitespace/comment-only document. */
  readonly root: JsonNode | undefined;
  readonly syntaxErrors: readonly ParseError[];
  /** Part of the text, read without making the whole text one string (editedText.ts). */
  slice(start: number, end: number): string;
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
  rangeOf(offset: number, length: number): Range;
  nodeRange(node: JsonNode): Range;
}

const parseOptions = { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true };

const NO_CHANGE: TextChange = { start: 0, oldEnd: 0, newEnd: 0 };

/**
 * A parsed version. One object per version with its methods on the prototype: what it keeps beyond the
 * public interface is in its own fields, read by the functions of this module (nothing per version is
 * made for the methods, and nothing is looked up in a side table).
 */
class ParsedText implements ParsedDocument {
  /**
   * The tree was handed to the next version of the document and edited in place to match it; this
   * version parses its own text again if it is ever asked for its root.
   */
  handedOver = false;
  /**
   * The nodes the previous version's tree had changed in place to become this version's (re-read
   * node first, then its ancestors); empty when the texts were equal; undefined for a fresh parse.
   */
  changed: readonly JsonNode[] | undefined = undefined;
  /** textIncludes's answers for this version's text, by needle (made on the first question). */
  includes: Map<string, boolean> | undefined = undefined;
  /** The previous version's answers and the change since, to derive this version's from. */
  inherited: { includes: ReadonlyMap<string, boolean> | undefined; change: TextChange | undefined; steps: readonly EditStep[] | undefined } | undefined = undefined;
  /** Where the text goes too deep to parse (see MAX_NESTING); undefined when it was parsed. */
  tooDeep: number | undefined = undefined;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    public tree: JsonNode | undefined,
    readonly syntaxErrors: ParseError[],
    /** Parsed with no syntax errors and no trailing commas (comments allowed): the fast path's trees. */
    readonly clean: boolean,
    public index: LineIndex | undefined,
    /** The text, read in place (editedText.ts). */
    readonly source: TextSource,
    /**
     * The previous version's line index, to derive this version's from (with the change in
     * `inherited`) when first asked; dropped then, so that the old index can be collected.
     */
    public baseIndex: LineIndex | undefined,
  ) {}

  get root(): JsonNode | undefined {
    if (this.handedOver) {
      this.tree = parseTreeFast(this.text) ?? parseTree(this.text, [], parseOptions);
      this.handedOver = false;
    }
    return this.tree;
  }

  private lines(): LineIndex {
    let index = this.index;
    if (!index) {
      const base = this.baseIndex;
      index = this.index = base ? base.edited(this.text, this.inherited?.change ?? NO_CHANGE) : LineIndex.build(this.text);
      this.baseIndex = undefined;
    }
    return index;
  }

  slice(start: number, end: number): string {
    return this.source.slice(start, end);
  }

  positionAt(offset: number): Position {
    return this.lines().positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.lines().offsetAt(position);
  }

  rangeOf(offset: number, length: number): Range {
    const lines = this.lines();
    return { start: lines.positionAt(offset), end: lines.positionAt(offset + length) };
  }

  nodeRange(node: JsonNode): Range {
    const lines = this.lines();
    return { start: lines.positionAt(node.offset), end: lines.positionAt(node.offset + node.length) };
  }
}

/** The module's own fields of a document this module made (an object derived from one shares them). */
function stateOf(doc: ParsedDocument): ParsedText | undefined {
  return doc instanceof ParsedText ? doc : undefined;
}

function createDocument(
  uri: string,
  version: number,
  text: string,
  tree: JsonNode | undefined,
  syntaxErrors: ParseError[],
  clean: boolean,
  baseIndex?: LineIndex,
  index?: LineIndex,
  source: TextSource = text,
): ParsedText {
  return new ParsedText(uri, version, text, tree, syntaxErrors, clean, index, source, baseIndex);
}

export interface ParseOptions {
  /** False: always jsonc-parser, the reference the fast parser is tested against. Default true. */
  fastPath?: boolean;
}

export function parseDocument(uri: string, version: number, text: string, options: ParseOptions = {}, index?: LineIndex): ParsedDocument {
  // Well-formed text (the usual case, and the only one in megabyte files) takes the fast parser;
  // anything else goes to jsonc-parser, whose error recovery and messages are the reference.
  const fast = options.fastPath === false ? undefined : parseTreeFast(text);
  if (fast) return createDocument(uri, version, text, fast, [], true, undefined, index);
  const deep = firstTooDeep(text);
  if (deep < 0) {
    const syntaxErrors: ParseError[] = [];
    try {
      const root = parseTree(text, syntaxErrors, parseOptions);
      return createDocument(uri, version, text, root, syntaxErrors, false, undefined, index);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error; // a stack overflow: handled as too deep below
    }
  }
  const doc = createDocument(uri, version, text, undefined, [], false, undefined, index);
  doc.tooDeep = Math.max(deep, 0);
  return doc;
}

/**
 * Text nested deeper than this is not parsed: jsonc-parser and the checks recurse once per level (a
 * few thousand levels overflow the stack), and no bulk sync comes near it.
 */
export const MAX_NESTING = 1000;

/** Where a document that was not parsed because of its depth goes too deep; undefined for the rest. */
export function nestingLimitAt(doc: ParsedDocument): number | undefined {
  return stateOf(doc)?.tooDeep;
}

/** The offset of the first `{` or `[` nested deeper than MAX_NESTING, or -1. */
function firstTooDeep(text: string): number {
  // Fewer brackets than the limit cannot nest past it: the usual case costs one quick count.
  let brackets = 0;
  for (let i = 0; i < text.length && brackets <= MAX_NESTING; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) brackets++;
  }
  if (brackets <= MAX_NESTING) return -1;
  // Like the parser's recovery, a closing bracket that does not match the innermost opening one is skipped.
  const open: number[] = [];
  const scanner = createScanner(text, true);
  for (let kind = scanner.scan() as number; kind !== 17 /* EOF */; kind = scanner.scan() as number) {
    if (kind === 1 /* { */ || kind === 3 /* [ */) {
      open.push(kind);
      if (open.length > MAX_NESTING) return scanner.getTokenOffset();
    } else if ((kind === 2 /* } */ || kind === 4 /* ] */) && open[open.length - 1] === kind - 1) open.pop();
  }
  return -1;
}

/**
 * True when the document parsed with no syntax errors and no trailing commas (comments allowed), so
 * whole-tree checks for those can be skipped. False means "unknown", never "has errors".
 */
export function isCleanParse(doc: ParsedDocument): boolean {
  return stateOf(doc)?.clean === true;
}

/**
 * Whether the document's text contains `needle` (a check that must scan for a marker on every version,
 * such as the suppression comments' prefix). When the previous version's text did not contain it, only
 * the edited region, widened by the needle's length on each side, can: megabytes are not scanned again
 * after each keystroke.
 */
export function textIncludes(doc: ParsedDocument, needle: string): boolean {
  const state = stateOf(doc);
  if (!state) return doc.text.includes(needle);
  let found = state.includes?.get(needle);
  if (found !== undefined) return found;
  const inherited = state.inherited;
  if (inherited?.includes?.get(needle) === false) {
    const change = inherited.change;
    // Several changes: when none made the needle appear in the text it left, the last text lacks it
    // too; the region from the first change to the last (megabytes, far apart) is read only otherwise.
    const steps = inherited.steps;
    if (steps && !steps.some((step) => appeared(step.text, step.change, needle))) found = false;
    else found = change !== undefined && appeared(doc, change, needle);
  } else found = doc.text.includes(needle);
  (state.includes ??= new Map()).set(needle, found);
  return found;
}

/** Whether `needle` is in the text around `change`, which it could only have entered there. */
function appeared(text: Pick<TextSource, 'slice'>, change: TextChange, needle: string): boolean {
  return text.slice(Math.max(0, change.start - needle.length + 1), change.newEnd + needle.length - 1).includes(needle);
}

/**
 * What making this version changed in the previous version's tree: the nodes updated in place (the
 * re-read node first, then its ancestors up to the root). Every other node of the tree is the same
 * object with the same content and path as in the previous version (see treeEdit.ts, which also
 * numbers each edit for checks that span several versions). Undefined when the version was parsed
 * from scratch: every node is new.
 */
export function changedNodes(doc: ParsedDocument): readonly JsonNode[] | undefined {
  return stateOf(doc)?.changed;
}

/**
 * The next version of `previous`, reusing its tree when the edit between the two texts can be
 * applied locally; undefined when a full parse is needed.
 */
function parseEdited(
  previous: ParsedDocument,
  version: number,
  text: string,
  known?: TextChange,
  index?: LineIndex,
  source: TextSource = text,
  steps?: readonly EditStep[],
): ParsedDocument | undefined {
  const state = stateOf(previous);
  if (!state || !state.clean || state.handedOver || !state.tree) return undefined;
  // The editor's change when the store knows it; otherwise the texts are compared.
  const change = known ?? findChange(state.text, text);
  const changed: JsonNode[] = [];
  if (steps) {
    // Several changes in one notification: each is applied in place in turn, with the text it left.
    for (let i = 0; i < steps.length; i++) {
      if (applyChange(state.tree, steps[i].text, steps[i].change, changed)) continue;
      if (i > 0) {
        // The tree already took the first changes: the previous version parses its own text again if asked.
        state.tree = undefined;
        state.handedOver = true;
      }
      return undefined;
    }
  } else if (change && !applyChange(state.tree, source, change, changed)) return undefined;
  const tree = state.tree;
  state.tree = undefined;
  state.handedOver = true;
  const doc = createDocument(previous.uri, version, text, tree, [], true, index ? undefined : state.index, index, source);
  doc.changed = changed;
  doc.inherited = { includes: state.includes, change, steps };
  return doc;
}

/**
 * Caches one parse per (uri, version); a new version replaces the old entry. When a document is
 * edited, the new version takes over the previous version's tree and updates it in place (see
 * treeEdit.ts). Features therefore must not keep nodes of a version across an await once a newer
 * version may have been parsed: read them again from the current document.
 */
export class DocumentCache {
  private readonly entries = new Map<string, ParsedDocument>();
  get(document: TextDocument): ParsedDocument {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const text = document.getText();
    // A StoredDocument brings its line index (one per version, shared) and the editor's change.
    if (document instanceof StoredDocument) {
      const edit = document.edit;
      const follows = cached !== undefined && edit !== undefined && edit.fromVersion === cached.version;
      const known = follows ? edit.change : undefined;
      const steps = follows ? edit.steps : undefined;
      const parsed =
        (cached && parseEdited(cached, document.version, text, known, document.lines, document.source, steps)) || parseDocument(document.uri, document.version, text, {}, document.lines);
      this.entries.set(document.uri, parsed);
      return parsed;
    }
    const parsed = (cached && parseEdited(cached, document.version, text)) || parseDocument(document.uri, document.version, text);
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

/** `schemas[1].fields`, as people and the API write a path; `(root)` for the document itself. */
export function formatPath(path: JsonPath): string {
  return formatFieldPath(path) || '(root)';
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
