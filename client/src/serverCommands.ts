// "Polysync: Restart Language Server" and "Polysync: Show Output". Registered before the server
// starts, so both work when it could not start.
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient';
import { COMMANDS } from './commands';
import type { PolysyncContext } from './context';

export function registerServerCommands(ctx: PolysyncContext): void {
  ctx.extension.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.showOutput, () => ctx.output.show(true)),
    vscode.commands.registerCommand(COMMANDS.restartServer, () => restartServer(ctx)),
  );
}

async function restartServer(ctx: PolysyncContext): Promise<void> {
  const client = ctx.languageClient;
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
    // The same client stops its server (process or worker) and starts a new one; the account is sent again
    // once it runs (account.ts), and open documents are sent to it and checked again.
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Polysync: restarting the language server' }, () =>
      client.state === State.Running ? client.stop().then(() => client.start()) : client.start(),
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
