// One record per command, and one function that runs any of them: it finds the document the command needs
// (the one a lens or button names, else the active one, if it is a Polysync document), checks workspace
// trust, checks the language server runs, then calls the handler; a failed exchange with the server is
// reported in the command's own words, a cancelled request is only logged. Free of VS Code, so the
// checks run in the unit tests as they do in the editor (client/src/commandRegistry.ts binds them to VS Code).
import { COMMANDS } from './commands';
import { NOT_RUNNING, RequestCancelled, ServerUnavailable } from './request';
import type { FlowDocument, Ui } from './ui';

export interface CommandRecord {
  id: string;
  /** Without a Polysync document the command says this and stops; absent: it needs none. */
  document?: string;
  /** In an untrusted workspace the command says this (offering Manage Workspace Trust) and stops; absent: it runs there. */
  trust?: { level: 'error' | 'warning'; message: string };
  /** The command asks the language server: if it is not running, say so before anything else. */
  server?: boolean;
  /** What the user is told when the server could not be asked (`reason` says why). */
  unavailable(reason: string): string;
  /** The command itself; `doc` is set when `document` is. Its answer is the command's result. */
  run(doc: FlowDocument | undefined, arg: unknown): Promise<unknown>;
}

/** What running a command needs from the editor. */
export interface CommandHost {
  ui: Ui;
  isTrusted(): boolean;
  isServerRunning(): boolean;
  /** The Polysync document `arg` names (a Uri or its string), else the active one if it is a Polysync document. */
  document(arg: unknown): Promise<FlowDocument | undefined>;
}

export async function runCommand(record: CommandRecord, host: CommandHost, arg?: unknown): Promise<unknown> {
  const { ui } = host;
  let doc: FlowDocument | undefined;
  if (record.document !== undefined) {
    doc = await host.document(arg);
    if (!doc) return void ui.showError(record.document);
  }
  if (record.trust && !host.isTrusted()) {
    const manageTrust = { title: 'Manage Workspace Trust', run: () => ui.executeCommand(COMMANDS.manageTrust) };
    if (record.trust.level === 'error') ui.showError(record.trust.message, [manageTrust]);
    else ui.showWarning(record.trust.message, [manageTrust]);
    return undefined;
  }
  try {
    if (record.server && !host.isServerRunning()) throw new ServerUnavailable(NOT_RUNNING);
    return await record.run(doc, arg);
  } catch (error) {
    if (error instanceof RequestCancelled) return void ui.log(`${record.id}: ${error.message}`);
    // Only a failed exchange with the server is reported here; anything else is VS Code's to show.
    if (!(error instanceof ServerUnavailable)) throw error;
    ui.log(`${record.id}${doc ? ` ${doc.uri}` : ''} failed: ${error.detail}`);
    ui.showError(record.unavailable(error.message), [{ title: 'Show Output', run: () => ui.executeCommand(COMMANDS.showOutput) }]);
    return undefined;
  }
}
