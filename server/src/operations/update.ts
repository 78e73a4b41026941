// Update a linked sync: the checks Create runs (account checks included when the account is known), the
// link, then the plan against the live sync and the one decision on it: nothing to do, a change made in
// Polytomic that the update would overwrite (only `force` goes on), or ready to apply. The language
// server's Update and `polysync apply` both ask here; each only words the answer.
import { type AccountSnapshot, type ParsedDocument } from '../service';
import { type ApplyPlan, planApply } from './apply';
import { checkForCreate, type CreateCheck, type CreateConfig } from './create';
import { bodyLeaves, liveLeaves } from '../keep/leaves';
import { pulledBase } from '../keep/threeWay';
import { bareLink, readLink, type SyncLink } from './link';
import { readLiveForComparison, type SchemaReads } from './liveRead';
import type { CallOptions, SyncApi } from './syncApi';
import type { LiveSync } from './pull';
import type { Range } from 'vscode-languageserver-types';

export type UpdateCheck =
  /** No link: there is no sync to update (a front end may offer Create instead). */
  | { ok: false; reason: 'unlinked' }
  /** The link is there but unusable. */
  | { ok: false; reason: 'link'; message: string; range: Range }
  | Extract<CreateCheck, { ok: false }>
  | (Extract<CreateCheck, { ok: true }> & { link: SyncLink });

/** What Update checks before it reads anything: the link, and every check Create runs on the document. */
export function checkForUpdate(doc: ParsedDocument, account?: AccountSnapshot, config?: CreateConfig): UpdateCheck {
  const link = readLink(doc);
  if (link.linked === false) return { ok: false, reason: 'unlinked' };
  const check = checkForCreate(doc, account, config);
  if (!check.ok) return check;
  if (link.linked === 'invalid') return { ok: false, reason: 'link', message: link.message, range: link.range };
  return { ...check, link: link.link };
}

export type UpdateDecision =
  /**
   * The file and the live sync mean the same: nothing to send. `renewedLink`: for a link without a base
   * (written before bases), the link with one, so the next comparison is three-way.
   */
  | { kind: 'up-to-date'; plan: ApplyPlan; live: LiveSync; renewedLink?: SyncLink }
  /**
   * Something the plan would change was changed in Polytomic since the link was written (edited in the
   * file too, or only there: sending the file's value would undo it).
   */
  | { kind: 'conflict'; plan: ApplyPlan; live: LiveSync }
  /** Ready to apply; `overwrites` names changes made in Polytomic that `force` lets it overwrite. */
  | { kind: 'ready'; plan: ApplyPlan; live: LiveSync; overwrites: string[] };

/** The decision on a plan: the one place a change made in Polytomic stops an update. */
export function decideUpdate(plan: ApplyPlan, live: LiveSync, force: boolean): UpdateDecision {
  if (plan.differences.length === 0) {
    if (plan.link.base !== undefined) return { kind: 'up-to-date', plan, live };
    // Nothing differs on what the file sets: the file and the live sync as they are now are the base.
    const renewedLink: SyncLink = { ...bareLink(live.sync, plan.link.ignore), base: pulledBase(bodyLeaves(plan.body), liveLeaves(live)) };
    return { kind: 'up-to-date', plan, live, renewedLink };
  }
  if (plan.conflicts.length > 0 && !force) return { kind: 'conflict', plan, live };
  return { kind: 'ready', plan, live, overwrites: plan.conflicts };
}

/**
 * Reads the live sync, plans the update of it to `body`, and decides. API errors are thrown. Every
 * schema is read unless `schemaReads: 'changed'` (a plan only shown, never applied: see liveRead.ts).
 */
export async function planUpdate(api: Pick<SyncApi, 'getBulkSync' | 'listBulkSyncSchemas' | 'getBulkSyncSchema'>, body: Record<string, unknown>, link: SyncLink, options: CallOptions & { force?: boolean; schemaReads?: SchemaReads } = {}): Promise<UpdateDecision> {
  const read = await readLiveForComparison(api, link, { signal: options.signal, schemaReads: options.schemaReads ?? 'all' });
  return decideUpdate(planApply(body, link, read.live, read), read.live, options.force === true);
}
