// The differences between a file's body and its live sync: one entry per field path, with the
// file's value and the live value, over the shared model (syncModel.ts), so what means the same is
// never reported.
import { type FieldState, type LiveSync, liveFieldStates, modelOfBody, modelOfLive, type SchemaSelection, schemaKey } from './syncModel';

export interface Difference {
  /** e.g. `default_schedule.hour`, `schemas[Contact].fields[Email]`. */
  path: string;
  /** The file's value; undefined when the file does not set it. */
  file: unknown;
  /** The live value; undefined when the live sync does not have it. */
  live: unknown;
}

export function diffBodyWithLive(body: Record<string, unknown>, live: LiveSync): Difference[] {
  const file = modelOfBody(body);
  const remote = modelOfLive(live);
  const out: Difference[] = [];
  for (const [key, value] of file.settings) compareValues(key, value, remote.settings.get(key), out);
  if (file.schemas) {
    const liveSchemas = remote.schemas ?? new Map<string, SchemaSelection>();
    for (const [id, selection] of file.schemas) {
      const other = liveSchemas.get(id);
      if (!other) out.push({ path: schemaKey(id), file: 'selected', live: 'not selected' });
      else compareSchemas(selection, other, live, out);
    }
    for (const id of liveSchemas.keys()) {
      if (!file.schemas.has(id)) out.push({ path: schemaKey(id), file: 'not selected', live: 'selected' });
    }
  }
  return out;
}

function compareSchemas(file: SchemaSelection, live: SchemaSelection, sync: LiveSync, out: Difference[]): void {
  const at = schemaKey(file.id);
  if (file.fields !== 'all' || live.fields !== 'all') {
    const liveStates = liveFieldStates(sync, file.id);
    const fileStates = file.fields === 'all' ? new Map<string, FieldState>([...liveStates.keys()].map((id) => [id, 'selected'])) : file.fields;
    const ids = [...new Set([...fileStates.keys(), ...liveStates.keys()])];
    for (const id of ids) {
      const a = fileStates.get(id) ?? 'not selected';
      const b = liveStates.get(id) ?? 'not selected';
      if (a !== b) out.push({ path: `${at}.fields[${id}]`, file: a, live: b });
    }
  }
  for (const key of ['filters', 'partition_key', 'tracking_field', 'data_cutoff_timestamp', 'disable_data_cutoff'] as const) {
    if (!same(file[key], live[key])) out.push({ path: `${at}.${key}`, file: file[key], live: live[key] });
  }
}

function compareValues(path: string, a: unknown, b: unknown, out: Difference[]): void {
  if (same(a, b)) return;
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) compareValues(`${path}.${key}`, a[key], b[key], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every(isPlainObject) && b.every(isPlainObject)) {
    a.forEach((item, i) => compareValues(`${path}[${i}]`, item, b[i], out));
    return;
  }
  out.push({ path, file: a, live: b });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same(a[k], b[k]));
  }
  return false;
}
