// Live account data on the VS Code side: hands the server the key from SecretStorage (the one set for
// the API URL in use) and the polysync.* settings (each time the server starts, restarts included, and
// whenever either changes), shows the account status, and sends "Polysync: Refresh Account Data" to the
// server. The key only ever travels to the server process and to the integrated terminals' environment
// (terminal.ts), for that URL. Where the workspace's syncs are at the URL it names (the user agreed), the
// server is also told that account, whose data its account checks and completions then read
// (polysync/setWorkspaceAccount; keepSync/accountWatch.ts), with the key stored for THAT URL.
import * as vscode from 'vscode';
import { type BaseLanguageClient as LanguageClient, State } from 'vscode-languageclient';
import { AccountStatus, type AccountStatusParams, RefreshAccount, SetCredentials, type SetCredentialsParams, SetWorkspaceAccount } from '../../protocol/messages';
import { isApiKeySecret } from './apiKeys';
import { COMMANDS } from './commands';
import { SIGNED_IN } from './contextKeys';
import type { PolysyncContext } from './context';
import { credentialsFor } from './create/apiTarget';
import { dataAccount } from './keepSync/accountWatch';
import { observeApiUrl, readApiSettings } from './settings';
import type { AccountStatusItem } from './status';

const SETTINGS = ['polysync.apiUrl', 'polysync.apiVersion', 'polysync.keyKind', 'polysync.organizationId', 'polysync.account.automaticLookups', 'http.proxy'];

/** URLs an earlier version's key was found unbound for, asked about once per session. */
const askedUnbound = new Set<string>();

/** What the server is told: the settings and the key set for the URL in use, in the one credentials shape. */
export async function accountCredentials(ctx: PolysyncContext): Promise<SetCredentialsParams> {
  const automaticLookups = vscode.workspace.getConfiguration('polysync').get<boolean>('account.automaticLookups') !== false;
  const settings = readApiSettings();
  const { key, unbound } = await ctx.apiKeys.get(settings.apiUrl);
  if (unbound && !askedUnbound.has(unbound.url)) {
    askedUnbound.add(unbound.url);
    void askAboutUnboundKey(ctx, unbound.url);
  }
  return { ...credentialsFor(settings, key), automaticLookups };
}

/**
 * A key an earlier version stored without its URL, while polysync.apiUrl is not the default: it may have
 * been set for another URL, so it is not sent until the user says it belongs to this one.
 */
async function askAboutUnboundKey(ctx: PolysyncContext, url: string): Promise<void> {
  const use = `Use It for ${url}`;
  const message =
    `Polysync: an API key saved by an earlier version has no API URL recorded, so it was not sent to ${url}. ` +
    'Keys are now kept per API URL and sent only to theirs.';
  ctx.output.info(message);
  const choice = await vscode.window.showInformationMessage(message, use, 'Set API Key', 'Remove It');
  if (choice === use) await ctx.apiKeys.adoptLegacy(url);
  else if (choice === 'Set API Key') await vscode.commands.executeCommand(COMMANDS.setApiKey);
  else if (choice === 'Remove It') await ctx.apiKeys.removeLegacy();
}

/** Says once per value when polysync.apiUrl is set where this window does not read it. */
function tellUnreadUrl(ctx: PolysyncContext): void {
  const { notice } = ctx.urlNotices.observe(observeApiUrl());
  if (!notice) return;
  ctx.output.warn(notice.message);
  const remote = vscode.env.remoteName !== undefined;
  const open = remote ? 'Open Remote Settings' : 'Open User Settings';
  void vscode.window.showWarningMessage(notice.message, open).then((choice) => {
    if (choice) void vscode.commands.executeCommand(remote ? 'workbench.action.openRemoteSettings' : 'workbench.action.openSettings', remote ? undefined : 'polysync.apiUrl');
  });
}

/** Call before the language client starts: credentials are sent every time it is running again. */
export function registerAccount(ctx: PolysyncContext, client: LanguageClient): AccountStatusItem {
  const status = ctx.accountStatus;
  let sending = Promise.resolve();
  const tellWorkspaceAccount = async () => client.sendNotification(SetWorkspaceAccount, dataAccount(await ctx.workspaceAccount.decide()));
  // One after the other, so a quick sign-out right after a sign-in cannot arrive first.
  const sendCredentials = () => {
    sending = sending.then(async () => {
      try {
        await client.sendNotification(SetCredentials, await accountCredentials(ctx));
        await tellWorkspaceAccount();
      } catch (error) {
        ctx.output.warn(`Could not pass the account settings to the language server: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  };
  // The workspace's account changed (an answer recorded, its key stored, trust granted): told at once.
  const sendWorkspaceAccount = () => {
    sending = sending.then(async () => {
      if (client.state !== State.Running) return;
      try {
        await tellWorkspaceAccount();
      } catch (error) {
        ctx.output.warn(`Could not pass the workspace's account to the language server: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  };

  ctx.extension.subscriptions.push(
    // Kept by the client across restarts.
    client.onNotification(AccountStatus, (params: AccountStatusParams) => {
      status.update(params);
      void vscode.commands.executeCommand('setContext', SIGNED_IN, params.state === 'online');
    }),
    client.onDidChangeState(({ newState }) => {
      if (newState === State.Running) {
        // A new server process knows nothing of the account until it is told again.
        status.setServer('running', client.initializeResult?.serverInfo?.version);
        sendCredentials();
      } else {
        status.setServer(newState === State.Starting ? 'starting' : 'stopped');
      }
    }),
    ctx.workspaceAccount.onDidChange(sendWorkspaceAccount),
    ctx.extension.secrets.onDidChange((event) => {
      if (isApiKeySecret(event.key)) sendCredentials();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!SETTINGS.some((name) => event.affectsConfiguration(name))) return;
      tellUnreadUrl(ctx);
      sendCredentials();
    }),
  );
  tellUnreadUrl(ctx);
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
    // The account a workspace names: its key is for its URL.
    if (choice) await vscode.commands.executeCommand(COMMANDS.setApiKey, ...(result.workspace && result.apiUrl ? [result.apiUrl] : []));
  }
}
