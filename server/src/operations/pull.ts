// Pull: a live sync read into a linked file whose body, sent back, is the live sync, with the compact
// link whose base is that body and the live sync (so diff is empty until someone changes either).
import { bodyLeaves, canonicalValue, type LiveRead, liveLeaves } from '../keep/leaves';
import { keptLinkValue } from '../keep/link';
import { liveSchemaEntry } from '../keep/send';
import { pulledBase } from '../keep/threeWay';
import type { SyncLink } from './link';
import { LINK_KEY } from './requestBody';
import type { CallOptions, SyncApi } from './syncApi';

/** A live sync: the sync, and each selected schema read with its fields and filters. */
export type LiveSync = LiveRead;

/** The create-body fields other than `schemas`, in the order a pulled file writes them. */
const SETTING_KEYS = [
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
  'policies',
] as const;

/** What the API uses for a setting left out: a pulled file leaves out a setting with this value. */
const SETTING_DEFAULTS: Readonly<Record<string, unknown>> = {
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

/** Reads a sync and each of its selected schemas (the schema list has no fields or filters). */
export async function readLiveSync(api: Pick<SyncApi, 'getBulkSync' | 'listBulkSyncSchemas' | 'getBulkSyncSchema'>, syncId: string, options: CallOptions = {}): Promise<LiveSync> {
  const sync = await api.getBulkSync(syncId, options);
  const list = await api.listBulkSyncSchemas(syncId, options);
  const selected = list.filter((s) => s.enabled !== false);
  const schemas = await Promise.all(selected.map((s) => api.getBulkSyncSchema(syncId, s.id, options)));
  return { sync, schemas };
}

/** The link a pulled file gets: its base is the body written from the live sync, and the live sync. */
export function linkFor(live: LiveSync, ignore: string[] = []): SyncLink {
  const link: SyncLink = { sync_id: live.sync.id, ignore, base: pulledBase(bodyLeaves(bodyOfLive(live)), liveLeaves(live)) };
  if (typeof live.sync.updated_at === 'string') link.updated_at = live.sync.updated_at;
  return link;
}

const SCHEDULE_STAMPS = new Set(['id', 'created_at', 'created_by', 'updated_at', 'updated_by']);

function schedule(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // The API reads an unset schedule field back as "": a file leaves it out.
    if (SCHEDULE_STAMPS.has(k) || v === null || v === undefined || v === '') continue;
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
    let value: unknown = live.sync[key];
    if (value === null || value === undefined) continue;
    if (key === 'default_schedule') value = schedule(value);
    if (key === 'additional_schedules') value = Array.isArray(value) ? value.map(schedule) : value;
    if (Array.isArray(value) && value.length === 0) continue;
    if (key === 'source_configuration' && typeof value === 'object' && Object.keys(value as object).length === 0) continue;
    if (key in SETTING_DEFAULTS && JSON.stringify(canonicalValue(value)) === JSON.stringify(canonicalValue(SETTING_DEFAULTS[key]))) continue;
    body[key] = value;
  }
  body.schemas = live.schemas.filter((s) => s.enabled !== false).map(liveSchemaEntry);
  return body;
}

/** The text of a pulled file: the body, then the link (with `ignore`, the paths a file pulled over left to the app). */
export function pulledFileText(live: LiveSync, eol = '\n', ignore: string[] = []): string {
  const text = JSON.stringify({ ...bodyOfLive(live), [LINK_KEY]: keptLinkValue(linkFor(live, ignore)) }, null, 2);
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
