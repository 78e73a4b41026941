// Minimal text edits on a JSONC document: insert, remove and replace nodes without touching comments
// or formatting outside the edited range. Offsets are UTF-16 code units, as in the parsed tree.
import { createScanner } from 'jsonc-parser';
import type { TextEdit } from 'vscode-languageserver-types';
import type { JsonNode, ParsedDocument } from '../document/document';
import { Kind } from '../document/tokens';

export interface RawEdit {
  offset: number;
  length: number;
  content: string;
}

export interface IndentOptions {
  tabSize: number;
  insertSpaces: boolean;
}


export function toTextEdits(doc: ParsedDocument, edits: readonly RawEdit[]): TextEdit[] {
  return edits.map((e) => ({ range: doc.rangeOf(e.offset, e.length), newText: e.content }));
}

/** Applies non-overlapping edits; edits at the same offset keep their array order. */
export function applyRawEdits(text: string, edits: readonly RawEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.offset - b.e.offset || a.i - b.i);
  let out = '';
  let cursor = 0;
  for (const { e } of sorted) {
    if (e.offset < cursor) throw new Error('overlapping edits');
    out += text.slice(cursor, e.offset) + e.content;
    cursor = e.offset + e.length;
  }
  return out + text.slice(cursor);
}

/** One edit turning `before` into `after`: everything between their common prefix and suffix. */
export function diffEdit(before: string, after: string): RawEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { offset: start, length: endBefore - start, content: after.slice(start, endAfter) };
}

export function detectEol(text: string): string {
  const lf = text.indexOf('\n');
  return lf > 0 && text.charCodeAt(lf - 1) === 13 ? '\r\n' : '\n';
}

export function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}

/** The offset of the line break ending the line that holds `offset` (or the text length). */
function lineEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    i++;
  }
  return i;
}

function lineBreakLength(text: string, offset: number): number {
  if (text.charCodeAt(offset) === 13) return text.charCodeAt(offset + 1) === 10 ? 2 : 1;
  return text.charCodeAt(offset) === 10 ? 1 : 0;
}

/** The leading whitespace of the line that holds `offset`. */
export function lineIndent(text: string, offset: number): string {
  const start = lineStart(text, offset);
  let i = start;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text.slice(start, i);
}

function optionsUnit(options: IndentOptions): string {
  const size = Number.isInteger(options.tabSize) && options.tabSize > 0 && options.tabSize <= 16 ? options.tabSize : 2;
  return options.insertSpaces === false ? '\t' : ' '.repeat(size);
}

function onlyBlanks(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}

function skipBlanks(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** The offset of the comma that follows `offset`, skipping whitespace and comments, if one does. */
export function commaAfter(text: string, offset: number): number | undefined {
  const scanner = createScanner(text, false);
  scanner.setPosition(offset);
  for (;;) {
    const kind = scanner.scan() as number;
    if (kind === Kind.Trivia || kind === Kind.LineBreak || kind === Kind.LineComment || kind === Kind.BlockComment) continue;
    return kind === Kind.Comma ? scanner.getTokenOffset() : undefined;
  }
}

/**
 * Where text that belongs after `offset` on the same line goes: past blanks and a trailing comment that
 * ends on that line, so a comment stays attached to the item it annotates.
 */
function afterTrailingComment(text: string, offset: number): number {
  const p = skipBlanks(text, offset);
  if (text.startsWith('//', p)) return lineEnd(text, p);
  if (text.startsWith('/*', p)) {
    const close = text.indexOf('*/', p + 2);
    if (close >= 0 && lineEnd(text, p) > close) return close + 2;
  }
  return offset;
}

export function replaceNode(node: JsonNode, content: string): RawEdit {
  return { offset: node.offset, length: node.length, content };
}

/**
 * Removes a property (from an object) or an item (from an array) with the comma that separates it.
 * A member on lines of its own is removed with those lines (and its trailing comment); comments on
 * other lines are kept.
 */
export function removeMember(text: string, member: JsonNode): RawEdit[] {
  const parent = member.parent;
  const siblings = parent?.children ?? [member];
  const index = siblings.indexOf(member);
  const end = member.offset + member.length;
  const comma = commaAfter(text, end);
  const isLast = index === siblings.length - 1;
  const previous = index > 0 ? siblings[index - 1] : undefined;
  const previousComma = previous ? commaAfter(text, previous.offset + previous.length) : undefined;
  const edits: RawEdit[] = [];
  let start = member.offset;
  let stop = comma !== undefined ? comma + 1 : end;

  const ownLine = onlyBlanks(text, lineStart(text, start), start);
  const rest = afterTrailingComment(text, stop);
  const restEnd = skipBlanks(text, rest);
  const lineEndsAfter = restEnd >= text.length || lineBreakLength(text, restEnd) > 0;
  if (ownLine && lineEndsAfter) {
    start = lineStart(text, start);
    stop = restEnd + lineBreakLength(text, restEnd);
    if (isLast && comma === undefined && previousComma !== undefined) edits.push({ offset: previousComma, length: 1, content: '' });
  } else if (isLast && comma === undefined && previousComma !== undefined) {
    // `[a, b]` without `b`: take ", b" so no separator is left dangling.
    if (onlyBlanksOrBreaks(text, previousComma + 1, start)) start = previousComma;
    else edits.push({ offset: previousComma, length: 1, content: '' });
  } else if (comma !== undefined) {
    stop = skipBlanks(text, stop);
  }
  edits.push({ offset: start, length: stop - start, content: '' });
  return edits;
}

function onlyBlanksOrBreaks(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return false;
  }
  return true;
}

// ---- rendering values -----------------------------------------------------------------------------

export interface Layout {
  /** Indentation of the line the value starts on. */
  indent: string;
  /** One level of indentation. */
  unit: string;
  eol: string;
  /** Objects and arrays of objects on several lines (true) or on one line (false). */
  multiline: boolean;
  /** `{ "a": 1 }` rather than `{"a": 1}` for one-line objects. */
  padBraces: boolean;
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

/** JSON text for `value`, laid out to sit at `layout.indent`. */
export function renderValue(value: unknown, layout: Layout): string {
  if (isScalar(value)) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (!layout.multiline || value.every(isScalar)) return `[${value.map((v) => renderValue(v, { ...layout, multiline: false })).join(', ')}]`;
    const inner = layout.indent + layout.unit;
    const items = value.map((v) => `${layout.eol}${inner}${renderValue(v, { ...layout, indent: inner })}`);
    return `[${items.join(',')}${layout.eol}${layout.indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  if (!layout.multiline) {
    const body = entries.map(([k, v]) => `${JSON.stringify(k)}: ${renderValue(v, layout)}`).join(', ');
    return layout.padBraces ? `{ ${body} }` : `{${body}}`;
  }
  const inner = layout.indent + layout.unit;
  const lines = entries.map(([k, v]) => `${layout.eol}${inner}${JSON.stringify(k)}: ${renderValue(v, { ...layout, indent: inner })}`);
  return `{${lines.join(',')}${layout.eol}${layout.indent}}`;
}

// ---- inserting members ------------------------------------------------------------------------------

/** How the members of an object or array are laid out, so new ones can match. */
export function containerLayout(text: string, container: JsonNode, options: IndentOptions): Layout {
  const eol = detectEol(text);
  const ownIndent = lineIndent(text, container.offset);
  const children = container.children ?? [];
  const first = children[0];
  const fallbackUnit = optionsUnit(options);
  if (!first) {
    return { indent: ownIndent + fallbackUnit, unit: fallbackUnit, eol, multiline: true, padBraces: true };
  }
  const sameLine = lineStart(text, first.offset) === lineStart(text, container.offset);
  const last = children[children.length - 1];
  const memberIndent = lineIndent(text, last.offset);
  const unit = memberIndent.length > ownIndent.length && memberIndent.startsWith(ownIndent) ? memberIndent.slice(ownIndent.length) : fallbackUnit;
  if (sameLine) {
    const pad = text[container.offset + 1] === ' ';
    return { indent: ownIndent, unit, eol, multiline: false, padBraces: pad };
  }
  return { indent: memberIndent, unit, eol, multiline: true, padBraces: true };
}

/**
 * Inserts members (already rendered as text, one per entry, without separators) into an object or
 * array: after `after` when given, otherwise at the end. Returns undefined when the container has no
 * closing bracket to insert before (a syntax error the user has to fix first).
 */
export function insertMembers(text: string, container: JsonNode, rendered: string[], layout: Layout, after?: JsonNode): RawEdit[] | undefined {
  if (rendered.length === 0) return [];
  const children = container.children ?? [];
  const closeOffset = container.offset + container.length - 1;
  const close = text[closeOffset];
  if (close !== '}' && close !== ']') return undefined;
  if (children.length === 0) {
    const openOffset = container.offset;
    const inner = text.slice(openOffset + 1, closeOffset);
    const body = rendered.map((r) => `${layout.eol}${layout.indent}${r}`).join(',');
    const closingIndent = lineIndent(text, container.offset);
    if (/^\s*$/.test(inner)) {
      return [{ offset: openOffset + 1, length: inner.length, content: `${body}${layout.eol}${closingIndent}` }];
    }
    // Comments inside an empty container stay first; the new members follow them.
    const scanner = createScanner(text, false);
    scanner.setPosition(openOffset + 1);
    let anchor = openOffset + 1;
    for (;;) {
      const kind = scanner.scan() as number;
      if (kind === Kind.LineComment || kind === Kind.BlockComment) anchor = scanner.getTokenOffset() + scanner.getTokenLength();
      else if (kind !== Kind.Trivia && kind !== Kind.LineBreak) break;
    }
    const tailBlank = onlyBlanksOrBreaks(text, anchor, closeOffset) && /[\r\n]/.test(text.slice(anchor, closeOffset));
    return [{ offset: anchor, length: 0, content: tailBlank ? body : `${body}${layout.eol}${closingIndent}` }];
  }
  const target = after ?? children[children.length - 1];
  const targetIndex = children.indexOf(target);
  const hasNext = targetIndex < children.length - 1;
  const end = target.offset + target.length;
  const comma = commaAfter(text, end);
  const edits: RawEdit[] = [];
  if (!layout.multiline) {
    // One-line containers: `{ "a": 1, "new": 2 }`.
    const content = rendered.map((r) => `, ${r}`).join('');
    edits.push({ offset: end, length: 0, content });
    return edits;
  }
  let anchor = comma !== undefined ? comma + 1 : end;
  anchor = afterTrailingComment(text, anchor);
  const body = rendered.map((r) => `${layout.eol}${layout.indent}${r}`).join(',') + (hasNext ? ',' : '');
  if (comma === undefined) {
    if (anchor === end) return [{ offset: end, length: 0, content: `,${body}` }];
    edits.push({ offset: end, length: 0, content: ',' });
  }
  edits.push({ offset: anchor, length: 0, content: body });
  return edits;
}

/**
 * The indentation a document already uses (tabs, or the smallest run of leading spaces), for requests
 * such as code actions that do not carry the editor's formatting options.
 */
export function detectIndentOptions(text: string, fallback: IndentOptions = { tabSize: 2, insertSpaces: true }): IndentOptions {
  let smallest = Infinity;
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  for (const match of sample.matchAll(/\n([ \t]+)\S/g)) {
    const indent = match[1];
    if (indent[0] === '\t') return { tabSize: fallback.tabSize, insertSpaces: false };
    if (indent.length < smallest) smallest = indent.length;
    if (smallest === 1) break;
  }
  return Number.isFinite(smallest) ? { tabSize: Math.min(smallest, 8), insertSpaces: true } : fallback;
}
