// "Polysync: Restart Language Server". Registered (client/src/commandTable.ts) before the server starts,
// so it works when the server could not start.
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { PolysyncContext } from './context';

export async function restartServer(ctx: PolysyncContext): Promise<void> {
  const client = ctx.server.client;
  if (!client) {
    const choice = await vscode.window.showErrorMessage('Polysync: the language server was never started; see the Polysync output.', 'Show Output');
    if (choice) ctx.output.show(true);
    return;
  }
  if (client.state === State.Starting) {
    // A client that is starting cannot be stopped; the new process is on its way anyway.
    void vscode.window.showInformationMessage('Polysync: the language server is starting; try again once it runs.');
    return;
  }
  ctx.output.info('Restarting the language server (Polysync: Restart Language Server).');
  try {
    // The same client stops its server process and starts a new one; the account is sent again
    // once it runs (account.ts), and open documents are sent to it and checked again.
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Polysync: restarting the language server' }, () =>
      client.state === State.Running ? client.restart() : client.start(),
    );
    const info = client.initializeResult?.serverInfo;
    ctx.output.info(`Language server restarted${info ? ` (${info.name} ${info.version ?? ''})`.replace(' )', ')') : ''}.`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ctx.output.error(`The language server could not be restarted: ${error instanceof Error ? (error.stack ?? reason) : reason}`);
    const choice = await vscode.window.showErrorMessage(`Polysync: the language server could not be restarted: ${reason}`, 'Show Output');
    if (choice) ctx.output.show(true);
  }
}
