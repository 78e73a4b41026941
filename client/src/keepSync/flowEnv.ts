// What every keeping-a-sync flow is handed: the editor (Ui), the one request helper, the documents' states,
// and the account the workspace's syncs are at (./account.ts).
import type { BulkSyncStateResult } from '../../../protocol/messages';
import { accountParam, type SyncAccount } from './account';
import type { SendRequest } from '../request';
import type { FlowDocument, Ui } from '../ui';
import type { LinkedState, SyncStates } from './states';

export interface FlowEnv {
  ui: Ui;
  request: SendRequest;
  states: SyncStates;
  /** The same decision the states use; a command asks it before sending, to stop with the right action. */
  account: SyncAccount;
}

/** The document's linked state, fresh from the server; shows why when there is none. */
export async function linkedState(env: FlowEnv, doc: FlowDocument): Promise<LinkedState | undefined> {
  const { ui, states } = env;
  // Without a key for the workspace's URL, say so with Set API Key for it (the state would only say "no key").
  if (!(await accountParam(env))) return undefined;
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
