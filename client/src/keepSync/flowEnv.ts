// What every keeping-a-sync flow is handed: the editor (Ui), the one request helper, the documents' states.
import type { BulkSyncStateResult } from '../../../protocol/messages';
import type { SendRequest } from '../request';
import type { FlowDocument, Ui } from '../ui';
import type { LinkedState, SyncStates } from './states';

export interface FlowEnv {
  ui: Ui;
  request: SendRequest;
  states: SyncStates;
}

/** The document's linked state, fresh from the server; shows why when there is none. */
export async function linkedState({ ui, states }: FlowEnv, doc: FlowDocument): Promise<LinkedState | undefined> {
  const result: BulkSyncStateResult | undefined = await states.refresh(doc);
  if (!result) {
    ui.showError('The Polysync language server did not answer; see the Polysync output.');
    return undefined;
  }
  if (result.kind === 'linked') return result;
  if (result.kind === 'unlinked') ui.showWarning('This file is not linked to a bulk sync: create it, or import a sync, first.');
  else ui.showError(result.message);
  return undefined;
}
