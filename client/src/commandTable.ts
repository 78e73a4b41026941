// Every Polysync command, as one record each (client/src/commandRecord.ts): the flows' commands
// (client/src/flowCommands.ts), with the answers VS Code callers get, and the commands that are VS Code's
// alone (the key in secret storage, refreshing account data, the output, restarting the server).
import * as vscode from 'vscode';
import { refreshAccount } from './account';
import type { CommandRecord } from './commandRecord';
import { COMMANDS } from './commands';
import { SHOW_DIAGNOSTIC_DOCS } from './docLinks';
import { showDiagnosticDocs } from './docLinksVscode';
import type { PolysyncContext } from './context';
import { flowCommands } from './flowCommands';
import type { FlowEnv } from './keepSync/flowEnv';
import { setApiKey, signOut } from './secrets';
import { restartServer } from './serverCommands';
import { keyFor, readCreateSettings } from './settings';

/** Commands that never ask the server: a failure is VS Code's to show, this is never used. */
const local = () => 'The command failed; see the Polysync output.';

export function commandRecords(ctx: PolysyncContext, env: FlowEnv): CommandRecord[] {
  // Open in Polytomic answers the address it opened as a Uri: a command's result reaches executeCommand
  // callers, so other extensions and the tests can see where it went without a browser.
  const flows = flowCommands(env, { urlDecisions: ctx.urlDecisions, settings: () => readCreateSettings(), keyFor: (url) => keyFor(ctx, url) }).map((record): CommandRecord =>
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
    // An API URL may be named (Create at a URL a workspace names, without a key for it yet).
    { id: COMMANDS.setApiKey, unavailable: local, run: (_doc, url) => setApiKey(ctx, typeof url === 'string' ? url : undefined) },
    { id: COMMANDS.signOut, unavailable: local, run: () => signOut(ctx) },
    { id: COMMANDS.restartServer, unavailable: local, run: () => restartServer(ctx) },
    { id: COMMANDS.showOutput, unavailable: local, run: async () => ctx.output.show(true) },
    { id: SHOW_DIAGNOSTIC_DOCS, unavailable: local, run: (_doc, code) => showDiagnosticDocs(ctx.extension, code) },
  ];
}

function toUri(address: unknown): vscode.Uri | undefined {
  return typeof address === 'string' ? vscode.Uri.parse(address) : undefined;
}
