// Everything the extension adds besides the language server, registered with one shared context.
import * as vscode from 'vscode';
import { registerCreateCodeLens } from './codeLens';
import { createPolysyncContext, type PolysyncContext } from './context';
import { registerCreateCommand } from './create/command';
import { setApiKey, signOut } from './secrets';
import { registerServerCommands } from './serverCommands';
import { COMMANDS } from './commands';
import { registerKeepSync } from './keepSync';

export function registerFeatures(extension: vscode.ExtensionContext, output: vscode.LogOutputChannel): PolysyncContext {
  const ctx = createPolysyncContext(extension, output);
  const states = registerKeepSync(ctx);
  registerCreateCommand(ctx, states);
  registerCreateCodeLens(ctx, states);
  registerServerCommands(ctx);
  extension.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.setApiKey, () => setApiKey(ctx)),
    vscode.commands.registerCommand(COMMANDS.signOut, () => signOut(ctx)),
  );
  return ctx;
}
