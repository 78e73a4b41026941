// The live side of a comparison, read as cheaply as the link allows. The link is a record of the live
// sync at the file's last create, apply or pull: its `updated_at` then, and the base's live leaves
// (every field path the API read back). The sync and its schema list are always read (2 requests).
// When the sync's `updated_at` is still the link's, and a schema's list item (selection, tracking
// field, partition key, cutoffs, output name) still agrees with the base, that schema's fields and
// filters (the only settings the list lacks) are the base's, provided a schema edit moves the sync's
// `updated_at` (api/inferred.ts): such a schema is not read. Anything else is read: every schema
// when the stamp moved, the link has no base, the inference is off or the caller asks for all.
// Where the API object keeps reads (the language server's SyncReads), a kept read that still holds is
// used before the base: it is newer.
// An apply, an update and a create always read everything: they must see what they would overwrite.
import { INFERRED_SCHEMA_CHANGES_MOVE_SYNC_UPDATED_AT } from '../api/inferred';
import type { BulkSchema, BulkSchemaListItem } from '../api/types';
import { type Leaves, liveLeaves, schemaPath } from '../keep/leaves';
import type { Base } from '../keep/threeWay';
import type { SyncLink } from './link';
import type { LiveSync } from './pull';
import type { CallOptions, SyncApi } from './syncApi';

/** `all`: every selected schema is read; `changed`: only those the link cannot vouch for. */
export type SchemaReads = 'all' | 'changed';

export interface LiveForComparison {
  /** The sync, and the schemas that were read (all selected ones unless `notRead` names some). */
  live: LiveSync;
  /** The live leaves: read ones, and the base's for the schemas not read. */
  leaves: Leaves;
  /** Schemas taken from the link's base instead of read, and the link's `updated_at` they date from. */
  notRead?: { schemas: string[]; since: string };
}

/** The list's settings of a schema, as leaves (`fields`, which the list does not carry, left out). */
function listedLeaves(item: BulkSchemaListItem): Map<string, string> {
  const leaves = liveLeaves({ sync: {} as LiveSync['sync'], schemas: [{ ...item, fields: [], filters: [] }] });
  leaves.delete('schemas');
  leaves.delete(`${schemaPath(item.id)}.fields`);
  return leaves;
}

const SCHEMA_LEAF = /^schemas\[(.*)\](?:\.(\w+))?$/;

/** The base's live leaves of each schema, by schema id (one pass: a sync may have hundreds of schemas). */
function baseLeavesBySchema(base: Base): Map<string, [string, string][]> {
  const out = new Map<string, [string, string][]>();
  for (const [path, value] of base.live) {
    const id = SCHEMA_LEAF.exec(path)?.[1];
    if (id === undefined) continue;
    let leaves = out.get(id);
    if (!leaves) out.set(id, (leaves = []));
    leaves.push([path, value]);
  }
  return out;
}

/** Whether the base's live leaves of this schema are what its list item says now, besides fields and filters. */
function listAgreesWithBase(item: BulkSchemaListItem, then: [string, string][] | undefined): boolean {
  const at = schemaPath(item.id);
  if (!then || !then.some(([path]) => path === at) || !then.some(([path]) => path === `${at}.fields`)) return false;
  const listed = then.filter(([path]) => path !== `${at}.fields` && path !== `${at}.filters`);
  const now = listedLeaves(item);
  if (listed.length !== now.size) return false;
  return listed.every(([path, value]) => now.get(path) === value);
}

/** The same instant, whichever way each side writes it. */
function sameStamp(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  return Number.isNaN(ta) || Number.isNaN(tb) ? a === b : ta === tb;
}

/** Reads the live sync of `link` for a comparison, skipping the schema reads the link makes needless (see above). */
export async function readLiveForComparison(
  api: Pick<SyncApi, 'getBulkSync' | 'listBulkSyncSchemas' | 'getBulkSyncSchema' | 'keptSchema'>,
  link: SyncLink,
  options: CallOptions & { schemaReads?: SchemaReads; /** The inference in force (api/inferred.ts); false reads every schema. */ schemaEditsMoveStamp?: boolean } = {},
): Promise<LiveForComparison> {
  const call = { signal: options.signal };
  // The sync and its list at once: a diff of an unchanged sync then waits for one round trip, not two.
  // Either order is safe: a stamp read before a schema edit vouches for the base as it was then.
  const [sync, list] = await Promise.all([api.getBulkSync(link.sync_id, call), api.listBulkSyncSchemas(link.sync_id, call)]);
  const selected = list.filter((s) => s.enabled !== false);
  const base = link.base;
  const useBase = options.schemaReads === 'changed' && (options.schemaEditsMoveStamp ?? INFERRED_SCHEMA_CHANGES_MOVE_SYNC_UPDATED_AT) && base !== undefined && sameStamp(link.updated_at, typeof sync.updated_at === 'string' ? sync.updated_at : undefined);
  const baseBySchema = useBase ? baseLeavesBySchema(base) : new Map<string, [string, string][]>();
  const vouched = new Set(useBase ? selected.filter((s) => listAgreesWithBase(s, baseBySchema.get(s.id))).map((s) => s.id) : []);
  // A schema the link vouches for but read before (and still holding) is what was read: it may be newer than the base.
  const got = new Map<string, BulkSchema>();
  for (const id of vouched) {
    const kept = api.keptSchema?.(link.sync_id, id);
    if (kept) got.set(id, kept);
  }
  for (const id of got.keys()) vouched.delete(id);
  const toRead = selected.filter((s) => !vouched.has(s.id) && !got.has(s.id));
  (await Promise.all(toRead.map((s) => api.getBulkSyncSchema(link.sync_id, s.id, call)))).forEach((schema, i) => got.set(toRead[i].id, schema));
  // In the list's order, as a full read gives them.
  const schemas = selected.map((s) => got.get(s.id)).filter((s): s is BulkSchema => s !== undefined);
  const live: LiveSync = { sync, schemas };
  const leaves = liveLeaves(live);
  if (vouched.size === 0 || base === undefined) return { live, leaves };
  for (const id of vouched) for (const [path, value] of baseBySchema.get(id) ?? []) leaves.set(path, value);
  return { live, leaves, notRead: { schemas: [...vouched], since: link.updated_at! } };
}
