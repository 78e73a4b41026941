// Quick fixes: each diagnostic carries what its fix needs (`data`, see diagnostics.ts); this module turns
// that into minimal text edits. Pure functions over a parsed document; a bug surfaces as an exception for the LSP adapter to log.
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { Codes } from '../diagnostics/codes';
import { type JsonNode, type JsonPath, nodeAt, type ParsedDocument, parseDocument, pathOf, propertyValue } from '../document/document';
import { findNode, findPropertyAt } from '../document/locate';
import { planDiscoverMigration, planDraftSchedulesMigration, planFullMigration, planScheduleMigration, type PlannedFix } from './migrate';
import { placeholderFor } from './placeholders';
import {
  applyRawEdits,
  containerLayout,
  diffEdit,
  type IndentOptions,
  insertMembers,
  type RawEdit,
  removeMember,
  renderValue,
  replaceNode,
  toTextEdits,
} from './textEdits';
import { listValues } from '../schema/nearest';
import { validateDocument } from '../diagnostics/validate';
import type { RuleSettings } from '../diagnostics/config';
import { removeSuppressionFixes, suppressFixes } from './suppress';

export const FIX_ALL_KIND = 'source.fixAll.polysync';
const QUICK_FIX_KIND = 'quickfix';

/** What fixing reads besides the text: the layout, and the rules of polysync.config.json. */
export interface FixOptions extends IndentOptions {
  /** A code set to "off" is not fixed (nor offered a fix); any other setting is fixed as by default. */
  rules?: RuleSettings;
}

export interface CodeActionOptions extends FixOptions {
  /** The kinds the client asked for (`context.only`); all kinds when absent. */
  only?: string[];
}

export interface Fix extends PlannedFix {
  preferred?: boolean;
}

/** What every fix kind is handed: the document, the diagnostic's offset (to tell copies apart), layout options. */
export interface FixInput {
  doc: ParsedDocument;
  diagnostic: Diagnostic;
  hint: number;
  options: IndentOptions;
}

/**
 * One kind of quick fix: the data a diagnostic carries for it (`D`), the fixes it offers (the preferred
 * one first), and whether "fix all" may apply the preferred one without a person looking at it.
 */
interface FixKind<D> {
  fixes(input: FixInput, data: D): Fix[];
  autoFixable(data: D): boolean;
}

const fixKind = <D>(kind: FixKind<D>): FixKind<D> => kind;
const always = () => true;
const never = () => false;

/**
 * Every quick-fix kind, by the name diagnostics carry in `data.fix`. Adding a kind is adding an entry
 * here: the data type (`FixData`), the check of echoed data and "fix all" follow from it.
 */
const FIX_KINDS = {
  replaceValue: fixKind<{ path: JsonPath; suggestion?: string; allowed: unknown[] }>({
    fixes: ({ doc, hint }, d) => replaceValueFixes(doc, d.path, d.suggestion, d.allowed, hint),
    autoFixable: (d) => d.suggestion !== undefined,
  }),
  renameKey: fixKind<{ path: JsonPath; suggestion: string }>({
    fixes: ({ doc, hint }, d) => renameKeyFixes(doc, d.path, d.suggestion, hint),
    autoFixable: always,
  }),
  addProperties: fixKind<{ path: JsonPath; properties: string[] }>({
    fixes: ({ doc, hint, options }, d) => addPropertiesFixes(doc, d.path, d.properties, options, hint),
    autoFixable: never,
  }),
  quoteNumber: fixKind<{ path: JsonPath }>({
    fixes: ({ doc, hint }, d) => quoteNumberFixes(doc, d.path, hint),
    autoFixable: always,
  }),
  migrateLegacy: fixKind<{ property: 'schedule' | 'discover' }>({
    fixes: ({ doc, options }, d) => migrationFixes(doc, d.property, options),
    autoFixable: always,
  }),
  // Lossless: every draft entry keeps its scope, so "fix all" may apply it.
  migrateDraftSchedules: fixKind<Record<never, never>>({
    fixes: ({ doc, options }) => {
      const fix = planDraftSchedulesMigration(doc, options);
      return fix ? [{ ...fix, preferred: true }] : [];
    },
    autoFixable: always,
  }),
  removeProperty: fixKind<{ path: JsonPath }>({
    fixes: ({ doc, hint, diagnostic }, d) => removePropertyFixes(doc, d.path, String(diagnostic.code ?? ''), hint),
    autoFixable: never,
  }),
  removeItem: fixKind<{ path: JsonPath }>({
    fixes: ({ doc, hint, diagnostic }, d) => removeItemFixes(doc, d.path, String(diagnostic.code ?? ''), hint),
    autoFixable: never,
  }),
  removeTrailingComma: fixKind<Record<never, never>>({
    fixes: ({ doc, hint }) => removeTrailingCommaFixes(doc, hint),
    autoFixable: always,
  }),
  // A suppression comment that silences nothing (PS007): removing it is a person's call, as eslint's.
  removeSuppression: fixKind<{ code?: string }>({
    fixes: ({ doc, hint }, d) => removeSuppressionFixes(doc, hint, typeof d.code === 'string' ? d.code : undefined),
    autoFixable: never,
  }),
};

type FixKinds = typeof FIX_KINDS;
type DataOf<K extends keyof FixKinds> = FixKinds[K] extends FixKind<infer D> ? D : never;

/** What a quick fix needs to know, carried on the diagnostic it repairs (`diagnostic.data`). */
export type FixData = { [K in keyof FixKinds]: { fix: K } & DataOf<K> }[keyof FixKinds];

const kindOf = (data: FixData) => FIX_KINDS[data.fix] as FixKind<FixData>;

/** The fix data of a diagnostic, when it is Polysync's and well-formed (clients may echo it altered). */
export function fixDataOf(diagnostic: Diagnostic): FixData | undefined {
  const data = diagnostic.data as { fix?: unknown; path?: unknown } | undefined;
  if (!data || typeof data !== 'object' || typeof data.fix !== 'string' || !Object.hasOwn(FIX_KINDS, data.fix)) return undefined;
  if ('path' in data && !Array.isArray(data.path)) return undefined;
  return data as FixData;
}

function wants(only: string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/** Code actions for `diagnostics` (those the client sent for `range`), plus "fix all" when asked for. */
export function codeActions(doc: ParsedDocument, range: Range, diagnostics: readonly Diagnostic[], options: CodeActionOptions): CodeAction[] {
  void range; // The client already narrowed the diagnostics to the range.
  const actions: CodeAction[] = [];
  // A client may send back a diagnostic of a rule the configuration has since turned off: no fix for it.
  const rules = options.rules;
  if (rules?.size) diagnostics = diagnostics.filter((d) => typeof d.code !== 'string' || rules.get(d.code) !== 'off');
  if (wants(options.only, QUICK_FIX_KIND)) {
    // The same change offered for two diagnostics (the migration, for `schedule` and `discover`) is one action.
    const byChange = new Map<string, CodeAction>();
    // Silencing comes after every repair: it is the last resort.
    const fixes = [
      ...diagnostics.flatMap((diagnostic) => fixesFor(doc, diagnostic, options).map((fix) => ({ diagnostic, fix }))),
      ...diagnostics.flatMap((diagnostic) => suppressFixes(doc, diagnostic).map((fix) => ({ diagnostic, fix }))),
    ];
    for (const { diagnostic, fix } of fixes) {
      if (fix.edits.length === 0) continue;
      const key = `${fix.title}\u0000${JSON.stringify(fix.edits)}`;
      const existing = byChange.get(key);
      if (existing) {
        existing.diagnostics!.push(diagnostic);
        continue;
      }
      const action: CodeAction = {
        title: fix.title,
        kind: QUICK_FIX_KIND,
        diagnostics: [diagnostic],
        edit: { changes: { [doc.uri]: toTextEdits(doc, fix.edits) } },
      };
      if (fix.preferred) action.isPreferred = true;
      byChange.set(key, action);
      actions.push(action);
    }
  }
  // Source actions are only computed when the client asks for them ("Source Action...", fix on save).
  if (options.only?.length && wants(options.only, FIX_ALL_KIND)) {
    const all = fixAll(doc, options);
    if (all.edits.length) {
      actions.push({ title: 'Fix all auto-fixable problems', kind: FIX_ALL_KIND, diagnostics: all.fixed, edit: { changes: { [doc.uri]: all.edits } } });
    }
  }
  return actions;
}

/** The fixes for one diagnostic, the preferred one first. */
function fixesFor(doc: ParsedDocument, diagnostic: Diagnostic, options: IndentOptions): Fix[] {
  const data = fixDataOf(diagnostic);
  if (!data || !doc.root) return [];
  return kindOf(data).fixes({ doc, diagnostic, hint: doc.offsetAt(diagnostic.range.start), options }, data);
}

function isScalarNode(node: JsonNode | undefined): node is JsonNode {
  return Boolean(node && node.type !== 'object' && node.type !== 'array' && node.type !== 'property');
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/** Choosing among many allowed values is completion's job; the list of fixes stays readable. */
const MAX_VALUE_FIXES = 30;

function replaceValueFixes(doc: ParsedDocument, path: JsonPath, suggestion: string | undefined, allowed: unknown[], hint: number): Fix[] {
  const node = findNode(doc.root, path, hint);
  if (!isScalarNode(node)) return [];
  const fixes: Fix[] = [];
  const values = Array.isArray(allowed) ? allowed : [];
  const ordered = suggestion !== undefined ? [suggestion, ...values.filter((v) => v !== suggestion)] : values;
  for (const value of ordered.slice(0, MAX_VALUE_FIXES)) {
    if (value === node.value) continue;
    fixes.push({
      title: `Change to ${show(value)}`,
      edits: [replaceNode(node, JSON.stringify(value))],
      preferred: suggestion !== undefined && value === suggestion,
    });
  }
  return fixes;
}

function renameKeyFixes(doc: ParsedDocument, path: JsonPath, suggestion: string, hint: number): Fix[] {
  const property = findPropertyAt(doc.root, path, hint);
  const key = property?.children?.[0];
  if (!property || !key || typeof suggestion !== 'string') return [];
  return [
    { title: `Rename \`${key.value}\` to \`${suggestion}\``, edits: [replaceNode(key, JSON.stringify(suggestion))], preferred: true },
    { title: `Remove unknown property \`${key.value}\``, edits: removeMember(doc.text, property) },
  ];
}

function addPropertiesFixes(doc: ParsedDocument, path: JsonPath, properties: string[], options: IndentOptions, hint: number): Fix[] {
  const object = findNode(doc.root, path, hint);
  if (object?.type !== 'object' || !Array.isArray(properties)) return [];
  let missing = properties.filter((p) => typeof p === 'string' && propertyValue(object, p) === undefined);
  // A 2024-02-08 document has its schedule under `schedule`: migrating it beats a placeholder.
  if (path.length === 0 && missing.includes('default_schedule') && propertyValue(object, 'schedule') !== undefined) {
    const migration = migrationFixes(doc, 'schedule', options);
    missing = missing.filter((p) => p !== 'default_schedule');
    if (missing.length === 0) return migration;
    return [...migration, ...addPropertiesFixes(doc, path, missing, options, hint).map((f) => ({ ...f, preferred: false }))];
  }
  // Likewise a draft `schedules` array: moving its entries beats a placeholder.
  if (path.length === 0 && missing.includes('default_schedule') && propertyValue(object, 'schedules') !== undefined) {
    const draft = planDraftSchedulesMigration(doc, options);
    if (draft) {
      const rest = missing.filter((p) => p !== 'default_schedule');
      const others = rest.length ? addPropertiesFixes(doc, path, rest, options, hint).map((f) => ({ ...f, preferred: false })) : [];
      return [{ ...draft, preferred: true }, ...others];
    }
  }
  if (missing.length === 0) return [];
  const layout = containerLayout(doc.text, object, options);
  const rendered = missing.map((key) => `${JSON.stringify(key)}: ${renderValue(placeholderFor(path, object, key), layout)}`);
  const edits = insertMembers(doc.text, object, rendered, layout);
  if (!edits) return [];
  const title = missing.length === 1 ? `Add missing property \`${missing[0]}\`` : `Add missing properties ${listValues(missing, 'and')}`;
  return [{ title, edits, preferred: true }];
}

function quoteNumberFixes(doc: ParsedDocument, path: JsonPath, hint: number): Fix[] {
  const node = findNode(doc.root, path, hint);
  if (node?.type !== 'number') return [];
  const raw = doc.text.slice(node.offset, node.offset + node.length);
  return [{ title: `Write ${raw} as the string "${raw}"`, edits: [replaceNode(node, JSON.stringify(raw))], preferred: true }];
}

function migrationFixes(doc: ParsedDocument, property: 'schedule' | 'discover', options: IndentOptions): Fix[] {
  const fixes: Fix[] = [];
  const both = planFullMigration(doc, options);
  if (both) fixes.push({ ...both, preferred: true });
  const single = property === 'schedule' ? planScheduleMigration(doc, options) : planDiscoverMigration(doc);
  if (single) fixes.push({ ...single, preferred: !both });
  return fixes;
}

function removalTitle(code: string, key: string): string {
  switch (code) {
    case Codes.duplicateKey.code:
      return `Remove this duplicate \`${key}\``;
    case Codes.scheduleFieldUnused.code:
      return `Remove \`${key}\`, which this frequency does not use`;
    case Codes.notAcceptedOnCreate.code:
      return `Remove \`${key}\` (not accepted when creating a sync)`;
    case Codes.unknownProperty.code:
      return `Remove unknown property \`${key}\``;
    case Codes.emptySchemas.code:
      return 'Remove the empty `schemas` (every source schema is then selected)';
    case Codes.filterValueNotTaken.code:
      return `Remove \`${key}\`, which this filter function does not take`;
    default:
      return `Remove \`${key}\``;
  }
}

function removePropertyFixes(doc: ParsedDocument, path: JsonPath, code: string, hint: number): Fix[] {
  const property = findPropertyAt(doc.root, path, hint);
  const key = property?.children?.[0];
  if (!property || !key) return [];
  const remove: Fix = { title: removalTitle(code, String(key.value)), edits: removeMember(doc.text, property), preferred: true };
  return code === Codes.duplicateKey.code ? duplicateKeyFixes(doc, property, String(key.value), remove) : [remove];
}

/**
 * A duplicate key: the API keeps the last copy. Removing a copy that is not the last changes nothing
 * the API sees; removing the last one makes the copy before it count. So on the last copy, when the
 * two values differ, the preferred fix keeps this copy and removes the others, and removing it says
 * what it changes. "Keep only this" is offered on every copy.
 */
function duplicateKeyFixes(doc: ParsedDocument, property: JsonNode, key: string, remove: Fix): Fix[] {
  const object = property.parent;
  const copies = (object?.children ?? []).filter((p) => p.children?.[0]?.value === key);
  const index = copies.indexOf(property);
  if (object?.type !== 'object' || index < 1) return [remove];
  const keep = keepOnlyEdit(doc, object, key, index);
  const valueText = (p: JsonNode) => {
    const value = p.children?.[1];
    return value ? doc.text.slice(value.offset, value.offset + value.length) : '';
  };
  const last = index === copies.length - 1;
  const changesValue = last && valueText(copies[index - 1]) !== valueText(property);
  const fixes: Fix[] = [];
  if (changesValue) {
    if (keep) fixes.push({ title: `Keep only this \`${key}\` (the one the API uses)`, edits: [keep], preferred: true });
    const line = doc.positionAt(copies[index - 1].offset).line + 1;
    fixes.push({ ...remove, title: `Remove this \`${key}\` (the API would then use the one on line ${line})`, preferred: !keep });
  } else {
    fixes.push(remove);
    if (keep) fixes.push({ title: `Keep only this \`${key}\``, edits: [keep] });
  }
  return fixes;
}

/**
 * One edit that removes every copy of `key` in `object` but the one at `index`, each removal made on
 * the text the previous one left. Only the object's own text is parsed again, not the whole document.
 */
function keepOnlyEdit(doc: ParsedDocument, object: JsonNode, key: string, index: number): RawEdit | undefined {
  const copiesIn = (node: JsonNode) => (node.children ?? []).filter((p) => p.children?.[0]?.value === key);
  const total = copiesIn(object).length;
  const after = total - 1 - index;
  const original = doc.text.slice(object.offset, object.offset + object.length);
  const errorsBefore = parseDocument(doc.uri, doc.version, original).syntaxErrors.length;
  let text = original;
  for (let n = 0; n < total - 1; n++) {
    const node = parseDocument(doc.uri, doc.version, text).root;
    if (node?.type !== 'object') return undefined;
    const copies = copiesIn(node);
    // First the copies after the kept one (from the end), then those before it (from the start).
    const target = n < after ? copies[copies.length - 1] : copies[0];
    text = applyRawEdits(text, removeMember(text, target));
  }
  if (parseDocument(doc.uri, doc.version, text).syntaxErrors.length > errorsBefore) return undefined;
  const edit = diffEdit(original, text);
  return edit && { ...edit, offset: edit.offset + object.offset };
}

function itemName(item: JsonNode): string | undefined {
  if (item.type === 'string') return item.value as string;
  const id = propertyValue(item, 'id');
  return id?.type === 'string' ? (id.value as string) : undefined;
}

function removeItemFixes(doc: ParsedDocument, path: JsonPath, code: string, hint: number): Fix[] {
  const item = findNode(doc.root, path, hint);
  if (!item || item.parent?.type !== 'array') return [];
  const name = itemName(item);
  const what = code === Codes.duplicateSchema.code ? 'schema' : code === Codes.duplicateField.code ? 'field' : 'item';
  const title = name !== undefined ? `Remove this duplicate ${what} \`${name}\`` : `Remove this duplicate ${what}`;
  return [{ title, edits: removeMember(doc.text, item), preferred: true }];
}

/**
 * Removes the comma at `offset` when it is still a trailing one: only whitespace and comments between
 * it and the closing bracket. When the bracket is on the same line, the space before it follows the
 * opening bracket's (`[1, 2, ]` becomes `[1, 2]`, `{ "a": 1, }` becomes `{ "a": 1 }`); line breaks
 * and comments stay.
 */
function removeTrailingCommaFixes(doc: ParsedDocument, offset: number): Fix[] {
  const text = doc.text;
  if (text.charCodeAt(offset) !== 0x2c /* , */) return [];
  let i = offset + 1;
  let plainSpaceEnd = -1;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return [];
      i = end + 2;
    } else {
      if (c !== '}' && c !== ']') return [];
      if (/^[ \t]*$/.test(text.slice(offset + 1, i))) {
        const container = nodeAt(doc.root, i);
        const spaced = container !== undefined && container.offset + container.length === i + 1 && /[ \t]/.test(text[container.offset + 1] ?? '');
        plainSpaceEnd = spaced && i > offset + 1 ? i - 1 : i;
      }
      break;
    }
  }
  if (i >= text.length) return [];
  const length = plainSpaceEnd > 0 ? plainSpaceEnd - offset : 1;
  return [{ title: 'Remove the trailing comma', edits: [{ offset, length, content: '' }], preferred: true }];
}

// ---- fix all -------------------------------------------------------------------------------------------

/** Whether two sets of edits overlap or meet (edits that merely touch could interleave). */
function touches(a: readonly RawEdit[], b: readonly RawEdit[]): boolean {
  return a.some((x) => b.some((y) => x.offset <= y.offset + y.length && y.offset <= x.offset + x.length));
}

/**
 * Fixes that can be applied without asking: the suggested spelling of a value or key, quoting a number,
 * removing a trailing comma, and the 2024-02-08 migration. Other removals and placeholders need a
 * person to look at them (each kind says which in FIX_KINDS).
 */
function isAutoFixable(data: FixData): boolean {
  return kindOf(data).autoFixable(data);
}

/**
 * A key per diagnostic that survives the edits of earlier rounds, which move ranges: its code, message
 * and the path of the node it is on (two trailing commas differ only by where they are), numbered in
 * the rare case that those are shared too.
 */
function diagnosticKeys(doc: ParsedDocument, diagnostics: readonly Diagnostic[]): string[] {
  const seen = new Map<string, number>();
  return diagnostics.map((d) => {
    const node = nodeAt(doc.root, doc.offsetAt(d.range.start));
    const base = `${d.code}|${d.message}|${node ? JSON.stringify(pathOf(node)) : ''}|${node?.type ?? ''}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}|${n}`;
  });
}

/** Fixes can uncover others (a migrated schedule may hold an unquoted number): a few rounds settle it. */
const FIX_ALL_ROUNDS = 10;

/**
 * Applies every auto-fixable fix: each round applies all fixes whose edits do not touch one another,
 * then re-validates. Returns one edit spanning the changes.
 */
export function fixAll(doc: ParsedDocument, options: FixOptions): { edits: TextEdit[]; fixed: Diagnostic[] } {
  const tried = new Set<string>();
  let current = doc;
  // The problems as the configuration shows them: a rule turned off is not fixed, one raised still is.
  const check = (d: ParsedDocument) => validateDocument(d, { rules: options.rules }) ?? [];
  const originalDiagnostics = check(doc);
  for (let round = 0; round < FIX_ALL_ROUNDS; round++) {
    const diagnostics = round === 0 ? originalDiagnostics : check(current);
    const chosen: RawEdit[][] = [];
    const keys = diagnosticKeys(current, diagnostics);
    for (const [index, d] of diagnostics.entries()) {
      const data = fixDataOf(d);
      const key = keys[index];
      if (!data || !isAutoFixable(data) || tried.has(key)) continue;
      const fix = fixesFor(current, d, options).find((f) => f.preferred);
      // A fix that meets one already chosen waits for the next round, on the text with that one applied.
      if (fix && fix.edits.length && chosen.some((edits) => touches(edits, fix.edits))) continue;
      tried.add(key);
      if (fix && fix.edits.length) chosen.push(fix.edits);
    }
    if (chosen.length === 0) break;
    current = parseDocument(doc.uri, doc.version, applyRawEdits(current.text, chosen.flat()));
  }
  if (current === doc) return { edits: [], fixed: [] };
  // Diagnostics with the same code and message (two trailing commas) are counted, not merged.
  const remaining = new Map<string, number>();
  for (const d of check(current)) remaining.set(`${d.code}|${d.message}`, (remaining.get(`${d.code}|${d.message}`) ?? 0) + 1);
  const fixed = originalDiagnostics.filter((d) => {
    const key = `${d.code}|${d.message}`;
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    return left === 0;
  });
  const edit = diffEdit(doc.text, current.text);
  return { edits: edit ? toTextEdits(doc, [edit]) : [], fixed };
}
