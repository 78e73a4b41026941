// Diff, create and apply over the three-way comparison, composed from the pure parts of keep/ and an
// API client: what the use cases in operations/ run once they are wired to it. Reads the live sync,
// compares, sends a PUT that resets nothing the file does not own and a PATCH of the schemas that
// differ (with their output names), reads back, and names what the API did not take.
import type { BulkSchema, BulkSchemaListItem, BulkSyncResponse } from '../api/types';
import { bodyLeaves, type LiveRead, liveLeaves } from './leaves';
import type { KeptLink } from './link';
import { putBody, withOutputNames } from './send';
import { type Base, compareThreeWay, type Difference, verifyApplied } from './threeWay';

export interface KeepApi {
  getBulkSync(id: string): Promise<BulkSyncResponse>;
  listBulkSyncSchemas(id: string): Promise<BulkSchemaListItem[]>;
  getBulkSyncSchema(id: string, schemaId: string): Promise<BulkSchema>;
  updateBulkSync(id: string, body: Record<string, unknown>): Promise<BulkSyncResponse>;
  updateBulkSyncSchemas(id: string, schemas: BulkSchema[]): Promise<BulkSchema[]>;
  createBulkSync(body: Record<string, unknown>): Promise<BulkSyncResponse>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The sync and each selected schema with its fields and filters (the list has neither). */
export async function readLive(api: Pick<KeepApi, 'getBulkSync' | 'listBulkSyncSchemas' | 'getBulkSyncSchema'>, syncId: string): Promise<LiveRead> {
  const sync = await api.getBulkSync(syncId);
  const list = await api.listBulkSyncSchemas(syncId);
  const schemas = await Promise.all(list.filter((s) => s.enabled !== false).map((s) => api.getBulkSyncSchema(syncId, s.id)));
  return { sync, schemas };
}

export interface KeptComparison {
  differences: Difference[];
  /** Who and when last changed the sync, for "changed in Polytomic". */
  changedBy?: string;
  changedAt?: string;
}

export function compareKept(body: Obj, live: LiveRead, link: KeptLink): KeptComparison {
  const differences = compareThreeWay({
    file: bodyLeaves(body),
    live: liveLeaves(live),
    base: link.base,
    ignore: link.ignore,
    discovery: { objects: live.sync.automatically_add_new_objects, fields: live.sync.automatically_add_new_fields },
  });
  return { differences, changedBy: live.sync.updated_by?.name ?? live.sync.updated_by?.id, changedAt: live.sync.updated_at };
}

/** Top-level settings the file set at the base and no longer sets: removed on purpose, so not carried. */
function removedSettings(body: Obj, base: Base | undefined): Set<string> {
  const out = new Set<string>();
  for (const path of base?.file.keys() ?? []) {
    const key = path.split(/[.[]/, 1)[0];
    if (key !== 'schemas' && !(key in body)) out.add(key);
  }
  return out;
}

/** The PATCH items for the schemas whose paths differ: the file's entry in full, or enabled: false. */
export function schemaChanges(body: Obj, live: LiveRead, differences: Difference[]): BulkSchema[] {
  const ids = new Set(differences.filter((d) => !d.discovered).map((d) => /^schemas\[(.*?)\]/.exec(d.path)?.[1]).filter((id): id is string => id !== undefined));
  const entries = new Map<string, Obj>();
  for (const entry of Array.isArray(body.schemas) ? body.schemas : []) {
    if (typeof entry === 'string') entries.set(entry, { id: entry });
    else if (isObj(entry) && typeof entry.id === 'string' && entry.enabled !== false) entries.set(entry.id, entry);
  }
  const out: BulkSchema[] = [];
  for (const id of ids) {
    const entry = entries.get(id);
    const liveSchema = live.schemas.find((s) => s.id === id);
    if (!entry) {
      out.push({ id, enabled: false });
      continue;
    }
    const item: Obj = { id, enabled: true, filters: entry.filters ?? [], partition_key: entry.partition_key ?? null, tracking_field: entry.tracking_field ?? null, data_cutoff_timestamp: entry.data_cutoff_timestamp ?? null, disable_data_cutoff: entry.disable_data_cutoff === true };
    if (Array.isArray(entry.fields) && entry.fields.length > 0) {
      // Every field the sync knows is listed, so fields left out of the file are turned off.
      const chosen = new Map<string, { enabled: boolean; obfuscated: boolean }>();
      for (const f of entry.fields) {
        if (typeof f === 'string') chosen.set(f, { enabled: true, obfuscated: false });
        else if (isObj(f) && typeof f.id === 'string') chosen.set(f.id, { enabled: f.enabled !== false, obfuscated: f.obfuscate === true || f.obfuscated === true });
      }
      const fieldIds = new Set([...(liveSchema?.fields ?? []).map((f) => f.id), ...chosen.keys()]);
      item.fields = [...fieldIds].map((fid) => ({ id: fid, enabled: chosen.get(fid)?.enabled ?? false, obfuscated: chosen.get(fid)?.obfuscated ?? false }));
    }
    out.push(withOutputNames(item, liveSchema) as unknown as BulkSchema);
  }
  return out;
}

export interface KeptApply {
  /** The differences the apply acted on (empty: nothing was sent). */
  differences: Difference[];
  /** What was sent: 'PUT', 'PATCH'. */
  steps: string[];
  /** Fields the API did not take, read back after the apply. */
  notTaken: string[];
  /** The link to write: the base is the file sent and the sync read back. */
  link: KeptLink;
}

/** Applies a linked file: see the file's header. API errors are thrown as they come. */
export async function applyKept(api: KeepApi, body: Obj, link: KeptLink): Promise<KeptApply> {
  const before = await readLive(api, link.sync_id);
  const { differences } = compareKept(body, before, link);
  const acted = differences.filter((d) => !d.discovered);
  const steps: string[] = [];
  if (acted.some((d) => !d.path.startsWith('schemas['))) {
    await api.updateBulkSync(link.sync_id, putBody({ body, live: before, removed: removedSettings(body, link.base), ignore: link.ignore }).body);
    steps.push('PUT');
  }
  const patch = schemaChanges(body, before, acted);
  if (patch.length > 0) {
    await api.updateBulkSyncSchemas(link.sync_id, patch);
    steps.push('PATCH');
  }
  const after = steps.length > 0 ? await readLive(api, link.sync_id) : before;
  const verified = verifyApplied({ sent: bodyLeaves(body), before: liveLeaves(before), after: liveLeaves(after), base: link.base, ignore: link.ignore });
  return {
    differences: acted,
    steps,
    notTaken: steps.length > 0 ? verified.notTaken : [],
    link: { sync_id: link.sync_id, updated_at: after.sync.updated_at, ignore: link.ignore, base: verified.base },
  };
}

/** Creates a sync from a file and the link for it; `notTaken` names what the read-back lacks. */
export async function createKept(api: KeepApi, body: Obj, ignore: string[] = []): Promise<{ sync: BulkSyncResponse; notTaken: string[]; link: KeptLink }> {
  const sync = await api.createBulkSync(body);
  const after = await readLive(api, sync.id);
  const verified = verifyApplied({ sent: bodyLeaves(body), after: liveLeaves(after), ignore });
  return { sync, notTaken: verified.notTaken, link: { sync_id: sync.id, updated_at: after.sync.updated_at, ignore, base: verified.base } };
}
