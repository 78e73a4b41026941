// What must hold for ANY text, checked feature by feature. Each check throws a PropertyFailure with
// a message naming the feature and what went wrong; fast-check then shrinks the input.
import { isDeepStrictEqual } from 'node:util';
import type { Node as JsonNode } from 'jsonc-parser';
import type { CodeAction, CompletionItem, Diagnostic, DocumentSymbol, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { codeActions, FIX_ALL_KIND, fixDataOf } from '../../server/src/service/actions/codeActions';
import { complete } from '../../server/src/service/completion/complete';
import type { FixData } from '../../server/src/service/diagnostics/reporter';
import { nestingLimitAt, parseDocument, type ParsedDocument } from '../../server/src/service/document/document';
import { foldingRanges } from '../../server/src/service/folding';
import { format } from '../../server/src/service/format';
import { hover } from '../../server/src/service/hover';
import { inlayHints } from '../../server/src/service/inlayHints';
import { selectionRanges } from '../../server/src/service/selection';
import { documentSymbols } from '../../server/src/service/symbols';
import { validateDocument } from '../../server/src/service/diagnostics/validate';
import {
  applyEdits,
  check,
  checkRange,
  comments,
  containsPosition,
  editSpan,
  expandSnippet,
  fail,
  Lines,
  parsedValue,
  rangeContains,
  significantTokens,
} from './oracle';
import { createGuard } from '../../server/src/lsp/guard';

export const URI = 'file:///fuzz/document.polysync.json';
const show = (value: unknown) => JSON.stringify(value);
const SNIPPET = 2;

/** Deep equality; values nested too deeply to compare (the comparison recurses) count as equal. */
function same(a: unknown, b: unknown): boolean {
  try {
    return isDeepStrictEqual(a, b);
  } catch (error) {
    if (error instanceof RangeError) return true;
    throw error;
  }
}

/** What reached the LSP adapter's guard: every feature below runs through it, as in the server. */
const reachedGuard: string[] = [];
const guarded = createGuard((line) => reachedGuard.push(line));

/** Runs a feature through the adapter's guard; fails when an exception reached it. */
function noThrown<T>(feature: string, work: () => T): T {
  reachedGuard.length = 0;
  const result = guarded(feature, URI, undefined, undefined, work);
  if (reachedGuard.length) fail(reachedGuard[0]);
  return result as T;
}

function diagnose(doc: ParsedDocument): Diagnostic[] {
  const diagnostics = validateDocument(doc);
  check(diagnostics !== undefined, () => 'validate returned undefined without being cancelled');
  return diagnostics;
}

/** Positions to probe: the offsets given (wrapped into the text), the start and the end. */
function probePositions(lines: Lines, offsets: readonly number[]): Position[] {
  const length = lines.text.length;
  const all = [...offsets.map((o) => o % (length + 1)), 0, length];
  return [...new Set(all)].map((o) => lines.positionAt(o));
}

// ---- reading features: diagnostics, completion, hover, outline, folding, selection, inlay hints -------

export function checkReading(text: string, offsets: readonly number[]): void {
  const doc = parseDocument(URI, 1, text);
  const lines = new Lines(text);
  checkPositionMapping(doc, lines, offsets);

  const diagnostics = noThrown('validate', () => diagnose(doc));
  diagnostics.forEach((d, i) => checkDiagnostic(lines, d, `diagnostic ${i} (${d.code} ${show(d.message)})`));

  const symbols = noThrown('documentSymbols', () => documentSymbols(doc));
  checkSymbols(lines, symbols, undefined, 'symbol');
  if (doc.root?.type === 'object' && doc.root.children?.length) check(symbols.length > 0, () => 'documentSymbols is empty for an object with properties');

  for (const range of noThrown('foldingRanges', () => foldingRanges(doc))) {
    check(range.startLine >= 0 && range.startLine <= range.endLine && range.endLine < lines.count, () => `folding range ${show(range)} is outside the ${lines.count} lines or inverted`);
  }

  const positions = probePositions(lines, offsets);
  const clean = doc.syntaxErrors.length === 0 && nestingLimitAt(doc) === undefined;
  const selections = noThrown('selectionRanges', () => selectionRanges(doc, positions));
  check(selections.length === positions.length, () => `selectionRanges answered ${selections.length} ranges for ${positions.length} positions`);
  selections.forEach((selection, i) => {
    let current: typeof selection | undefined = selection;
    let innermost = true;
    let outer: Range | undefined;
    for (; current; current = current.parent) {
      checkRange(lines, current.range, `selection range at ${show(positions[i])}`);
      if (innermost) check(containsPosition(current.range, positions[i]), () => `selection range ${show(current!.range)} does not contain ${show(positions[i])}`);
      if (current.parent) check(rangeContains(current.parent.range, current.range), () => `selection parent ${show(current!.parent!.range)} does not contain ${show(current!.range)}`);
      innermost = false;
      outer = current.range;
    }
    const whole = { start: { line: 0, character: 0 }, end: lines.positionAt(text.length) };
    check(outer && same(outer, whole), () => `the outermost selection range at ${show(positions[i])} is ${show(outer)}, not the whole document`);
  });

  const everything = { start: { line: 0, character: 0 }, end: lines.positionAt(text.length) };
  const part = positions.length > 1 ? ordered(positions[0], positions[1]) : everything;
  for (const range of [everything, part]) {
    for (const hint of noThrown('inlayHints', () => inlayHints(doc, range))) {
      check(lines.isValid(hint.position), () => `inlay hint at ${show(hint.position)} is outside the document`);
      check(containsPosition(range, hint.position), () => `inlay hint at ${show(hint.position)} is outside the requested range ${show(range)}`);
      check(typeof hint.label === 'string' && hint.label.length > 0, () => 'inlay hint without a label');
    }
  }

  for (const position of positions) {
    const answer = noThrown(`hover at ${show(position)}`, () => hover(doc, position));
    if (answer) {
      const contents = answer.contents as { value?: string };
      check(typeof contents.value === 'string' && contents.value.length > 0, () => `hover at ${show(position)} has no text`);
      if (answer.range) {
        checkRange(lines, answer.range, `hover at ${show(position)}`);
        check(containsPosition(answer.range, position), () => `hover range ${show(answer.range)} does not contain ${show(position)}`);
      }
    }
    for (const snippets of [true, false]) {
      const list = noThrown(`completion at ${show(position)}`, () => complete(doc, position, { snippetSupport: snippets }));
      check(Array.isArray(list.items), () => 'completion answered no item list');
      for (const item of list.items) checkCompletionItem(lines, item, position, snippets, clean);
    }
  }
  // A client may ask about a position that is no longer in the document (a stale request).
  const stale = { line: lines.count + 2, character: 5 };
  noThrown('completion at a position past the end', () => complete(doc, stale));
  noThrown('hover at a position past the end', () => hover(doc, stale));
}

function ordered(a: Position, b: Position): Range {
  return a.line < b.line || (a.line === b.line && a.character <= b.character) ? { start: a, end: b } : { start: b, end: a };
}

function checkPositionMapping(doc: ParsedDocument, lines: Lines, offsets: readonly number[]): void {
  const text = lines.text;
  for (const raw of offsets) {
    const offset = raw % (text.length + 1);
    check(same(doc.positionAt(offset), lines.positionAt(offset)), () => `positionAt(${offset}) is ${show(doc.positionAt(offset))}, an editor says ${show(lines.positionAt(offset))}`);
    // Positions clients send, including ones past a line's end or past the last line.
    const line = raw % (lines.count + 2);
    const character = (raw >> 3) % ((line < lines.count ? lines.lineLength(line) : 0) + 4);
    const position = { line, character };
    check(doc.offsetAt(position) === lines.offsetAt(position), () => `offsetAt(${show(position)}) is ${doc.offsetAt(position)}, an editor says ${lines.offsetAt(position)}`);
  }
}

function checkDiagnostic(lines: Lines, d: Diagnostic, what: string): void {
  checkRange(lines, d.range, what);
  check(typeof d.message === 'string' && d.message.trim().length > 0, () => `${what}: empty message`);
  check(typeof d.code === 'string' && /^PS\d{3}$/.test(d.code), () => `${what}: code ${show(d.code)} is not a PSnnn code`);
  check(d.severity !== undefined && d.severity >= 1 && d.severity <= 4, () => `${what}: severity ${d.severity}`);
  check(d.source === 'polysync', () => `${what}: source ${show(d.source)}`);
  // `data` travels to the client and back as JSON: it must survive the trip unchanged.
  if (d.data !== undefined) check(same(JSON.parse(JSON.stringify(d.data)), d.data), () => `${what}: data ${show(d.data)} does not survive JSON`);
}

function checkSymbols(lines: Lines, symbols: DocumentSymbol[], parent: DocumentSymbol | undefined, what: string): void {
  for (const symbol of symbols) {
    const label = `${what} ${show(symbol.name)}`;
    check(typeof symbol.name === 'string' && symbol.name.length > 0, () => `${label}: empty name (editors reject it)`);
    checkRange(lines, symbol.range, label);
    checkRange(lines, symbol.selectionRange, `${label} selection`);
    check(rangeContains(symbol.range, symbol.selectionRange), () => `${label}: selectionRange ${show(symbol.selectionRange)} is outside range ${show(symbol.range)}`);
    if (parent) check(rangeContains(parent.range, symbol.range), () => `${label}: outside its parent ${show(parent.name)}`);
    if (symbol.children) checkSymbols(lines, symbol.children, symbol, `${label} >`);
  }
}

function checkCompletionItem(lines: Lines, item: CompletionItem, position: Position, snippets: boolean, clean: boolean): void {
  const what = `completion ${show(item.label)} at ${show(position)}`;
  check(typeof item.label === 'string' && item.label.length > 0, () => `${what}: empty label`);
  if (!snippets) check(item.insertTextFormat !== SNIPPET, () => `${what}: a snippet for a client without snippet support`);
  const edit = item.textEdit as TextEdit | undefined;
  if (!edit) return;
  checkRange(lines, edit.range, what);
  // LSP: the edit is on one line and contains the position completion was requested at.
  check(edit.range.start.line === edit.range.end.line, () => `${what}: the edit spans lines ${show(edit.range)}`);
  check(containsPosition(edit.range, position), () => `${what}: the edit ${show(edit.range)} does not contain the cursor`);
  const newText = item.insertTextFormat === SNIPPET ? expandSnippet(edit.newText) : edit.newText;
  const out = applyEdits(lines, [{ range: edit.range, newText }, ...(item.additionalTextEdits ?? [])], what);
  // Completing in well-formed text keeps it well-formed (the commas it needs come with the item).
  if (clean) check(parseDocument(URI, 2, out).syntaxErrors.length === 0, () => `${what}: the result has a syntax error:\n${out}`);
}

// ---- formatting ---------------------------------------------------------------------------------------

export interface FormatCase {
  tabSize: number;
  insertSpaces: boolean;
  /** Offsets of a range to format as well (wrapped into the text). */
  range: [number, number];
}

export function checkFormatting(text: string, options: FormatCase): void {
  const doc = parseDocument(URI, 1, text);
  const lines = new Lines(text);
  const formatOptions = { tabSize: options.tabSize, insertSpaces: options.insertSpaces };
  const before = parsedValue(text);
  const tokens = significantTokens(text);

  const edits = noThrown('format', () => format(doc, undefined, formatOptions));
  const out = applyEdits(lines, edits, 'format');
  check(same(significantTokens(out), tokens), () => `format changed the tokens:\n${show(text)}\n->\n${show(out)}`);
  if (before.clean) {
    check(same(parsedValue(out).value, before.value), () => `format changed the value:\n${show(text)}\n->\n${show(out)}`);
    check(same(comments(out), comments(text)), () => `format lost or changed comments:\n${show(text)}\n->\n${show(out)}`);
    const again = noThrown('format (second pass)', () => format(parseDocument(URI, 2, out), undefined, formatOptions));
    check(again.length === 0, () => `format is not idempotent: a second format of\n${show(out)}\nstill has edits ${show(again.slice(0, 3))}`);
  }

  const [a, b] = options.range.map((o) => o % (text.length + 1)).sort((x, y) => x - y);
  const range = { start: lines.positionAt(a), end: lines.positionAt(b) };
  const rangeEdits = noThrown('range format', () => format(doc, range, formatOptions));
  const rangeOut = applyEdits(lines, rangeEdits, `range format ${show(range)}`);
  check(same(significantTokens(rangeOut), tokens), () => `range format ${show(range)} changed the tokens:\n${show(text)}\n->\n${show(rangeOut)}`);
  if (before.clean) check(same(parsedValue(rangeOut).value, before.value), () => `range format changed the value:\n${show(text)}\n->\n${show(rangeOut)}`);
}

// ---- quick fixes ----------------------------------------------------------------------------------------

export interface FixCase {
  tabSize: number;
  insertSpaces: boolean;
}

/** The part of the document a fix may change: the value it names, or the container of the key/item it names. */
function scopeOf(data: FixData): (string | number)[] | undefined {
  switch (data.fix) {
    case 'replaceValue':
    case 'quoteNumber':
    case 'addProperties':
      return data.path;
    case 'renameKey':
    case 'removeProperty':
    case 'removeItem':
      return data.path.slice(0, -1);
    case 'migrateLegacy':
      return [];
    case 'removeTrailingComma':
      return undefined;
  }
}

/** The node at `path` when every key on the way is unique (so the path is unambiguous). */
function uniqueNode(root: JsonNode | undefined, path: (string | number)[]): JsonNode | undefined {
  let node = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'number') {
      node = node.type === 'array' ? node.children?.[segment] : undefined;
    } else {
      if (node.type !== 'object') return undefined;
      const matches = (node.children ?? []).filter((p) => p.children?.[0]?.value === segment);
      if (matches.length !== 1) return undefined;
      node = matches[0].children?.[1];
    }
  }
  return node;
}

/** `value` with the subtree at `path` replaced by a marker (undefined when the path is not there). */
function without(value: unknown, path: (string | number)[]): unknown {
  if (path.length === 0) return '<scope>';
  if (typeof value !== 'object' || value === null) return undefined;
  const [head, ...rest] = path;
  if (!(head in (value as object))) return undefined;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  const inner = without((value as Record<string | number, unknown>)[head], rest);
  if (inner === undefined) return undefined;
  copy[head] = inner;
  return copy;
}

/** How often the same problem is reported (a fix may fix part of a diagnostic; its message then changes). */
function countSame(diagnostics: readonly Diagnostic[], like: Diagnostic): number {
  return diagnostics.filter((d) => d.code === like.code && d.message === like.message).length;
}

function editsOf(action: CodeAction, what: string): TextEdit[] {
  const changes = action.edit?.changes ?? {};
  const uris = Object.keys(changes);
  check(uris.length === 1 && uris[0] === URI, () => `${what}: edits for ${show(uris)} instead of the document`);
  return changes[URI];
}

export function checkQuickFixes(text: string, options: FixCase): void {
  const doc = parseDocument(URI, 1, text);
  const lines = new Lines(text);
  const diagnostics = noThrown('validate', () => diagnose(doc));
  const syntaxClean = doc.syntaxErrors.length === 0;
  const before = parsedValue(text).value;
  const duplicateKeys = diagnostics.some((d) => d.code === 'PS109');

  for (const diagnostic of diagnostics) {
    const actions = noThrown(`code actions for ${diagnostic.code}`, () => codeActions(doc, diagnostic.range, [diagnostic], options));
    // A diagnostic that carries fix data promises a fix: on a well-formed document it must be offered.
    check(!syntaxClean || !fixDataOf(diagnostic) || actions.length > 0, () => `${diagnostic.code} ${show(diagnostic.message)} carries fix data but no fix is offered:\n${text}`);
    for (const action of actions) {
      const what = `quick fix ${show(action.title)} for ${diagnostic.code} ${show(diagnostic.message)}`;
      check(action.title.trim().length > 0, () => `${what}: empty title`);
      check(action.kind === 'quickfix', () => `${what}: kind ${show(action.kind)}`);
      check(action.diagnostics?.includes(diagnostic), () => `${what}: does not name the diagnostic it fixes`);
      const edits = editsOf(action, what);
      const out = applyEdits(lines, edits, what);
      check(out !== text, () => `${what}: changes nothing`);
      if (!syntaxClean) continue;
      // On a well-formed document a fix must leave it well-formed, remove what it was offered for,
      // and change nothing outside the value or container it names.
      const fixed = parseDocument(URI, 2, out);
      check(fixed.syntaxErrors.length === 0, () => `${what}: the result has a syntax error:\n${out}`);
      const after = noThrown('validate (after a fix)', () => diagnose(fixed));
      // With duplicate keys (PS109), the value a fix repairs is the last of its name, the one JSON keeps; an
      // earlier duplicate then becomes the kept one and may be reported in its turn, one fix at a time.
      if (!duplicateKeys) check(countSame(after, diagnostic) < countSame(diagnostics, diagnostic), () => `${what}: the problem is still reported as often:\n${out}`);
      // Silencing (suppress.ts) is no repair: it adds one comment naming the code and changes no value.
      if (action.title.startsWith('Silence ')) {
        check(same(parsedValue(out).value, before), () => `${what}: changed the document's value:\n${out}`);
        check(edits.length === 1 && edits[0].range.start.line === edits[0].range.end.line && edits[0].range.start.character === edits[0].range.end.character, () => `${what}: not one insertion`);
        check(edits[0].newText.includes(String(diagnostic.code)), () => `${what}: inserts ${show(edits[0].newText)}`);
        continue;
      }
      const data = fixDataOf(diagnostic);
      if (data?.fix === 'removeTrailingComma') {
        check(same(parsedValue(out).value, before), () => `${what}: changed the document's value:\n${out}`);
        check(out.length < text.length && out.split(',').length === text.split(',').length - 1, () => `${what}: removed more than one comma:\n${out}`);
        continue;
      }
      const scope = data && scopeOf(data);
      if (!scope) continue;
      const node = uniqueNode(doc.root, scope);
      if (!node) continue;
      const span = editSpan(lines, edits)!;
      check(span.start >= node.offset && span.end <= node.offset + node.length, () => `${what}: edits ${show(span)} reach outside ${show(scope)} [${node.offset}, ${node.offset + node.length})`);
      const outside = without(before, scope);
      if (outside !== undefined) {
        check(same(without(parsedValue(out).value, scope), outside), () => `${what}: changed values outside ${show(scope)}:\n${out}`);
      }
    }
  }

  const start = { line: 0, character: 0 };
  const fixAll = noThrown('fix all', () => codeActions(doc, { start, end: start }, [], { ...options, only: [FIX_ALL_KIND] }));
  check(fixAll.length <= 1, () => `fix all offered ${fixAll.length} actions`);
  for (const action of fixAll) {
    check(action.kind === FIX_ALL_KIND, () => `fix all has kind ${show(action.kind)}`);
    const out = applyEdits(lines, editsOf(action, 'fix all'), 'fix all');
    if (syntaxClean) check(parseDocument(URI, 2, out).syntaxErrors.length === 0, () => `fix all left a syntax error:\n${out}`);
  }
}
