// Update a linked sync: the checks Create runs (account checks included when the account is known), the
// link, then the plan against the live sync and the one decision on it: nothing to do, a change made in
// Polytomic that the update would overwrite (only `force` goes on), or ready to apply. The language
// server's Update and `polysync apply` both ask here; each only words the answer.
import { type AccountSnapshot, type ParsedDocument } from '../service';
import { type ApplyPlan, planApply } from './apply';
import { checkForCreate, type CreateCheck } from './create';
import { readLink, type SyncLink } from './link';
import { readLiveSync } from './pull';
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
export function checkForUpdate(doc: ParsedDocument, account?: AccountSnapshot): UpdateCheck {
  const link = readLink(doc);
  if (link.linked === false) return { ok: false, reason: 'unlinked' };
  const check = checkForCreate(doc, account);
  if (!check.ok) return check;
  if (link.linked === 'invalid') return { ok: false, reason: 'link', message: link.message, range: link.range };
  return { ...check, link: link.link };
}

export type UpdateDecision =
  /** The file and the live sync mean the same: nothing to send. */
  | { kind: 'up-to-date'; plan: ApplyPlan; live: LiveSync }
  /**
   * Something the plan would change was changed in Polytomic since the link was written (edited in the
   * file too, or only there: sending the file's value would undo it).
   */
  | { kind: 'conflict'; plan: ApplyPlan; live: LiveSync }
  /** Ready to apply; `overwrites` names changes made in Polytomic that `force` lets it overwrite. */
  | { kind: 'ready'; plan: ApplyPlan; live: LiveSync; overwrites: string[] };

/** The decision on a plan: the one place a change made in Polytomic stops an update. */
export function decideUpdate(plan: ApplyPlan, live: LiveSync, force: boolean): UpdateDecision {
  if (plan.differences.length === 0) return { kind: 'up-to-date', plan, live };
  if (plan.conflicts.length > 0 && !force) return { kind: 'conflict', plan, live };
  return { kind: 'ready', plan, live, overwrites: plan.conflicts };
}

/** Reads the live sync, plans the update of it to `body`, and decides. API errors are thrown. */
export async function planUpdate(api: Pick<SyncApi, 'getBulkSync' | 'listBulkSyncSchemas' | 'getBulkSyncSchema'>, body: Record<string, unknown>, link: SyncLink, options: CallOptions & { force?: boolean } = {}): Promise<UpdateDecision> {
  const live = await readLiveSync(api, link.sync_id, { signal: options.signal });
  return decideUpdate(planApply(body, link, live), live, options.force === true);
}
