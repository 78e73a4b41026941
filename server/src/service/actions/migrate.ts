// Migrating a 2024-02-08 request to 2025-09-18: `schedule` becomes `default_schedule` (+
// `additional_schedules` for a `multi` schedule) and `discover` becomes `automatically_add_new_objects`.
//
// The 2024-02-08 SDKs describe a multi schedule as
//   "schedule": { "frequency": "multi", "multi": { "type": "...", "schedules": [ { "item": <selective mode>, "schedule": { ...a schedule } } ] } }
// where `item` is none | incrementalFields | nonincrementalFields. The mapping keeps every entry's scope,
// so the migrated sync runs the same work: the first entry that syncs all fields (`item` absent or
// `none`) becomes `default_schedule`, and every other entry becomes an item of `additional_schedules`
// with its `item` as `selective_mode`. When every entry is selective, `default_schedule` is `manual`
// (it never runs by itself) and every entry becomes an additional schedule. `multi.type` has no
// 2025-09-18 counterpart and is dropped.
//
// A draft of the 2025-09-18 migration guide showed a `schedules` array instead; the API takes
// `default_schedule` plus `additional_schedules`. Its first plain entry (no `selective_mode` other than
// `none`, no `resync_mode` other than `normal`, no `schemas`) becomes `default_schedule`; the others
// become additional schedules, unchanged. With no plain entry, or a `default_schedule` already set, the
// default is `manual` (or the one already there) and every entry becomes an additional schedule.
import { getNodeValue } from 'jsonc-parser';
import { type JsonNode, type ParsedDocument, parseDocument, propertyValue, stringValue } from '../document/document';
import { findProperty } from '../document/locate';
import {
  applyRawEdits,
  containerLayout,
  diffEdit,
  detectEol,
  type IndentOptions,
  insertMembers,
  type Layout,
  lineIndent,
  lineStart,
  type RawEdit,
  removeMember,
  renderValue,
  replaceNode,
} from './textEdits';

export interface PlannedFix {
  title: string;
  edits: RawEdit[];
}

interface MultiEntry {
  item: string | undefined;
  schedule: Record<string, unknown>;
}

function readMultiEntries(schedule: JsonNode | undefined): MultiEntry[] | undefined {
  if (schedule?.type !== 'object' || stringValue(propertyValue(schedule, 'frequency')) !== 'multi') return undefined;
  const list = propertyValue(propertyValue(schedule, 'multi'), 'schedules');
  if (list?.type !== 'array') return undefined;
  const entries: MultiEntry[] = [];
  for (const entry of list.children ?? []) {
    if (entry.type !== 'object') continue;
    const item = stringValue(propertyValue(entry, 'item'));
    const inner = propertyValue(entry, 'schedule');
    // Tolerate entries written as a bare schedule with an `item` next to `frequency`.
    const source = inner?.type === 'object' ? inner : propertyValue(entry, 'frequency') ? entry : undefined;
    if (!source) continue;
    const value = { ...(getNodeValue(source) as Record<string, unknown>) };
    delete value.multi;
    if (source === entry) delete value.item;
    entries.push({ item, schedule: value });
  }
  return entries.length ? entries : undefined;
}

function valueLayout(text: string, property: JsonNode, value: JsonNode, options: IndentOptions, root: JsonNode): Layout {
  const base = containerLayout(text, root, options);
  const multiline = lineStart(text, value.offset) !== lineStart(text, value.offset + value.length);
  return {
    indent: lineIndent(text, property.offset),
    unit: base.unit,
    eol: detectEol(text),
    multiline,
    padBraces: multiline || text[value.offset + 1] === ' ',
  };
}

export function planScheduleMigration(doc: ParsedDocument, options: IndentOptions): PlannedFix | undefined {
  const root = doc.root;
  const text = doc.text;
  if (root?.type !== 'object') return undefined;
  const property = findProperty(root, 'schedule');
  const key = property?.children?.[0];
  if (!property || !key) return undefined;
  if (findProperty(root, 'default_schedule')) {
    return { title: 'Remove the 2024-02-08 `schedule` (`default_schedule` is already set)', edits: removeMember(text, property) };
  }
  const value = property.children?.[1];
  const entries = readMultiEntries(value);
  if (!value || !entries) {
    return { title: 'Rename `schedule` to `default_schedule` (API 2025-09-18)', edits: [replaceNode(key, '"default_schedule"')] };
  }
  // Only an entry that syncs all fields can be the default schedule without narrowing what it does.
  const chosen = entries.findIndex((e) => e.item === undefined || e.item === 'none');
  const defaultSchedule = chosen >= 0 ? entries[chosen].schedule : { ...MANUAL_SCHEDULE };
  const others = entries
    .filter((_, i) => i !== chosen)
    .map((e) => (e.item && e.item !== 'none' ? { ...e.schedule, selective_mode: e.item } : { ...e.schedule }));
  const edits = moveSchedules(doc, property, defaultSchedule, others, options);
  return edits && {
    title: 'Move the `multi` schedule to `default_schedule` and `additional_schedules` (API 2025-09-18)',
    edits,
  };
}

/** A default schedule that never runs by itself: the additional schedules do all the work. */
const MANUAL_SCHEDULE = { frequency: 'manual' };

/**
 * One edit that turns `property` (a `schedule` or `schedules` member of the root) into
 * `"default_schedule": defaultSchedule` and appends `others` to `additional_schedules`.
 */
function moveSchedules(
  doc: ParsedDocument,
  property: JsonNode,
  defaultSchedule: Record<string, unknown>,
  others: Record<string, unknown>[],
  options: IndentOptions,
): RawEdit[] | undefined {
  const { text, root } = doc;
  const key = property.children?.[0];
  const value = property.children?.[1];
  if (!root || !key || !value) return undefined;
  const layout = valueLayout(text, property, value, options, root);
  const edits: RawEdit[] = [replaceNode(key, '"default_schedule"'), replaceNode(value, renderValue(defaultSchedule, layout))];
  if (others.length) {
    const extra = additionalScheduleEdits(text, root, property, others, options);
    if (!extra) return undefined;
    edits.push(...extra);
  }
  const single = diffEdit(text, applyRawEdits(text, edits));
  return single ? [single] : [];
}

/** Whether a draft `schedules` entry is a plain schedule: all fields, all schemas, normal runs. */
function isPlainSchedule(entry: Record<string, unknown>): boolean {
  const selective = entry.selective_mode;
  const resync = entry.resync_mode;
  const schemas = entry.schemas;
  return (
    (selective === undefined || selective === null || selective === 'none') &&
    (resync === undefined || resync === null || resync === 'normal') &&
    (schemas === undefined || schemas === null || (Array.isArray(schemas) && schemas.length === 0))
  );
}

/** Moves a draft `schedules` array to `default_schedule` and `additional_schedules`, keeping every entry. */
export function planDraftSchedulesMigration(doc: ParsedDocument, options: IndentOptions): PlannedFix | undefined {
  const root = doc.root;
  if (root?.type !== 'object') return undefined;
  const property = findProperty(root, 'schedules');
  const value = property?.children?.[1];
  if (!property || value?.type !== 'array') return undefined;
  const items = value.children ?? [];
  if (items.some((item) => item.type !== 'object')) return undefined;
  const entries = items.map((item) => getNodeValue(item) as Record<string, unknown>);
  const title = 'Move `schedules` to `default_schedule` and `additional_schedules` (API 2025-09-18)';
  if (findProperty(root, 'default_schedule')) {
    // Every entry joins the additional schedules; then the draft key goes.
    const extra = entries.length ? additionalScheduleEdits(doc.text, root, property, entries, options) : [];
    if (!extra) return undefined;
    const withExtra = applyRawEdits(doc.text, extra);
    const next = parseDocument(doc.uri, doc.version, withExtra);
    const again = next.root?.type === 'object' ? findProperty(next.root, 'schedules') : undefined;
    if (!again) return undefined;
    const single = diffEdit(doc.text, applyRawEdits(withExtra, removeMember(withExtra, again)));
    return { title, edits: single ? [single] : [] };
  }
  const chosen = entries.findIndex(isPlainSchedule);
  const defaultSchedule: Record<string, unknown> = chosen >= 0 ? { ...entries[chosen] } : { ...MANUAL_SCHEDULE };
  for (const key of ['selective_mode', 'resync_mode', 'schemas']) delete defaultSchedule[key];
  const others = entries.filter((_, i) => i !== chosen);
  const edits = moveSchedules(doc, property, defaultSchedule, others, options);
  return edits && { title, edits };
}

function additionalScheduleEdits(
  text: string,
  root: JsonNode,
  scheduleProperty: JsonNode,
  schedules: Record<string, unknown>[],
  options: IndentOptions,
): RawEdit[] | undefined {
  const existing = findProperty(root, 'additional_schedules');
  const existingValue = existing?.children?.[1];
  if (existing && existingValue?.type === 'array') {
    const layout = containerLayout(text, existingValue, options);
    return insertMembers(
      text,
      existingValue,
      schedules.map((s) => renderValue(s, layout)),
      layout,
    );
  }
  if (existing && existingValue) {
    return [replaceNode(existingValue, renderValue(schedules, valueLayout(text, existing, existingValue, options, root)))];
  }
  const layout = containerLayout(text, root, options);
  return insertMembers(text, root, [`"additional_schedules": ${renderValue(schedules, layout)}`], layout, scheduleProperty);
}

export function planDiscoverMigration(doc: ParsedDocument): PlannedFix | undefined {
  const root = doc.root;
  if (root?.type !== 'object') return undefined;
  const property = findProperty(root, 'discover');
  const key = property?.children?.[0];
  if (!property || !key) return undefined;
  if (findProperty(root, 'automatically_add_new_objects')) {
    return { title: 'Remove `discover` (`automatically_add_new_objects` is already set)', edits: removeMember(doc.text, property) };
  }
  const value = property.children?.[1];
  // `discover: true` added newly found objects; anything else did not.
  const replacement = value?.type === 'boolean' && value.value === true ? 'all' : 'none';
  const edits: RawEdit[] = [replaceNode(key, '"automatically_add_new_objects"')];
  if (value) edits.push(replaceNode(value, JSON.stringify(replacement)));
  else return undefined;
  const shown = doc.text.slice(value.offset, value.offset + value.length);
  return { title: `Replace \`discover: ${shown}\` with \`automatically_add_new_objects: "${replacement}"\``, edits };
}

/** Both migrations as one change (each computed on the result of the previous one). */
export function planFullMigration(doc: ParsedDocument, options: IndentOptions): PlannedFix | undefined {
  const schedule = planScheduleMigration(doc, options);
  const afterSchedule = schedule ? applyRawEdits(doc.text, schedule.edits) : doc.text;
  const next = schedule ? parseDocument(doc.uri, doc.version, afterSchedule) : doc;
  const discover = planDiscoverMigration(next);
  if (!schedule || !discover) return undefined;
  const after = applyRawEdits(afterSchedule, discover.edits);
  const single = diffEdit(doc.text, after);
  return { title: 'Migrate to API 2025-09-18', edits: single ? [single] : [] };
}
