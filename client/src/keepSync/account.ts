// The account the requests on this workspace's syncs go with: Create's decision (create/workspaceAccount.ts)
// read without asking. Where the user agreed to the URL the workspace names, its syncs are there, so the
// state, Show Changes, Update, Run Now and Import go there too, with the key stored for that URL; anywhere
// else the language server's own account is used, as before.
import type { SyncAccountParam } from '../../../protocol/messages';
import type { ApiSettings } from '../create/apiTarget';
import { type AccountDecision, type AccountSources, accountForWorkspace, notSentActions, notSentMessage } from '../create/workspaceAccount';
import type { Ui } from '../ui';

/** Decides the account for one request, as things stand now (settings, answers and keys may change). */
export type SyncAccount = () => Promise<AccountDecision>;

export interface SyncAccountSources extends AccountSources {
  settings(): ApiSettings | Promise<ApiSettings>;
  isTrusted(): boolean;
}

export function syncAccount(sources: SyncAccountSources): SyncAccount {
  return async () => accountForWorkspace(await sources.settings(), sources, undefined, sources.isTrusted());
}

/**
 * What a command adds to its request's params (`{account}`, or nothing for the server's account); undefined
 * once the user was told why nothing may be sent (no key for the workspace URL: Set API Key for THAT URL).
 */
export async function accountParam({ ui, account }: { ui: Ui; account: SyncAccount }): Promise<SyncAccountParam | undefined> {
  const decision = await account();
  if (decision.ok) return decision.account ? { account: decision.account } : {};
  switch (decision.reason) {
    case 'no-key':
    case 'untrusted':
      ui.showError(notSentMessage(decision), notSentActions(decision, ui));
      return undefined;
    case 'settings':
      ui.showError(decision.message);
      return undefined;
    case 'declined':
      return undefined;
  }
}
