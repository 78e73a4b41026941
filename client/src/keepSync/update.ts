// "Polysync: Update Bulk Sync": asks the server for the plan (a dry run of polysync/updateBulkSync), shows
// it in a question that names what changes and, when the sync changed in Polytomic since the file was
// pulled, what the update would overwrite; only a yes sends it (with `force` when it overwrites). The
// link the server answers is written back to the document if it is still at the version that was sent.
import { UpdateBulkSync, type UpdateBulkSyncResult } from '../../../protocol/messages';
import type { FlowDocument } from '../ui';
import { COMMANDS } from '../commands';
import { describePlan, notTakenText } from './describe';
import { accountParam } from './account';
import type { FlowEnv } from './flowEnv';

export type UpdateOutcome = { kind: 'updated'; linked: boolean } | { kind: 'stopped'; reason: 'up-to-date' | 'declined' | 'refused' | 'no-key' };

export async function updateBulkSync(env: FlowEnv, doc: FlowDocument): Promise<UpdateOutcome> {
  const { ui, request } = env;
  const textDocument = { uri: doc.uri, version: doc.version };
  // The plan and the update go to the same account: the one the workspace's syncs are at.
  const account = await accountParam(env);
  if (!account) return { kind: 'stopped', reason: 'no-key' };
  const planned = await request(UpdateBulkSync, { textDocument, dryRun: true, ...account });
  if (planned.kind === 'up-to-date') {
    // An old link (no base) comes back with one; written only if the document is still the one sent.
    if (planned.linkEdit) await ui.writeLink(doc.uri, textDocument.version, planned.linkEdit);
    ui.showInfo('The bulk sync already matches this file.');
    return { kind: 'stopped', reason: 'up-to-date' };
  }
  if (planned.kind !== 'planned') {
    report(env, planned);
    return { kind: 'stopped', reason: 'refused' };
  }
  const plan = planned.plan;
  const choice = plan.conflicts.length > 0 ? 'Overwrite and Update' : 'Update';
  const paths = plan.differences.map((d) => d.path);
  const named = paths.length > 4 ? `${paths.slice(0, 4).join(', ')} and ${paths.length - 4} more` : paths.join(', ');
  // The conflict goes into the message itself, not only the detail: it is what the answer decides.
  const conflict =
    plan.conflicts.length > 0
      ? ` Changed in Polytomic since the file was pulled: ${plan.conflicts.join(', ')}. Updating overwrites ${plan.conflicts.length === 1 ? 'that change' : 'those changes'}.`
      : '';
  const answer = await ui.ask(`Update bulk sync "${plan.name}" from this file (${named || 'schema selections'})?${conflict}`, `${describePlan(plan)}\n\nBulk sync id: ${plan.syncId}`, [choice]);
  if (answer !== choice) return { kind: 'stopped', reason: 'declined' };
  const result = await ui.withProgress('Updating the bulk sync…', (signal) => request(UpdateBulkSync, { textDocument, force: plan.conflicts.length > 0, ...account }, signal));
  if (result.kind === 'updated') {
    const linked = (await ui.writeLink(doc.uri, textDocument.version, result.linkEdit)) !== 'changed';
    if (!linked) {
      ui.showWarning('The bulk sync was updated, but the file changed meanwhile and its link was not rewritten: run Update again to record it.');
      refreshOpen(env, doc.uri);
    }
    ui.log(`Update ${doc.uri}: bulk sync ${plan.syncId} updated`);
    const copyId = { title: 'Copy ID', run: () => ui.copyToClipboard(plan.syncId) };
    // Read back after the update: what the API did not take is still a difference, named here.
    if (result.notTaken.length > 0) {
      ui.showWarning(`Updated bulk sync "${plan.name}". ${notTakenText(result.notTaken)}`, [{ title: 'Show Changes', run: () => ui.executeCommand(COMMANDS.showChanges, doc.uri) }, copyId]);
    } else ui.showInfo(`Updated bulk sync "${plan.name}".`, [copyId]);
    return { kind: 'updated', linked };
  }
  report(env, result);
  refreshOpen(env, doc.uri);
  return { kind: 'stopped', reason: 'refused' };
}

/** Reads the state of the document as it is open now (the one the user sees may have been edited meanwhile). */
function refreshOpen({ ui, states }: FlowEnv, uri: string): void {
  const now = ui.openDocument(uri);
  if (now) void states.refresh(now);
}

function report({ ui }: FlowEnv, result: UpdateBulkSyncResult): void {
  switch (result.kind) {
    case 'planned':
      ui.showWarning(`Nothing was sent: changed in Polytomic since the file was pulled: ${result.plan.conflicts.join(', ')}.`);
      return;
    case 'partial':
      ui.showError(
        `${result.message} Changed: ${result.done.join(', ') || 'nothing'}. Not changed: ${result.notDone.join(', ') || 'nothing'}.${result.uncertain.length ? ` Unknown: ${result.uncertain.join(', ')}.` : ''}`,
      );
      return;
    case 'blocked':
    case 'failed':
      ui.showError(result.message);
      return;
    default:
      // An answer this step does not expect (`updated` to a dry run, `up-to-date` to a send).
      ui.showError(`The bulk sync could not be changed (${result.kind}).`);
  }
}
