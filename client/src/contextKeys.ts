// Context keys the manifest's `when` clauses and the walkthrough read:
// - `polysync.fileOpened`: a Polysync document was opened in this window (the walkthrough's "Open a bulk
//   sync file" step completes on it: VS Code does not accept `onLanguage:` as a completion event);
// - `polysync.linkedFiles`: the linked documents, by path, so the editor title offers Update
//   Bulk Sync on them and Create Bulk Sync only on the others (Create refuses a linked file);
// - `polysync.linkedFileOpened`, `polysync.signedIn`: the walkthrough's other steps.
import * as vscode from 'vscode';
import type { PolysyncContext } from './context';
import { isActionableDocument } from './documents';
import type { BulkSyncStateResult } from '../../protocol/messages';
import type { SyncStates } from './keepSync/states';

export const FILE_OPENED = 'polysync.fileOpened';
export const LINKED_FILES = 'polysync.linkedFiles';
/** A linked document is open (or was, in this window): the walkthrough's Create step completes on it too. */
export const LINKED_FILE_OPENED = 'polysync.linkedFileOpened';
/** The account answered with the key set (the walkthrough's key step completes on it too). */
export const SIGNED_IN = 'polysync.signedIn';

/**
 * The values `resourcePath in polysync.linkedFiles` matches. By path, not URI: in a remote window the
 * workbench's `resource` is a vscode-remote: URI while the extension sees file: URIs, and the path is the
 * same on both sides (`resourcePath` is the fsPath of a file: URI, the path of any other).
 */
export function linkedFileKeys(uris: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const uri of uris) {
    keys.add(uri);
    const parsed = vscode.Uri.parse(uri);
    keys.add(parsed.path);
    keys.add(parsed.fsPath);
  }
  return [...keys];
}

export function registerContextKeys(ctx: PolysyncContext, states: SyncStates): void {
  let opened = false;
  const noteOpened = (doc: vscode.TextDocument) => {
    if (opened || !isActionableDocument(doc)) return;
    opened = true;
    void vscode.commands.executeCommand('setContext', FILE_OPENED, true);
  };
  const linked = new Set<string>();
  const publish = () => {
    void vscode.commands.executeCommand('setContext', LINKED_FILES, linkedFileKeys([...linked]));
    if (linked.size > 0) void vscode.commands.executeCommand('setContext', LINKED_FILE_OPENED, true);
  };
  vscode.workspace.textDocuments.forEach(noteOpened);
  ctx.extension.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(noteOpened),
    states.onDidChange((uri) => {
      const was = linked.has(uri);
      if (carriesLink(states.get(uri))) linked.add(uri);
      else linked.delete(uri);
      if (was !== linked.has(uri)) publish();
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (linked.delete(doc.uri.toString())) publish();
    }),
  );
  publish();
}

/** A file with a link, whether or not its sync could be read (signed out, offline): Create refuses it either way. */
export function carriesLink(state: BulkSyncStateResult | undefined): boolean {
  if (!state || state.kind === 'unlinked') return false;
  return !(state.kind === 'blocked' && state.reason === 'unlinked');
}
