// "Polysync: Run Now": starts an execution of the linked document's sync (polysync/runBulkSync; the server
// never repeats it once it may have arrived), then reads the state again so the lens follows the run.
import { RunBulkSync, type RunBulkSyncResult } from '../../../protocol/messages';
import type { FlowDocument } from '../ui';
import type { FlowEnv } from './flowEnv';

export async function runNow({ ui, request, states }: FlowEnv, doc: FlowDocument): Promise<RunBulkSyncResult> {
  const result = await request(RunBulkSync, { textDocument: { uri: doc.uri, version: doc.version } });
  if (result.kind === 'started') ui.showInfo(`Started execution ${result.execution.id} (${result.execution.status}).`);
  else if (result.kind === 'already-running') ui.showWarning(result.message);
  else ui.showError(result.message);
  void states.refresh(doc);
  return result;
}
