// Pull: a live sync read into a linked file whose body, sent back, is the live sync.
import type { BulkSchema } from '../api/types';
import type { SyncLink } from './link';
import { LINK_KEY } from './requestBody';
import type { CallOptions, SyncApi } from './syncApi';
import { canonical, fingerprints, type LiveSync, SETTING_DEFAULTS, SETTING_KEYS } from './syncModel';

/** Reads a sync and each of its selected schemas (the schema list has no fields or filters). */
export async function readLiveSync(api: Pick<SyncApi, 'getBulkSync' | 'listBulkSyncSchemas' | 'getBulkSyncSchema'>, syncId: string, options: CallOptions = {}): Promise<LiveSync> {
  const sync = await api.getBulkSync(syncId, options);
  const list = await api.listBulkSyncSchemas(syncId, options);
  const selected = list.filter((s) => s.enabled !== false);
  const schemas = await Promise.all(selected.map((s) => api.getBulkSyncSchema(syncId, s.id, options)));
  return { sync, schemas };
}

/** The link a file gets for a live sync just read. */
export function linkFor(live: LiveSync): SyncLink {
  const link: SyncLink = { sync_id: live.sync.id };
  if (typeof live.sync.updated_at === 'string') link.updated_at = live.sync.updated_at;
  link.fingerprints = fingerprints(live);
  return link;
}

/**
 * The link for a sync a file just created: read back for the full link, or by id and `updated_at`
 * alone when that read fails (the next update then notices changes by `updated_at`).
 */
export async function linkForCreated(api: Pick<SyncApi, 'getBulkSync' | 'listBulkSyncSchemas' | 'getBulkSyncSchema'>, sync: { id: string; updated_at?: string }, options: CallOptions = {}): Promise<SyncLink> {
  try {
    return linkFor(await readLiveSync(api, sync.id, options));
  } catch {
    return { sync_id: sync.id, ...(typeof sync.updated_at === 'string' ? { updated_at: sync.updated_at } : {}) };
  }
}

const SCHEDULE_STAMPS = new Set(['id', 'created_at', 'created_by', 'updated_at', 'updated_by']);

function schedule(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (SCHEDULE_STAMPS.has(k) || v === null || v === undefined) continue;
    if (k === 'schemas' && Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out;
}

/**
 * The create body of a live sync: every setting that is not the API's default (a full-replacement
 * PUT of this body leaves the sync as it is), and every selected schema with its fields, obfuscation,
 * filters, tracking field, partition key and cutoffs. A schema with every field and nothing else is
 * written as its id.
 */
export function bodyOfLive(live: LiveSync): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    if (key === 'organization_id') continue;
    let value: unknown = live.sync[key];
    if (value === null || value === undefined) continue;
    if (key === 'default_schedule') value = schedule(value);
    if (key === 'additional_schedules') value = Array.isArray(value) ? value.map(schedule) : value;
    if (Array.isArray(value) && value.length === 0) continue;
    if (key === 'source_configuration' && typeof value === 'object' && Object.keys(value as object).length === 0) continue;
    if (key in SETTING_DEFAULTS && JSON.stringify(canonical(value)) === JSON.stringify(canonical(SETTING_DEFAULTS[key]))) continue;
    body[key] = value;
  }
  body.schemas = live.schemas.filter((s) => s.enabled !== false).map(schemaEntry);
  return body;
}

function schemaEntry(schema: BulkSchema): string | Record<string, unknown> {
  const entry: Record<string, unknown> = { id: schema.id };
  const fields = schema.fields ?? [];
  const plain = fields.every((f) => f.enabled !== false && f.obfuscated !== true);
  if (!plain) {
    entry.fields = fields.filter((f) => f.enabled !== false).map((f) => (f.obfuscated === true ? { id: f.id, obfuscate: true } : f.id));
  }
  if (Array.isArray(schema.filters) && schema.filters.length > 0) {
    entry.filters = schema.filters.map((f) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(f)) if (v !== null && v !== undefined) out[k] = v;
      return out;
    });
  }
  for (const key of ['tracking_field', 'partition_key', 'data_cutoff_timestamp'] as const) {
    if (typeof schema[key] === 'string' && schema[key] !== '') entry[key] = schema[key];
  }
  if (schema.disable_data_cutoff === true) entry.disable_data_cutoff = true;
  return Object.keys(entry).length === 1 ? schema.id : entry;
}

/** The text of a pulled file: the body, then the link. */
export function pulledFileText(live: LiveSync, eol = '\n'): string {
  const text = JSON.stringify({ ...bodyOfLive(live), [LINK_KEY]: linkFor(live) }, null, 2);
  return `${eol === '\n' ? text : text.replace(/\n/g, eol)}${eol}`;
}

/** A file name for a sync: its name in lower case with dashes, then `.polysync.json`. */
export function fileNameForSync(name: string, id: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || `bulk-sync-${id.slice(0, 8)}`}.polysync.json`;
}

/** A live sync pulled as a linked file: its text and the file name made from its name. */
export async function pullSync(api: Pick<SyncApi, 'getBulkSync' | 'listBulkSyncSchemas' | 'getBulkSyncSchema'>, syncId: string, options: CallOptions = {}): Promise<{ live: LiveSync; text: string; fileName: string }> {
  const live = await readLiveSync(api, syncId, options);
  return { live, text: pulledFileText(live), fileName: fileNameForSync(live.sync.name, live.sync.id) };
}
