// Live account data on the VS Code side: hands the server the key from SecretStorage and the
// polysync.* settings (each time the server starts, restarts included, and whenever either changes),
// shows the account status, and sends "Polysync: Refresh Account Data" to the server. The key only
// ever travels to the server process.
import * as vscode from 'vscode';
import { type LanguageClient, State } from 'vscode-languageclient/node';
import { AccountStatus, type AccountStatusParams, RefreshAccount, SetCredentials, type SetCredentialsParams } from '../../protocol/messages';
import { COMMANDS } from './commands';
import type { PolysyncContext } from './context';
import { API_KEY_SECRET } from './secrets';
import { credentialsFor } from './create/apiTarget';
import { readApiSettings } from './settings';
import type { AccountStatusItem } from './status';

/** The SecretStorage entry the key lives in (see secrets.ts). */
const SETTINGS = ['polysync.apiUrl', 'polysync.apiVersion', 'polysync.keyKind', 'polysync.organizationId', 'polysync.account.automaticLookups', 'http.proxy'];

/** What the server is told: the settings and the key from secret storage, in the one credentials shape. */
export async function accountCredentials(ctx: PolysyncContext): Promise<SetCredentialsParams> {
  const automaticLookups = vscode.workspace.getConfiguration('polysync').get<boolean>('account.automaticLookups') !== false;
  return { ...credentialsFor(readApiSettings(), await ctx.apiKeys.get()), automaticLookups };
}

/** Call before the language client starts: credentials are sent every time it is running again. */
export function registerAccount(ctx: PolysyncContext, client: LanguageClient): AccountStatusItem {
  const status = ctx.accountStatus;
  let sending = Promise.resolve();
  // One after the other, so a quick sign-out right after a sign-in cannot arrive first.
  const sendCredentials = () => {
    sending = sending.then(async () => {
      try {
        await client.sendNotification(SetCredentials, await accountCredentials(ctx));
      } catch (error) {
        ctx.output.warn(`Could not pass the account settings to the language server: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  };

  ctx.extension.subscriptions.push(
    // Kept by the client across restarts.
    client.onNotification(AccountStatus, (params: AccountStatusParams) => status.update(params)),
    client.onDidChangeState(({ newState }) => {
      if (newState === State.Running) {
        // A new server process knows nothing of the account until it is told again.
        status.setServer('running', client.initializeResult?.serverInfo?.version);
        sendCredentials();
      } else {
        status.setServer(newState === State.Starting ? 'starting' : 'stopped');
      }
    }),
    ctx.extension.secrets.onDidChange((event) => {
      if (event.key === API_KEY_SECRET) sendCredentials();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (SETTINGS.some((name) => event.affectsConfiguration(name))) sendCredentials();
    }),
  );
  return status;
}

/** "Polysync: Refresh Account Data" (registered with the other commands, client/src/commandTable.ts). */
export async function refreshAccount(ctx: PolysyncContext): Promise<void> {
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Polysync: refreshing account data' }, () =>
    ctx.server.request(RefreshAccount, null),
  );
  ctx.accountStatus.update(result);
  ctx.output.info(`Account data refreshed: ${result.message}`);
  if (result.state === 'offline') void vscode.window.showWarningMessage(`Polysync: ${result.message}`);
  else if (result.state === 'signed-out') {
    const choice = await vscode.window.showInformationMessage(`Polysync: ${result.message}`, 'Set API Key');
    if (choice) await vscode.commands.executeCommand(COMMANDS.setApiKey);
  }
}
