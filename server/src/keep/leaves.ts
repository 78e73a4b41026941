// A bulk sync as a flat map of field paths to values ("leaves"), the unit of the three-way
// comparison (threeWay.ts). The same flattening reads a file's body and a live sync, so a path means
// the same on both sides: `default_schedule.hour`, `destination_configuration.advanced.table_prefix`,
// `additional_schedules[0].minute`, `schemas[Contact]`, `schemas[Contact].fields`, `schemas[Contact].filters`.
// Only what is written counts: the flattening does not guess the API's defaults (the comparison needs
// no such guess: it compares each side with itself at the last apply or pull).
import type { BulkSchema, BulkSyncResponse } from '../api/types';

/** Path -> the value as canonical JSON text (keys sorted, date-times as UTC instants). */
export type Leaves = Map<string, string>;

/** The live sync as read: the sync, and each selected schema with its fields and filters. */
export interface LiveRead {
  sync: BulkSyncResponse;
  schemas: BulkSchema[];
}

/** Top-level keys that are never compared: the link, the editor's, and what the API stamps. */
const NOT_SETTINGS = new Set(['polysync', '$schema', 'schemas', 'id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'organization_id']);

/** Stamps the API puts on a schedule that no file writes and that change with every edit. */
const SCHEDULE_STAMPS = new Set(['created_at', 'created_by', 'updated_at', 'updated_by']);

/** Marks that a side lists its schemas: the file then owns the selection of every schema. */
export const SCHEMAS_LISTED = 'schemas';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keys sorted, nulls dropped from objects, date-times as UTC instants. */
export function canonicalValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (isObj(value)) {
    const out: Obj = {};
    for (const key of Object.keys(value).sort()) {
      const v = value[key];
      if (v !== null && v !== undefined) out[key] = canonicalValue(v);
    }
    return out;
  }
  if (typeof value === 'string' && DATE_TIME.test(value)) {
    const t = Date.parse(value);
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  return value;
}

export function leafText(value: unknown): string {
  return JSON.stringify(canonicalValue(value));
}

/** Objects become one leaf per member, recursively; arrays of objects one per index; the rest one leaf. */
function flatten(path: string, value: unknown, out: Leaves, skip?: (key: string) => boolean): void {
  if (value === null || value === undefined) return;
  if (isObj(value)) {
    for (const [key, member] of Object.entries(value)) {
      if (skip?.(key)) continue;
      flatten(`${path}.${key}`, member, out, skip);
    }
    return;
  }
  if (Array.isArray(value) && value.length > 0 && value.every(isObj)) {
    value.forEach((item, i) => flatten(`${path}[${i}]`, item, out, skip));
    return;
  }
  if (Array.isArray(value) && value.length === 0) return;
  // A list of ids (policies) is a set.
  const leaf = Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...value].sort() : value;
  out.set(path, leafText(leaf));
}

function settings(source: Obj, out: Leaves): void {
  for (const [key, value] of Object.entries(source)) {
    if (NOT_SETTINGS.has(key)) continue;
    const schedule = key === 'default_schedule' || key === 'additional_schedules';
    flatten(key, value, out, schedule ? (k) => SCHEDULE_STAMPS.has(k) : undefined);
  }
}

export function schemaPath(id: string): string {
  return `schemas[${id}]`;
}

type FieldState = 'selected' | 'obfuscated';

/** The selected fields of a schema as one leaf: "all", or the sorted [id, state] pairs of the selected ones. */
function fieldsLeaf(fields: Map<string, FieldState> | 'all'): string {
  if (fields === 'all') return leafText('all');
  return leafText([...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function schemaLeaves(id: string, fields: Map<string, FieldState> | 'all', entry: Obj, out: Leaves): void {
  const at = schemaPath(id);
  out.set(at, leafText('selected'));
  out.set(`${at}.fields`, fieldsLeaf(fields));
  const filters = Array.isArray(entry.filters) ? entry.filters.map(canonicalValue).map((f) => JSON.stringify(f)).sort() : [];
  if (filters.length > 0) out.set(`${at}.filters`, leafText(filters.map((f) => JSON.parse(f) as unknown)));
  for (const key of ['partition_key', 'tracking_field', 'data_cutoff_timestamp', 'user_output_name'] as const) {
    if (typeof entry[key] === 'string' && entry[key] !== '') out.set(`${at}.${key}`, leafText(entry[key]));
  }
  if (entry.disable_data_cutoff === true) out.set(`${at}.disable_data_cutoff`, leafText(true));
}

/** The leaves of a file's request body: only what the file sets. */
export function bodyLeaves(body: Obj): Leaves {
  const out: Leaves = new Map();
  settings(body, out);
  if (!Array.isArray(body.schemas)) return out;
  out.set(SCHEMAS_LISTED, leafText('listed'));
  for (const entry of body.schemas) {
    if (typeof entry === 'string') {
      schemaLeaves(entry, 'all', {}, out);
      continue;
    }
    if (!isObj(entry) || typeof entry.id !== 'string' || entry.enabled === false) continue;
    let fields: Map<string, FieldState> | 'all' = 'all';
    if (Array.isArray(entry.fields) && entry.fields.length > 0) {
      fields = new Map();
      for (const f of entry.fields) {
        if (typeof f === 'string') fields.set(f, 'selected');
        else if (isObj(f) && typeof f.id === 'string' && f.enabled !== false) fields.set(f.id, f.obfuscate === true || f.obfuscated === true ? 'obfuscated' : 'selected');
      }
    }
    schemaLeaves(entry.id, fields, entry, out);
  }
  return out;
}

/** The leaves of a live sync: everything the API reads back. */
export function liveLeaves(live: LiveRead): Leaves {
  const out: Leaves = new Map();
  settings(live.sync as unknown as Obj, out);
  out.set(SCHEMAS_LISTED, leafText('listed'));
  for (const schema of live.schemas) {
    if (schema.enabled === false) continue;
    const all = (schema.fields ?? []).every((f) => f.enabled !== false && f.obfuscated !== true);
    const fields: Map<string, FieldState> | 'all' = all
      ? 'all'
      : new Map((schema.fields ?? []).filter((f) => f.enabled !== false).map((f) => [f.id, f.obfuscated === true ? 'obfuscated' : 'selected'] as const));
    schemaLeaves(schema.id, fields, schema as unknown as Obj, out);
  }
  return out;
}

/** The value of a leaf, for showing. */
export function leafValue(text: string | undefined): unknown {
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}
