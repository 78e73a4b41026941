// Apply: bring a linked sync to what its file says, over the three-way comparison (compareLive.ts).
// The plan is worked out first: the differences the apply acts on (discovered ones are information and
// never sent back as removals), the PUT body that carries everything the file does not own
// (keep/send.ts), the PATCH of the schemas that differ (keep/schemaPatch.ts), and the changes made in
// Polytomic it would overwrite. Applying it sends the steps, reads the sync back, names the fields the
// API did not take (keep/threeWay.ts verifyApplied), and answers the link to write with its new base.
// A failed step reports exactly what was changed and what was not.
import { ApiError } from '../api/errors';
import type { BulkSchema } from '../api/types';
import { bodyLeaves, type Leaves, liveLeaves } from '../keep/leaves';
import { schemaChanges } from '../keep/schemaPatch';
import { putBody } from '../keep/send';
import { type Base, verifyApplied } from '../keep/threeWay';
import { compareBody, type Difference } from './compareLive';
import type { SyncLink } from './link';
import { type LiveSync, readLiveSync } from './pull';
import type { CallOptions, SyncApi } from './syncApi';

export interface ApplyPlan {
  syncId: string;
  /** The file's request body the plan was made from. */
  body: Record<string, unknown>;
  link: SyncLink;
  /** The live sync the plan was made against. */
  live: LiveSync;
  /** The differences the apply acts on (discovered ones left out). */
  differences: Difference[];
  /** Schemas and fields automatic discovery added: shown, never sent back as removals. */
  discovered: Difference[];
  /** The PUT body, when a setting differs: the file's settings plus what it does not own, live. */
  put?: Record<string, unknown>;
  /** Settings and ignored paths the PUT carries from the live sync. */
  carried: string[];
  /** Schemas to PATCH: changed or added ones in full, removed ones with enabled: false. */
  schemaChanges: BulkSchema[];
  /** Paths of differences changed in Polytomic since the link: applying overwrites them (only with force). */
  conflicts: string[];
  /** The link has no base and the sync changed since it: every difference may be a change made in Polytomic. */
  changedUnnamed: boolean;
  changedBy?: string;
  changedAt?: string;
  /** Schemas not read (taken from the link's base): such a plan is for showing (`polysync plan`), never applied. */
  notRead?: { schemas: string[]; since: string };
}

/** Top-level settings the file set at the base and no longer sets: removed on purpose, so not carried. */
function removedSettings(body: Record<string, unknown>, base: Base | undefined): Set<string> {
  const out = new Set<string>();
  for (const path of base?.file.keys() ?? []) {
    const key = path.split(/[.[]/, 1)[0];
    if (key !== 'schemas' && !(key in body)) out.add(key);
  }
  return out;
}

export function planApply(body: Record<string, unknown>, link: SyncLink, live: LiveSync, read?: { leaves: Leaves; notRead?: { schemas: string[]; since: string } }): ApplyPlan {
  const comparison = compareBody(body, live, link, read?.leaves);
  const differences = comparison.differences.filter((d) => !d.discovered);
  const discovered = comparison.differences.filter((d) => d.discovered);
  let put: Record<string, unknown> | undefined;
  let carried: string[] = [];
  if (differences.some((d) => !d.path.startsWith('schemas['))) {
    const discoveredSchemas = discovered.map((d) => /^schemas\[(.*)\]$/.exec(d.path)?.[1]).filter((id): id is string => id !== undefined);
    const sent = putBody({ body, live, removed: removedSettings(body, link.base), ignore: link.ignore, discovered: discoveredSchemas });
    put = sent.body;
    carried = sent.carried;
  }
  const conflicts = comparison.changedUnnamed ? differences.map((d) => d.path) : differences.filter((d) => d.changedInPolytomic).map((d) => d.path);
  return {
    syncId: link.sync_id,
    body,
    link,
    live,
    differences,
    discovered,
    put,
    carried,
    schemaChanges: schemaChanges(body, live, differences, discovered),
    conflicts,
    changedUnnamed: comparison.changedUnnamed,
    changedBy: comparison.changedBy,
    changedAt: comparison.changedAt,
    ...(read?.notRead ? { notRead: read.notRead } : {}),
  };
}

export type ApplyOutcome =
  /** Sent and read back; `notTaken` names the fields the API did not take (empty: diff is now empty). */
  | { kind: 'applied'; live: LiveSync; link: SyncLink; steps: string[]; notTaken: string[] }
  /** A step failed: `done` was changed in Polytomic, `notDone` was not; `uncertain` may have been. */
  | { kind: 'failed'; error: ApiError; done: string[]; notDone: string[]; uncertain: string[] };

const PUT_STEP = 'settings (PUT)';
const PATCH_STEP = 'schema selections (PATCH)';
const READ_STEP = 'reading the sync back for the link';

type ApplyApi = Pick<SyncApi, 'updateBulkSync' | 'updateBulkSyncSchemas' | 'getBulkSync' | 'listBulkSyncSchemas' | 'getBulkSyncSchema'>;

/** Sends the plan: PUT first, then the schema PATCH, then reads the sync back, verifies and links. */
export async function applyPlan(api: ApplyApi, plan: ApplyPlan, options: CallOptions = {}): Promise<ApplyOutcome> {
  // An apply must see what it would overwrite: a plan made without reading every schema is a bug here.
  if (plan.notRead) throw new Error('applyPlan: the plan was made without reading every schema');
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
  let live: LiveSync;
  try {
    live = await readLiveSync(api, plan.syncId, options);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { kind: 'failed', error, done, notDone: [READ_STEP], uncertain: [] };
  }
  const { link } = plan;
  const verified = verifyApplied({
    sent: bodyLeaves(plan.body),
    before: liveLeaves(plan.live),
    after: liveLeaves(live),
    base: link.base,
    ignore: link.ignore,
    discovery: { objects: plan.live.sync.automatically_add_new_objects, fields: plan.live.sync.automatically_add_new_fields },
  });
  const next: SyncLink = { sync_id: plan.syncId, ignore: link.ignore, base: verified.base };
  if (typeof live.sync.updated_at === 'string') next.updated_at = live.sync.updated_at;
  return { kind: 'applied', live, link: next, steps: done, notTaken: done.length > 0 ? verified.notTaken : [] };
}
