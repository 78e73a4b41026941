// What an apply sends so that nothing the file does not own is reset. A PUT is a full replacement
// that clears what it omits, and whether it changes schema selections depends on whom you ask; a
// schema update may reset output names set in the app. So the PUT body is the file's settings plus
// the live value of every setting the file leaves to the app (never set, or listed in `ignore`),
// the ids of the additional schedules it keeps, and `schemas` as the selection should end up (which
// keeps it under both readings of a PUT); each schema sent carries its output names.
import type { BulkSchema, BulkSyncResponse } from '../api/types';
import { ignoreMatcher } from './threeWay';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Settings of the live sync that are never sent (the API sets them). */
const READ_ONLY = new Set(['id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'organization_id']);

/** Top-level settings a PUT body may carry (the create body's, but `schemas`). */
const SETTINGS = new Set([
  'name', 'mode', 'active', 'source_connection_id', 'destination_connection_id', 'source_configuration',
  'destination_configuration', 'default_schedule', 'additional_schedules', 'automatically_add_new_fields',
  'automatically_add_new_objects', 'normalize_names', 'concurrency_limit', 'resync_concurrency_limit',
  'data_cutoff_timestamp', 'disable_record_timestamps', 'policies',
]);

const SCHEDULE_STAMPS = ['created_at', 'created_by', 'updated_at', 'updated_by'];

export interface PutInput {
  /** The file's request body (without the link). */
  body: Obj;
  live: { sync: BulkSyncResponse; schemas: BulkSchema[] };
  /** Top-level settings the file set at the base (so one missing now was removed, not left to the app). */
  removed?: ReadonlySet<string>;
  ignore?: readonly string[];
  /** Schemas automatic discovery selected that the file does not list: they stay selected. */
  discovered?: readonly string[];
}

/** The settings the PUT carries from the live sync, by name, for the plan to show. */
export interface PutBody {
  body: Obj;
  carried: string[];
}

/** The PUT body: see the file's header. */
export function putBody(input: PutInput): PutBody {
  const { body, live } = input;
  const ignored = ignoreMatcher(input.ignore);
  const sync = live.sync as unknown as Obj;
  const out: Obj = {};
  const carried: string[] = [];
  for (const [key, value] of Object.entries(body)) if (key !== 'schemas' && key !== 'polysync' && key !== '$schema') out[key] = structuredClone(value);
  for (const key of SETTINGS) {
    if (READ_ONLY.has(key) || key in body || input.removed?.has(key)) continue;
    const value = sync[key];
    if (value === undefined || value === null) continue;
    out[key] = withoutStamps(key, structuredClone(value));
    carried.push(key);
  }
  // Ignored paths get their live values, wherever they are.
  for (const path of ignoredPaths(sync, ignored)) {
    setPath(out, path, structuredClone(getPath(sync, path)));
    if (!carried.includes(path)) carried.push(path);
  }
  if (Array.isArray(out.additional_schedules)) out.additional_schedules = keepScheduleIds(out.additional_schedules, sync.additional_schedules);
  out.schemas = selectionAfter(body, live, input.discovered);
  return { body: out, carried };
}

function withoutStamps(key: string, value: unknown): unknown {
  const strip = (s: unknown) => {
    if (!isObj(s)) return s;
    const copy = { ...s };
    for (const k of SCHEDULE_STAMPS) delete copy[k];
    return copy;
  };
  if (key === 'default_schedule') return strip(value);
  if (key === 'additional_schedules' && Array.isArray(value)) return value.map(strip);
  return value;
}

/**
 * The file's additional schedules with the id of the live schedule each one continues: the one at
 * the same place with the same frequency. A schedule without an id would be a new one, and the
 * one it replaces would lose its id and history.
 */
export function keepScheduleIds(fileSchedules: unknown[], liveSchedules: unknown): unknown[] {
  const live = Array.isArray(liveSchedules) ? liveSchedules : [];
  return fileSchedules.map((schedule, i) => {
    if (!isObj(schedule) || schedule.id !== undefined) return schedule;
    const match = live[i];
    if (isObj(match) && typeof match.id === 'string' && match.frequency === schedule.frequency) return { ...schedule, id: match.id };
    return schedule;
  });
}

/**
 * The schema selection as it should be after the apply, each schema with the output names it has live.
 * A schema the file does not decide is sent as it is live (fields, filters, keys), since an API that
 * reads `schemas` in a PUT as the selection would otherwise reset it to every field.
 */
export function selectionAfter(body: Obj, live: PutInput['live'], discovered: readonly string[] = []): Obj[] {
  const byId = new Map(live.schemas.map((s) => [s.id, s]));
  const asLive = (s: BulkSchema) => withOutputNames(liveSchemaObject(s), s);
  if (!Array.isArray(body.schemas)) {
    // The file leaves the selection alone: send the live one, so a PUT cannot select every schema.
    return live.schemas.filter((s) => s.enabled !== false).map(asLive);
  }
  const out: Obj[] = [];
  for (const entry of body.schemas) {
    const item: Obj = typeof entry === 'string' ? { id: entry } : isObj(entry) ? structuredClone(entry) : {};
    if (typeof item.id !== 'string') continue;
    out.push(withOutputNames(item, byId.get(item.id)));
  }
  const listed = new Set(out.map((i) => i.id));
  for (const id of discovered) {
    const schema = byId.get(id);
    if (schema && schema.enabled !== false && !listed.has(id)) out.push(asLive(schema));
  }
  return out;
}

/**
 * A live schema as a create body writes it: its selected fields (with obfuscation), filters,
 * tracking field, partition key and cutoffs; one with every field and nothing else as its id.
 */
export function liveSchemaEntry(schema: BulkSchema): string | Obj {
  const entry = liveSchemaObject(schema);
  return Object.keys(entry).length === 1 ? schema.id : entry;
}

function liveSchemaObject(schema: BulkSchema): Obj {
  const entry: Obj = { id: schema.id };
  const fields = schema.fields ?? [];
  const plain = fields.every((f) => f.enabled !== false && f.obfuscated !== true);
  if (!plain) {
    entry.fields = fields.filter((f) => f.enabled !== false).map((f) => (f.obfuscated === true ? { id: f.id, obfuscate: true } : f.id));
  }
  if (Array.isArray(schema.filters) && schema.filters.length > 0) {
    entry.filters = schema.filters.map((f) => {
      const out: Obj = {};
      for (const [k, v] of Object.entries(f)) if (v !== null && v !== undefined) out[k] = v;
      return out;
    });
  }
  for (const key of ['tracking_field', 'partition_key', 'data_cutoff_timestamp'] as const) {
    if (typeof schema[key] === 'string' && schema[key] !== '') entry[key] = schema[key];
  }
  if (schema.disable_data_cutoff === true) entry.disable_data_cutoff = true;
  return entry;
}

/** A schema item with the live schema's output names (the schema's, and its fields' where the item lists them). */
export function withOutputNames(item: Obj, live: BulkSchema | undefined): Obj {
  if (!live) return item;
  const out = { ...item };
  if (out.user_output_name === undefined && typeof live.user_output_name === 'string') out.user_output_name = live.user_output_name;
  if (Array.isArray(out.fields)) {
    const names = new Map((live.fields ?? []).filter((f) => typeof f.user_output_name === 'string').map((f) => [f.id, f.user_output_name as string]));
    out.fields = out.fields.map((f) => {
      const id = typeof f === 'string' ? f : isObj(f) ? f.id : undefined;
      const name = typeof id === 'string' ? names.get(id) : undefined;
      if (name === undefined) return f;
      return typeof f === 'string' ? { id: f, user_output_name: name } : isObj(f) && f.user_output_name === undefined ? { ...f, user_output_name: name } : f;
    });
  }
  return out;
}

/** The dotted paths of leaves in `value` that `ignored` matches (whole objects when their path matches). */
function ignoredPaths(value: Obj, ignored: (path: string) => boolean, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, member] of Object.entries(value)) {
    if (READ_ONLY.has(key) && prefix === '') continue;
    if (prefix === '' && !SETTINGS.has(key)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (ignored(path)) out.push(path);
    else if (isObj(member)) out.push(...ignoredPaths(member, ignored, path));
  }
  return out;
}

function getPath(value: Obj, path: string): unknown {
  return path.split('.').reduce<unknown>((at, key) => (isObj(at) ? at[key] : undefined), value);
}

function setPath(target: Obj, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = target;
  for (const key of keys.slice(0, -1)) {
    if (!isObj(at[key])) at[key] = {};
    at = at[key] as Obj;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete at[last];
  else at[last] = value;
}
