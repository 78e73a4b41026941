// The live side of Show Changes: the file's own text with only the differing values replaced by the
// live ones. Everything else stays as the person wrote it (comments, `$schema`, key order, the link,
// the layout, CRLF), so a diff editor of this text against the file shows exactly the differences and
// nothing a re-rendered file would add (reordered keys, lost comments, defaults the API fills in).
//
// A difference names a field path as the comparison writes it (docs/keep-as-code.md, "Field paths"):
// `name`, `default_schedule.hour`, `additional_schedules[0].minute`, `schemas[Contact]` ("selected", or
// no value: not selected), `schemas[Contact].fields` ("all", or the selected fields as [id, state]
// pairs with state "selected" or "obfuscated"), `schemas[Contact].filters` and the schema's other
// settings. A value that is absent removes the member; one the file does not have is inserted (a
// top-level key before the link). A path this module cannot place is answered in `unplaced`, never
// guessed at.
import type { JsonNode, ParsedDocument } from './document/document';
import { parseDocument, propertyValue } from './document/document';
import {
  applyRawEdits,
  containerLayout,
  detectIndentOptions,
  insertMembers,
  type Layout,
  type RawEdit,
  removeMember,
  renderValue,
  replaceNode,
} from './actions/textEdits';

/** One difference between the file and the live sync, as the comparison answers it. */
export interface LiveDifference {
  path: string;
  /** The live value; undefined when the live sync does not have the path. */
  live?: unknown;
}

export interface LiveSide {
  /** The file's text with the live values written in. */
  text: string;
  /** Paths that could not be placed in the file's text (the text has none of them written in). */
  unplaced: string[];
}

type Segment = string | number;

const SCHEMA_PATH = /^schemas\[(.*)\](?:\.(\w+))?$/;
const LINK_KEY = 'polysync';
/** A bound on the steps of one schema's fields (one per field), so a step that changes nothing cannot loop. */
const MAX_FIELD_STEPS = 10_000;

/** The file's text with each difference's live value in place of the file's. */
export function liveSideText(fileText: string, differences: readonly LiveDifference[]): LiveSide {
  let text = fileText;
  const unplaced: string[] = [];
  const touchedItems = new Set<string>();
  for (const difference of differences) {
    const schema = SCHEMA_PATH.exec(difference.path);
    // A schema's fields change one field a step; everything else in one step.
    for (let step = 0; ; step++) {
      const doc = parseDocument('live-side.json', 0, text);
      const edits =
        doc.root?.type !== 'object' || step > MAX_FIELD_STEPS
          ? undefined
          : schema
            ? schemaEdits(doc, doc.root, schema[1], schema[2], difference.live)
            : settingEdits(doc, doc.root, difference.path, difference.live, touchedItems);
      if (edits === undefined) unplaced.push(difference.path);
      else text = applyRawEdits(text, edits);
      if (edits === undefined || edits.length === 0 || schema?.[2] !== 'fields') break;
    }
  }
  return { text: removeEmptiedItems(text, touchedItems), unplaced };
}

// ---- settings: a path of keys and indexes ---------------------------------------------------------

/** `a.b[0].c` as ['a', 'b', 0, 'c']; undefined for a path this grammar does not read. */
export function settingPath(path: string): Segment[] | undefined {
  const out: Segment[] = [];
  const token = /^(?:([^.[\]]+)|\[(\d+)\])/;
  let rest = path;
  while (rest.length > 0) {
    const match = token.exec(rest);
    if (!match) return undefined;
    out.push(match[1] !== undefined ? match[1] : Number(match[2]));
    rest = rest.slice(match[0].length);
    if (rest.startsWith('.')) {
      rest = rest.slice(1);
      if (rest === '' || rest.startsWith('.') || rest.startsWith('[')) return undefined;
    }
  }
  return out.length > 0 ? out : undefined;
}

function settingEdits(doc: ParsedDocument, root: JsonNode, path: string, live: unknown, touchedItems: Set<string>): RawEdit[] | undefined {
  const segments = settingPath(path);
  if (!segments || segments[0] === LINK_KEY || typeof segments[0] !== 'string') return undefined;
  // An item of an array of objects that may be emptied by removals: looked at again at the end.
  const item = segments.findIndex((s) => typeof s === 'number');
  if (live === undefined && item > 0) touchedItems.add(JSON.stringify(segments.slice(0, item + 1)));
  return setAt(doc, root, segments, live);
}

/** Sets (or removes, for undefined) the value at `segments` below `container`. */
function setAt(doc: ParsedDocument, container: JsonNode, segments: Segment[], value: unknown): RawEdit[] | undefined {
  const text = doc.text;
  let node = container;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const child = childAt(node, segment);
    if (!child) {
      if (value === undefined) return []; // nothing to remove
      return insertAt(doc, node, segment, wrap(segments.slice(i + 1), value));
    }
    if (i === segments.length - 1) {
      const member = child.parent?.type === 'property' ? child.parent : child;
      if (value === undefined) return removeMember(text, member);
      return [replaceNode(child, renderAt(doc, child, value))];
    }
    if (child.type !== 'object' && child.type !== 'array') {
      if (value === undefined) return [];
      // The file has a scalar where the live sync has members: the live value replaces it whole.
      return [replaceNode(child, renderAt(doc, child, wrap(segments.slice(i + 1), value)))];
    }
    node = child;
  }
  return undefined;
}

function childAt(node: JsonNode, segment: Segment): JsonNode | undefined {
  if (typeof segment === 'number') return node.type === 'array' ? node.children?.[segment] : undefined;
  return node.type === 'object' ? propertyValue(node, segment) : undefined;
}

/** `value` under the rest of a path that does not exist in the file yet. */
function wrap(rest: Segment[], value: unknown): unknown {
  return rest.reduceRight<unknown>((inner, segment) => (typeof segment === 'number' ? [inner] : { [segment]: inner }), value);
}

/** Inserts `value` as `segment` of `container`: a key at the end (at the top level, before the link), an item at the end. */
function insertAt(doc: ParsedDocument, container: JsonNode, segment: Segment, value: unknown): RawEdit[] | undefined {
  if (container.type === 'object' && typeof segment === 'string') {
    const layout = containerLayout(doc.text, container, detectIndentOptions(doc.text));
    const members = container.children ?? [];
    const linkAt = container === doc.root ? members.findIndex((p) => p.children?.[0]?.value === LINK_KEY) : -1;
    const after = linkAt > 0 ? members[linkAt - 1] : undefined;
    const rendered = `${JSON.stringify(segment)}: ${renderValue(value, layout)}`;
    if (linkAt === 0) return insertFirst(doc.text, container, rendered, layout);
    return insertMembers(doc.text, container, [rendered], layout, after);
  }
  if (container.type === 'array' && typeof segment === 'number') {
    const layout = containerLayout(doc.text, container, detectIndentOptions(doc.text));
    return insertMembers(doc.text, container, [renderValue(value, layout)], layout);
  }
  return undefined;
}

/** A member before the first one (the link is the object's only member before it). */
function insertFirst(text: string, container: JsonNode, rendered: string, layout: Layout): RawEdit[] {
  const first = container.children![0];
  if (!layout.multiline) return [{ offset: first.offset, length: 0, content: `${rendered}, ` }];
  return [{ offset: first.offset, length: 0, content: `${rendered},${layout.eol}${layout.indent}` }];
}

/**
 * A value as it would be written where `node` is: one line when the node's container is on one line,
 * and a small object of scalars (a field's `{ "id", "obfuscate" }`) on one line where the node was.
 */
function renderAt(doc: ParsedDocument, node: JsonNode, value: unknown): string {
  const container = node.parent?.type === 'property' ? node.parent.parent : node.parent;
  if (!container) return JSON.stringify(value);
  const layout = containerLayout(doc.text, container, detectIndentOptions(doc.text));
  const oneLine = !/[\r\n]/.test(doc.text.slice(node.offset, node.offset + node.length));
  return oneLine && isFlatObject(value) ? renderValue(value, { ...layout, multiline: false, padBraces: true }) : renderValue(value, layout);
}

function isFlatObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => v === null || typeof v !== 'object');
}

/** Array items (of objects) whose members were all removed: removed themselves, last index first. */
function removeEmptiedItems(text: string, touched: Set<string>): string {
  const items = [...touched].map((t) => JSON.parse(t) as Segment[]).sort((a, b) => Number(b[b.length - 1]) - Number(a[a.length - 1]));
  let out = text;
  for (const segments of items) {
    const doc = parseDocument('live-side.json', 0, out);
    let node: JsonNode | undefined = doc.root;
    for (const segment of segments) node = node && childAt(node, segment);
    if (node?.type === 'object' && (node.children?.length ?? 0) === 0) out = applyRawEdits(out, removeMember(out, node));
  }
  return out;
}

// ---- schemas: the selection, the fields and each schema's settings ------------------------------

type FieldState = 'selected' | 'obfuscated';

function schemaIdOf(entry: JsonNode): string | undefined {
  if (entry.type === 'string') return entry.value as string;
  const id = propertyValue(entry, 'id');
  return id?.type === 'string' ? (id.value as string) : undefined;
}

function schemaEdits(doc: ParsedDocument, root: JsonNode, id: string, sub: string | undefined, live: unknown): RawEdit[] | undefined {
  const schemas = propertyValue(root, 'schemas');
  if (schemas?.type !== 'array') return undefined;
  const entry = (schemas.children ?? []).find((e) => schemaIdOf(e) === id);
  if (sub === undefined) {
    const selected = live === 'selected';
    if (selected && !entry) return insertAt(doc, schemas, schemas.children?.length ?? 0, schemaEntryStyle(schemas) === 'object' ? { id } : id);
    if (!selected && entry) return removeMember(doc.text, entry);
    return [];
  }
  if (!entry) {
    // A setting of a schema the file does not list: the live side's entry for it was (or will be) added
    // by its selection's difference; without it there is no place for the setting.
    return live === undefined ? [] : undefined;
  }
  if (sub === 'fields') {
    const wanted = liveFields(live);
    return wanted === undefined ? undefined : fieldsStep(doc, entry, wanted);
  }
  if (entry.type === 'string') {
    if (live === undefined) return [];
    // "Contact" becomes { "id": "Contact", ...the live setting }.
    return [replaceNode(entry, renderAt(doc, entry, { id, [sub]: live }))];
  }
  return setAt(doc, entry, [sub], live);
}

function schemaEntryStyle(schemas: JsonNode): 'string' | 'object' {
  const entries = schemas.children ?? [];
  return entries.length > 0 && entries.every((e) => e.type === 'object') ? 'object' : 'string';
}

/** The live fields: "all", or a map of the selected ones; undefined for a value of another shape. */
function liveFields(live: unknown): 'all' | Map<string, FieldState> | undefined {
  if (live === 'all' || live === undefined) return 'all';
  if (!Array.isArray(live)) return undefined;
  const out = new Map<string, FieldState>();
  for (const pair of live) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string' || (pair[1] !== 'selected' && pair[1] !== 'obfuscated')) return undefined;
    out.set(pair[0], pair[1]);
  }
  return out;
}

function fieldEntry(id: string, state: FieldState, asObject: boolean): unknown {
  if (state === 'obfuscated') return { id, obfuscate: true };
  return asObject ? { id } : id;
}

function fileFieldState(entry: JsonNode): { id: string; state: FieldState | undefined } | undefined {
  if (entry.type === 'string') return { id: entry.value as string, state: 'selected' };
  const id = propertyValue(entry, 'id');
  if (id?.type !== 'string') return undefined;
  if (propertyValue(entry, 'enabled')?.value === false) return { id: id.value as string, state: undefined };
  const obfuscated = propertyValue(entry, 'obfuscate')?.value === true || propertyValue(entry, 'obfuscated')?.value === true;
  return { id: id.value as string, state: obfuscated ? 'obfuscated' : 'selected' };
}

/**
 * One step towards the live fields (the first field to remove or change, else the missing ones added),
 * [] when the file's fields already say what the live ones do. Field by field, so the file's order,
 * comments and style stay where the live side agrees; steps, so no two edits touch the same comma.
 */
function fieldsStep(doc: ParsedDocument, entry: JsonNode, wanted: 'all' | Map<string, FieldState>): RawEdit[] | undefined {
  const id = schemaIdOf(entry)!;
  const fields = entry.type === 'object' ? propertyValue(entry, 'fields') : undefined;
  const listed = fields?.type === 'array' && (fields.children ?? []).length > 0;
  if (wanted === 'all') {
    // Every field: a file says so by listing none.
    return listed ? removeMember(doc.text, fields.parent!) : [];
  }
  const rendered = [...wanted].map(([field, state]) => fieldEntry(field, state, false));
  if (entry.type === 'string') return [replaceNode(entry, renderAt(doc, entry, { id, fields: rendered }))];
  if (!listed) return setAt(doc, entry, ['fields'], rendered);
  const seen = new Set<string>();
  for (const item of fields.children ?? []) {
    const file = fileFieldState(item);
    if (!file) continue;
    seen.add(file.id);
    const state = wanted.get(file.id);
    if (state === file.state) continue;
    if (state === undefined) return removeMember(doc.text, item);
    return [replaceNode(item, renderAt(doc, item, fieldEntry(file.id, state, item.type === 'object')))];
  }
  const added = [...wanted].filter(([field]) => !seen.has(field));
  if (added.length === 0) return [];
  const asObject = (fields.children ?? []).every((f) => f.type === 'object');
  const layout = containerLayout(doc.text, fields, detectIndentOptions(doc.text));
  const entries = added.map(([field, state]) => renderValue(fieldEntry(field, state, asObject), { ...layout, multiline: false, padBraces: true }));
  return insertMembers(doc.text, fields, entries, layout);
}
