// One model of a bulk sync that a file and the live sync are both read into, so that they can be
// compared without noise: defaults the API fills in are written out, null and absent mean the same
// where the API treats them alike, key order does not matter, date-times compare as instants, and
// `obfuscate` (create body) and `obfuscated` (read side) are one flag.
import { createHash } from 'node:crypto';
import type { BulkSchema, BulkSyncResponse } from '../api/types';

/** The create-body fields other than `schemas`, in the order a pulled file writes them. */
export const SETTING_KEYS = [
  'name',
  'mode',
  'active',
  'source_connection_id',
  'destination_connection_id',
  'source_configuration',
  'destination_configuration',
  'default_schedule',
  'additional_schedules',
  'automatically_add_new_fields',
  'automatically_add_new_objects',
  'normalize_names',
  'concurrency_limit',
  'resync_concurrency_limit',
  'data_cutoff_timestamp',
  'disable_record_timestamps',
  'organization_id',
  'policies',
] as const;

/** What the API uses for a setting left out (or null): leaving it out and writing this mean the same. */
export const SETTING_DEFAULTS: Readonly<Record<string, unknown>> = {
  active: true,
  source_configuration: null,
  additional_schedules: [],
  automatically_add_new_fields: 'all',
  automatically_add_new_objects: 'none',
  normalize_names: 'enabled',
  concurrency_limit: null,
  resync_concurrency_limit: null,
  data_cutoff_timestamp: null,
  disable_record_timestamps: false,
};

/**
 * Settings the API fills in from the account when a file leaves them out (the organization, the
 * default permission policies): a file without them is not compared on them.
 */
export const FILLED_BY_API: ReadonlySet<string> = new Set(['organization_id', 'policies']);

/** Keys the API adds to a schedule that a file never writes. */
const SCHEDULE_STAMPS = new Set(['id', 'created_at', 'created_by', 'updated_at', 'updated_by']);

/** A field's state in a schema selection. */
export type FieldState = 'selected' | 'selected, obfuscated' | 'not selected';

export interface SchemaSelection {
  id: string;
  /** 'all': every field, none obfuscated (a file without `fields`); otherwise each field's state. */
  fields: 'all' | Map<string, FieldState>;
  filters: unknown[];
  partition_key: string | null;
  tracking_field: string | null;
  data_cutoff_timestamp: string | null;
  disable_data_cutoff: boolean;
}

export interface SyncModel {
  /** Each compared setting, in canonical form; a setting the file leaves to the API is absent. */
  settings: Map<string, unknown>;
  /** Selected schemas by id; undefined when a file selects every schema of the source (no `schemas`). */
  schemas?: Map<string, SchemaSelection>;
}

/** A live sync: the sync, and each selected schema read with its fields and filters. */
export interface LiveSync {
  sync: BulkSyncResponse;
  schemas: BulkSchema[];
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Nulls dropped from objects, keys sorted, date-times as UTC instants. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== null && v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  if (typeof value === 'string' && DATE_TIME.test(value)) {
    const t = Date.parse(value);
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  return value;
}

function schedule(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return canonical(value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (SCHEDULE_STAMPS.has(k)) continue;
    if (k === 'schemas' && Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return canonical(out);
}

function setting(key: string, raw: unknown): unknown {
  let value: unknown = raw === undefined || raw === null ? (SETTING_DEFAULTS[key] ?? null) : raw;
  if (key === 'default_schedule') value = schedule(value);
  else if (key === 'additional_schedules') value = Array.isArray(value) ? value.map(schedule) : value;
  else value = canonical(value);
  if (key === 'source_configuration' && isEmptyObject(value)) value = null;
  if (key === 'policies' && Array.isArray(value)) value = [...value].sort();
  return value;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

function filtersOf(raw: unknown): unknown[] {
  if (!Array.isArray(raw)) return [];
  return raw.map(canonical).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? (canonical(value) as string) : null;
}

function selectionBase(entry: Record<string, unknown>): Omit<SchemaSelection, 'id' | 'fields'> {
  return {
    filters: filtersOf(entry.filters),
    partition_key: stringOrNull(entry.partition_key),
    tracking_field: stringOrNull(entry.tracking_field),
    data_cutoff_timestamp: stringOrNull(entry.data_cutoff_timestamp),
    disable_data_cutoff: entry.disable_data_cutoff === true,
  };
}

/** The model of a request body as a file writes it. */
export function modelOfBody(body: Record<string, unknown>): SyncModel {
  const settings = new Map<string, unknown>();
  for (const key of SETTING_KEYS) {
    if (FILLED_BY_API.has(key) && (body[key] === undefined || body[key] === null)) continue;
    settings.set(key, setting(key, body[key]));
  }
  if (!Array.isArray(body.schemas)) return { settings };
  const schemas = new Map<string, SchemaSelection>();
  for (const entry of body.schemas) {
    if (typeof entry === 'string') {
      schemas.set(entry, { id: entry, fields: 'all', ...selectionBase({}) });
      continue;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
    const e = entry as Record<string, unknown>;
    if (typeof e.id !== 'string' || e.enabled === false) continue;
    let fields: SchemaSelection['fields'] = 'all';
    if (Array.isArray(e.fields) && e.fields.length > 0) {
      fields = new Map();
      for (const f of e.fields) {
        if (typeof f === 'string') fields.set(f, 'selected');
        else if (typeof f === 'object' && f !== null && typeof (f as { id?: unknown }).id === 'string') {
          const field = f as { id: string; enabled?: unknown; obfuscate?: unknown; obfuscated?: unknown };
          const obfuscated = field.obfuscate === true || field.obfuscated === true;
          fields.set(field.id, field.enabled === false ? 'not selected' : obfuscated ? 'selected, obfuscated' : 'selected');
        }
      }
    }
    schemas.set(e.id, { id: e.id, fields, ...selectionBase(e) });
  }
  return { settings, schemas };
}

/** The model of a live sync. */
export function modelOfLive(live: LiveSync): SyncModel {
  const settings = new Map<string, unknown>();
  for (const key of SETTING_KEYS) settings.set(key, setting(key, live.sync[key]));
  const schemas = new Map<string, SchemaSelection>();
  for (const schema of live.schemas) {
    if (schema.enabled === false) continue;
    const fields = new Map<string, FieldState>();
    for (const f of schema.fields ?? []) fields.set(f.id, f.enabled === false ? 'not selected' : f.obfuscated === true ? 'selected, obfuscated' : 'selected');
    const all = [...fields.values()].every((s) => s === 'selected');
    schemas.set(schema.id, { id: schema.id, fields: all ? 'all' : fields, ...selectionBase(schema) });
  }
  return { settings, schemas };
}

/** The live field states of a schema, with 'all' spelled out from the live schema's field list. */
export function liveFieldStates(live: LiveSync, schemaId: string): Map<string, FieldState> {
  const schema = live.schemas.find((s) => s.id === schemaId);
  const out = new Map<string, FieldState>();
  for (const f of schema?.fields ?? []) out.set(f.id, f.enabled === false ? 'not selected' : f.obfuscated === true ? 'selected, obfuscated' : 'selected');
  return out;
}

function hash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);
}

export function schemaKey(id: string): string {
  return `schemas[${id}]`;
}

function selectionValue(s: SchemaSelection): unknown {
  return { ...s, fields: s.fields === 'all' ? 'all' : [...s.fields].sort(([a], [b]) => a.localeCompare(b)) };
}

/** A short hash of each setting and each selected schema of a live sync, for the link. */
export function fingerprints(live: LiveSync): Record<string, string> {
  const model = modelOfLive(live);
  const out: Record<string, string> = {};
  for (const [key, value] of model.settings) out[key] = hash(value);
  for (const [id, selection] of model.schemas ?? []) out[schemaKey(id)] = hash(selectionValue(selection));
  return out;
}

/** The settings and schemas whose fingerprint changed between two readings (added and removed too). */
export function changedSince(before: Record<string, string>, now: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(now)]);
  return [...keys].filter((k) => before[k] !== now[k]);
}
