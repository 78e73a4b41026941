// The sandbox's bulk syncs after creation: schema selections, full-replacement updates, PATCH of
// listed schemas, executions that move to a final status over a few seconds, and the status view.
// Semantics follow the API reference for reading, updating and running a bulk sync (version 2025-09-18).

import { randomUUID } from 'node:crypto';
import type { BulkSchema, BulkSchemaField, BulkSyncExecution, BulkSyncResponse, SchemaFilter, SourceSchema } from '../../server/src/api/types';

type Json = unknown;
type Obj = Record<string, Json>;

const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface StoredSync {
  sync: BulkSyncResponse;
  /** Every schema of the source, selected or not, in the source's order. */
  schemas: BulkSchema[];
  /** Newest first. */
  executions: BulkSyncExecution[];
}

export interface ExecutionPlan {
  /** How long an execution runs before it ends. */
  durationMs: number;
  /** The status the next executions end in (default completed). */
  outcome: 'completed' | 'failed' | 'canceled';
}

/** One field of a source schema as a sync selects it. */
function field(id: string, enabled: boolean, obfuscated: boolean): BulkSchemaField {
  return { id, enabled, obfuscated, output_name: id, user_output_name: null };
}

function outputName(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]+/g, '_');
}

/** A schema selected with every field, or not selected. */
function plainSchema(source: SourceSchema, enabled: boolean): BulkSchema {
  return {
    id: source.id,
    enabled,
    output_name: outputName(source.id),
    user_output_name: null,
    partition_key: null,
    tracking_field: null,
    data_cutoff_timestamp: null,
    disable_data_cutoff: false,
    fields: (source.fields ?? []).map((f) => field(f.id, true, false)),
    filters: [],
  };
}

/**
 * A schema as a create body or a PATCH item describes it. `fields` absent or empty: every field.
 * Listed fields: enabled unless said otherwise, the rest disabled. Obfuscation is read from either
 * spelling (`obfuscate` on create, `obfuscated` on the read side).
 */
function configuredSchema(source: SourceSchema, entry: Obj): BulkSchema {
  const base = plainSchema(source, entry.enabled !== false);
  const listed = Array.isArray(entry.fields) ? entry.fields : [];
  if (listed.length > 0) {
    const chosen = new Map<string, { enabled: boolean; obfuscated: boolean; name?: string }>();
    for (const f of listed) {
      if (typeof f === 'string') chosen.set(f, { enabled: true, obfuscated: false });
      else if (isObj(f) && typeof f.id === 'string') {
        const name = typeof f.user_output_name === 'string' ? f.user_output_name : undefined;
        chosen.set(f.id, { enabled: f.enabled !== false, obfuscated: f.obfuscate === true || f.obfuscated === true, name });
      }
    }
    const known = new Set((source.fields ?? []).map((f) => f.id));
    const named = (f: BulkSchemaField, name: string | undefined): BulkSchemaField => (name === undefined ? f : { ...f, user_output_name: name });
    base.fields = [
      ...(source.fields ?? []).map((f) => named(field(f.id, chosen.get(f.id)?.enabled ?? false, chosen.get(f.id)?.obfuscated ?? false), chosen.get(f.id)?.name)),
      ...[...chosen].filter(([id]) => !known.has(id)).map(([id, c]) => named(field(id, c.enabled, c.obfuscated), c.name)),
    ];
  }
  base.filters = Array.isArray(entry.filters) ? (entry.filters.filter(isObj) as unknown as SchemaFilter[]).map((f) => ({ ...f })) : [];
  for (const key of ['partition_key', 'tracking_field', 'data_cutoff_timestamp'] as const) {
    base[key] = typeof entry[key] === 'string' ? (entry[key] as string) : null;
  }
  base.disable_data_cutoff = entry.disable_data_cutoff === true;
  if (typeof entry.user_output_name === 'string') base.user_output_name = entry.user_output_name;
  return base;
}

/** The selections a create body makes: none listed means every source schema. */
export function schemasFromCreate(sources: SourceSchema[], bodySchemas: Json): BulkSchema[] {
  if (!Array.isArray(bodySchemas)) return sources.map((s) => plainSchema(s, true));
  const entries = new Map<string, Obj>();
  for (const entry of bodySchemas) {
    if (typeof entry === 'string') entries.set(entry, { id: entry });
    else if (isObj(entry) && typeof entry.id === 'string') entries.set(entry.id, entry);
  }
  return sources.map((s) => {
    const entry = entries.get(s.id);
    return entry ? configuredSchema(s, entry) : plainSchema(s, false);
  });
}

/**
 * PATCH /schemas: only the listed schemas change. Returns a problem message for an unknown schema
 * (nothing is changed then), or the changed schemas.
 */
export function patchSchemas(stored: StoredSync, sources: SourceSchema[], items: Json, keepOutputNames = false): { error: string } | { changed: BulkSchema[] } {
  if (!Array.isArray(items)) return { error: 'schemas: must be an array' };
  const byId = new Map(sources.map((s) => [s.id, s]));
  const updates: BulkSchema[] = [];
  for (const [i, item] of items.entries()) {
    if (!isObj(item) || typeof item.id !== 'string') return { error: `schemas[${i}].id: is required` };
    const source = byId.get(item.id);
    if (!source) return { error: `schemas[${i}].id: unknown schema "${item.id}"` };
    updates.push(configuredSchema(source, item));
  }
  if (keepOutputNames) carryOutputNames(stored.schemas, updates, items as Json[]);
  for (const update of updates) {
    const index = stored.schemas.findIndex((s) => s.id === update.id);
    if (index >= 0) stored.schemas[index] = update;
    else stored.schemas.push(update);
  }
  return { changed: updates };
}

/**
 * Output names set before (in the app) kept on the schemas and fields of `after` that do not set
 * their own; with `items` (the update as sent), only where the item leaves `user_output_name` out.
 */
export function carryOutputNames(before: BulkSchema[], after: BulkSchema[], items?: Json[]): void {
  const sentFor = new Map((items ?? []).filter(isObj).map((i) => [i.id, i]));
  for (const schema of after) {
    const old = before.find((s) => s.id === schema.id);
    if (!old) continue;
    const item = sentFor.get(schema.id);
    if (!item || item.user_output_name === undefined) schema.user_output_name = old.user_output_name ?? null;
    const sentFields = new Map((Array.isArray(item?.fields) ? item.fields : []).filter(isObj).map((f) => [f.id, f]));
    for (const f of schema.fields ?? []) {
      const oldField = old.fields?.find((o) => o.id === f.id);
      if (oldField && sentFields.get(f.id)?.user_output_name === undefined) f.user_output_name = oldField.user_output_name ?? null;
    }
  }
}

/** The list endpoint's view: no fields, no filters. */
export function listItem(schema: BulkSchema): BulkSchema {
  const { fields: _fields, filters: _filters, ...item } = schema;
  return item;
}

const TERMINAL = new Set(['completed', 'failed', 'canceled', 'errors', 'interrupted']);

export function isTerminal(status: string): boolean {
  return TERMINAL.has(status);
}

/** Moves executions whose time is up to their final status. */
export function settleExecutions(stored: StoredSync, now: number): void {
  for (const execution of stored.executions) {
    if (isTerminal(execution.status)) continue;
    const due = execution.__dueAt as number;
    const started = Date.parse(execution.started_at ?? '');
    if (execution.status === 'created' && now >= started) execution.status = 'running';
    if (now >= due) {
      execution.status = execution.__outcome as string;
      execution.completed_at = new Date(due).toISOString();
      const enabled = stored.schemas.filter((s) => s.enabled);
      execution.schemas = enabled.map((s, i) => ({ schema: s.id, status: execution.status, record_count: 100 * (i + 1) }));
      execution.record_count = execution.status === 'completed' ? execution.schemas.reduce((n, s) => n + (s.record_count ?? 0), 0) : 0;
      execution.error_count = execution.status === 'failed' ? 1 : 0;
      execution.status_message = execution.status === 'failed' ? 'the destination rejected the load (sandbox)' : null;
    }
  }
}

export function runningExecution(stored: StoredSync): BulkSyncExecution | undefined {
  return stored.executions.find((e) => !isTerminal(e.status));
}

export function startExecution(stored: StoredSync, plan: ExecutionPlan, now: number, body: Obj): BulkSyncExecution {
  const execution: BulkSyncExecution = {
    id: randomUUID(),
    status: 'running',
    type: 'manual',
    fetch_mode: typeof body.fetch_mode === 'string' ? body.fetch_mode : 'incremental',
    is_resync: typeof body.resync_mode === 'string' && body.resync_mode !== 'normal',
    is_test: body.test === true,
    record_count: 0,
    error_count: 0,
    warning_count: 0,
    schemas: [],
    created_at: new Date(now).toISOString(),
    started_at: new Date(now).toISOString(),
    completed_at: null,
    status_message: null,
  };
  // Kept off the wire by publicExecution().
  Object.defineProperty(execution, '__dueAt', { value: now + plan.durationMs, enumerable: false, writable: true });
  Object.defineProperty(execution, '__outcome', { value: plan.outcome, enumerable: false, writable: true });
  stored.executions.unshift(execution);
  return execution;
}

/** A finished execution in the past, for seeding a run history. */
export function pastExecution(stored: StoredSync, startedAt: number, durationMs: number, outcome: 'completed' | 'failed'): void {
  const execution = startExecution(stored, { durationMs, outcome }, startedAt, {});
  settleExecutions(stored, startedAt + durationMs);
  stored.executions.sort((a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? ''));
  void execution;
}

/** When the default schedule runs next, in UTC; null for manual, continuous or an unknown frequency. */
export function nextRun(schedule: Obj | undefined, now: number): string | null {
  if (!schedule) return null;
  const at = new Date(now);
  const minute = Number(schedule.minute ?? 0);
  const hour = Number(schedule.hour ?? 0);
  const next = new Date(at);
  next.setUTCSeconds(0, 0);
  switch (schedule.frequency) {
    case 'hourly':
      next.setUTCMinutes(minute);
      if (next.getTime() <= now) next.setUTCHours(next.getUTCHours() + 1);
      return next.toISOString();
    case 'daily':
      next.setUTCHours(hour, minute);
      if (next.getTime() <= now) next.setUTCDate(next.getUTCDate() + 1);
      return next.toISOString();
    case 'weekly': {
      const days = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
      const raw = String(schedule.day_of_week ?? 'monday').toLowerCase();
      const day = /^\d$/.test(raw) ? Number(raw) % 7 : Math.max(0, days.indexOf(raw));
      next.setUTCHours(hour, minute);
      const ahead = (day - next.getUTCDay() + 7) % 7;
      next.setUTCDate(next.getUTCDate() + ahead);
      if (next.getTime() <= now) next.setUTCDate(next.getUTCDate() + 7);
      return next.toISOString();
    }
    default:
      return null;
  }
}

/** The fields a PUT replaces: everything of the create body but `schemas`; the rest is kept. */
export function replaceSync(existing: BulkSyncResponse, rebuilt: BulkSyncResponse): BulkSyncResponse {
  return {
    ...rebuilt,
    id: existing.id,
    organization_id: existing.organization_id,
    created_at: existing.created_at,
    created_by: existing.created_by,
    default_schedule: rebuilt.default_schedule ? { ...rebuilt.default_schedule, id: existing.default_schedule?.id ?? rebuilt.default_schedule.id, created_at: existing.default_schedule?.created_at, created_by: existing.default_schedule?.created_by } : undefined,
  } as BulkSyncResponse;
}
