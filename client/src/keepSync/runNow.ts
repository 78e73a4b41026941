// "Polysync: Run Now": starts an execution of the linked document's sync (polysync/runBulkSync; the server
// never repeats it once it may have arrived), then reads the state again so the lens follows the run, and
// says which sync started, by name.
import { RunBulkSync, type RunBulkSyncResult } from '../../../protocol/messages';
import type { FlowDocument } from '../ui';
import { accountParam } from './account';
import type { FlowEnv } from './flowEnv';

export async function runNow(env: FlowEnv, doc: FlowDocument): Promise<RunBulkSyncResult | undefined> {
  const { ui, request, states } = env;
  const account = await accountParam(env);
  if (!account) return undefined;
  const result = await request(RunBulkSync, { textDocument: { uri: doc.uri, version: doc.version }, ...account });
  // Read again so the lens follows the run (and the message can name the sync).
  const state = await states.refresh(doc);
  if (result.kind === 'started') {
    // The sync by its name; the execution's id is detail, in the output and behind Copy Execution ID.
    const name = state?.kind === 'linked' ? state.name : states.linked(doc.uri)?.name;
    const { id, status } = result.execution;
    ui.log(`Run Now ${doc.uri}: execution ${id} (${status})`);
    ui.showInfo(`Started a run of ${name ? `"${name}"` : 'the bulk sync'} (${status}).`, [{ title: 'Copy Execution ID', run: () => ui.copyToClipboard(id) }]);
  }
  else if (result.kind === 'already-running') ui.showWarning(result.message);
  else ui.showError(result.message);
  return result;
}
