// Live account data on the VS Code side: hands the server the key from SecretStorage and the
// polysync.* settings (on start and whenever either changes), shows the account status, and sends
// "Polysync: Refresh Account Data" to the server. The key only ever travels to the server process.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ACCOUNT_STATUS,
  type AccountStatusParams,
  REFRESH_ACCOUNT,
  REFRESH_ACCOUNT_COMMAND,
  type RefreshAccountResult,
  SET_CREDENTIALS,
  type SetCredentialsParams,
} from '../../protocol/messages';
import type { PolysyncContext } from './context';
import { API_KEY_SECRET } from './secrets';
import { readApiSettings } from './settings';
import { AccountStatusItem } from './status';

/** The SecretStorage entry the key lives in (see secrets.ts). */
const SETTINGS = ['polysync.apiUrl', 'polysync.apiVersion', 'polysync.keyKind', 'polysync.organizationId'];

/**
 * What the server is told. The URL is the user (machine) setting only: a workspace cannot send the
 * key somewhere else, the same rule Create follows.
 */
export async function accountCredentials(ctx: PolysyncContext): Promise<SetCredentialsParams> {
  const settings = readApiSettings();
  const apiKey = (await ctx.apiKeys.get())?.trim();
  return {
    apiUrl: settings.apiUrl,
    apiKey: apiKey || undefined,
    organizationId: settings.keyKind === 'organization' ? settings.organizationId : undefined,
    apiVersion: settings.apiVersion,
  };
}

/** Call once the language client has started. */
export function registerAccount(ctx: PolysyncContext, client: LanguageClient): AccountStatusItem {
  const status = new AccountStatusItem();
  let sending = Promise.resolve();
  // One after the other, so a quick sign-out right after a sign-in cannot arrive first.
  const sendCredentials = () => {
    sending = sending.then(async () => {
      try {
        await client.sendNotification(SET_CREDENTIALS, await accountCredentials(ctx));
      } catch (error) {
        ctx.output.warn(`Could not pass the account settings to the language server: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  };

  ctx.extension.subscriptions.push(
    status,
    client.onNotification(ACCOUNT_STATUS, (params: AccountStatusParams) => status.update(params)),
    ctx.extension.secrets.onDidChange((event) => {
      if (event.key === API_KEY_SECRET) sendCredentials();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (SETTINGS.some((name) => event.affectsConfiguration(name))) sendCredentials();
    }),
    vscode.commands.registerCommand(REFRESH_ACCOUNT_COMMAND, () => refreshAccount(ctx, client, status)),
  );
  sendCredentials();
  return status;
}

async function refreshAccount(ctx: PolysyncContext, client: LanguageClient, status: AccountStatusItem): Promise<void> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Polysync: refreshing account data' },
    () => client.sendRequest<RefreshAccountResult>(REFRESH_ACCOUNT, null),
  );
  status.update(result);
  ctx.output.info(`Account data refreshed: ${result.message}`);
  if (result.state === 'offline') void vscode.window.showWarningMessage(`Polysync: ${result.message}`);
  else if (result.state === 'signed-out') {
    const choice = await vscode.window.showInformationMessage(`Polysync: ${result.message}`, 'Set API Key');
    if (choice) await vscode.commands.executeCommand('polysync.setApiKey');
  }
}
