// Apply: bring a linked sync to what its file says. The plan is worked out first (the full body for
// PUT, the schema selections to PATCH, removed schemas sent with enabled: false, and the fields
// changed in Polytomic since the link was written); applying it reports exactly what was changed
// when a step fails.
import { ApiError } from '../api/errors';
import type { BulkSchema } from '../api/types';
import { type Difference, diffBodyWithLive } from './compare';
import type { SyncLink } from './link';
import { linkFor, readLiveSync } from './pull';
import type { CallOptions, SyncApi } from './syncApi';
import { changedSince, fingerprints, type LiveSync, liveFieldStates, modelOfBody, schemaKey } from './syncModel';

export interface Drift {
  /** Settings and schemas changed in Polytomic since the link was written (named when the link has fingerprints). */
  changed: string[];
  /** Of the differences, those on something changed in Polytomic: applying would overwrite them. */
  conflicts: string[];
  /** True when the link has no fingerprints and the sync's updated_at moved: a change that cannot be named. */
  unnamed: boolean;
  updatedBy?: string;
  updatedAt?: string;
}

export interface ApplyPlan {
  syncId: string;
  differences: Difference[];
  /** The full body for PUT, when any setting differs. */
  put?: Record<string, unknown>;
  /** Schemas to PATCH: changed or added ones in full, removed ones with enabled: false. */
  schemaChanges: BulkSchema[];
  drift: Drift;
}

/** The top-level setting or schema a difference path belongs to (`default_schedule.hour` -> `default_schedule`). */
export function ownerOf(path: string): string {
  const schema = /^schemas\[(.*?)\]/.exec(path);
  if (schema) return schemaKey(schema[1]);
  return path.split(/[.[]/, 1)[0];
}

export function planApply(body: Record<string, unknown>, link: SyncLink, live: LiveSync): ApplyPlan {
  const differences = diffBodyWithLive(body, live);
  const owners = new Set(differences.map((d) => ownerOf(d.path)));
  const settingChanged = [...owners].some((o) => !o.startsWith('schemas['));
  let put: Record<string, unknown> | undefined;
  if (settingChanged) {
    const { schemas: _schemas, ...rest } = body;
    put = rest;
  }
  const schemaChanges = schemaPatch(body, live, owners);
  return { syncId: link.sync_id, differences, put, schemaChanges, drift: driftOf(link, live, owners) };
}

/**
 * What changed in Polytomic since the link was written, and which of it the differences (by owner,
 * see ownerOf) would overwrite: the one reading of a link's fingerprints.
 */
export function driftOf(link: SyncLink, live: LiveSync, owners: ReadonlySet<string>): Drift {
  const updatedBy = live.sync.updated_by?.name ?? live.sync.updated_by?.id;
  const updatedAt = live.sync.updated_at;
  if (link.fingerprints) {
    const changed = changedSince(link.fingerprints, fingerprints(live));
    return { changed, conflicts: changed.filter((c) => owners.has(c)), unnamed: false, updatedBy, updatedAt };
  }
  const moved = link.updated_at !== undefined && updatedAt !== undefined && Date.parse(link.updated_at) !== Date.parse(updatedAt);
  // Without fingerprints every difference may be a change made in Polytomic.
  return { changed: [], conflicts: moved ? [...owners] : [], unnamed: moved, updatedBy, updatedAt };
}

function schemaPatch(body: Record<string, unknown>, live: LiveSync, owners: ReadonlySet<string>): BulkSchema[] {
  const model = modelOfBody(body);
  if (!model.schemas) return [];
  const out: BulkSchema[] = [];
  for (const [id, selection] of model.schemas) {
    if (!owners.has(schemaKey(id))) continue;
    const item: BulkSchema = {
      id,
      enabled: true,
      filters: selection.filters as BulkSchema['filters'],
      partition_key: selection.partition_key,
      tracking_field: selection.tracking_field,
      data_cutoff_timestamp: selection.data_cutoff_timestamp,
      disable_data_cutoff: selection.disable_data_cutoff,
    };
    if (selection.fields !== 'all') {
      // Every field the sync knows is listed, so fields left out of the file are turned off.
      const ids = new Set([...liveFieldStates(live, id).keys(), ...selection.fields.keys()]);
      item.fields = [...ids].map((fieldId) => {
        const state = (selection.fields as Map<string, string>).get(fieldId) ?? 'not selected';
        return { id: fieldId, enabled: state !== 'not selected', obfuscated: state === 'selected, obfuscated' };
      });
    }
    out.push(item);
  }
  for (const schema of live.schemas) {
    if (schema.enabled !== false && !model.schemas.has(schema.id)) out.push({ id: schema.id, enabled: false });
  }
  return out;
}

export type ApplyOutcome =
  | { kind: 'applied'; live: LiveSync; link: SyncLink; steps: string[] }
  /** A step failed: `done` was changed in Polytomic, `notDone` was not; `uncertain` may have been. */
  | { kind: 'failed'; error: ApiError; done: string[]; notDone: string[]; uncertain: string[] };

const PUT_STEP = 'settings (PUT)';
const PATCH_STEP = 'schema selections (PATCH)';
const READ_STEP = 'reading the sync back for the link';

/** Sends the plan: PUT first, then the schema PATCH, then reads the sync back for a current link. */
export async function applyPlan(api: Pick<SyncApi, 'updateBulkSync' | 'updateBulkSyncSchemas' | 'getBulkSync' | 'listBulkSyncSchemas' | 'getBulkSyncSchema'>, plan: ApplyPlan, options: CallOptions = {}): Promise<ApplyOutcome> {
  const pending = [plan.put ? PUT_STEP : undefined, plan.schemaChanges.length > 0 ? PATCH_STEP : undefined].filter((s): s is string => s !== undefined);
  const done: string[] = [];
  for (const step of pending) {
    try {
      if (step === PUT_STEP) await api.updateBulkSync(plan.syncId, plan.put!, options);
      else await api.updateBulkSyncSchemas(plan.syncId, plan.schemaChanges, options);
      done.push(step);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const rest = pending.slice(done.length + 1);
      const uncertain = error.kind === 'timeout' || (error.kind === 'network' && error.sent !== 'no') ? [step] : [];
      return { kind: 'failed', error, done, notDone: uncertain.length ? rest : [step, ...rest], uncertain };
    }
  }
  try {
    const live = await readLiveSync(api, plan.syncId, options);
    return { kind: 'applied', live, link: linkFor(live), steps: done };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { kind: 'failed', error, done, notDone: [READ_STEP], uncertain: [] };
  }
}
