// Every Polysync command, as one record each (client/src/commandRecord.ts): the flows' commands
// (client/src/flowCommands.ts), with the answers VS Code callers get, and the commands that are VS Code's
// alone (the key in secret storage, refreshing account data, the output, restarting the server).
import * as vscode from 'vscode';
import { refreshAccount } from './account';
import type { CommandRecord } from './commandRecord';
import { COMMANDS } from './commands';
import type { PolysyncContext } from './context';
import { flowCommands } from './flowCommands';
import type { FlowEnv } from './keepSync/flowEnv';
import { setApiKey, signOut } from './secrets';
import { restartServer } from './serverCommands';
import { readApiSettings } from './settings';

/** Commands that never ask the server: a failure is VS Code's to show, this is never used. */
const local = () => 'The command failed; see the Polysync output.';

export function commandRecords(ctx: PolysyncContext, env: FlowEnv): CommandRecord[] {
  // Open in Polytomic answers the address it opened as a Uri: a command's result reaches executeCommand
  // callers, so other extensions and the tests can see where it went without a browser.
  const flows = flowCommands(env, { urlDecisions: ctx.urlDecisions, settings: () => readApiSettings() }).map((record): CommandRecord =>
    record.id === COMMANDS.openInPolytomic ? { ...record, run: async (doc, arg) => toUri(await record.run(doc, arg)) } : record,
  );
  return [
    ...flows,
    {
      id: COMMANDS.refreshAccount,
      server: true,
      unavailable: (reason) => `Polysync: the account data could not be refreshed: the language server did not answer (${reason}).`,
      run: () => refreshAccount(ctx),
    },
    { id: COMMANDS.setApiKey, unavailable: local, run: () => setApiKey(ctx) },
    { id: COMMANDS.signOut, unavailable: local, run: () => signOut(ctx) },
    { id: COMMANDS.restartServer, unavailable: local, run: () => restartServer(ctx) },
    { id: COMMANDS.showOutput, unavailable: local, run: async () => ctx.output.show(true) },
  ];
}

function toUri(address: unknown): vscode.Uri | undefined {
  return typeof address === 'string' ? vscode.Uri.parse(address) : undefined;
}
