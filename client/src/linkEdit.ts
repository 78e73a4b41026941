// Writing a document's "polysync" link after Create or Update: the language server computes the edit for
// the version it was asked about; it is applied only while the document is still at that version, and a
// document that was saved is saved again, so the file on disk is linked as `polysync create` leaves it.
import * as vscode from 'vscode';
import type { LinkEdit } from '../../protocol/messages';
import type { LinkWrite } from './ui';

const linkWritten = new vscode.EventEmitter<vscode.Uri>();
/** Fires for a document whose link was just written (Create, Update): link folding folds it at once. */
export const onDidWriteLink = linkWritten.event;

export async function applyLinkEdit(uri: vscode.Uri, version: number, edit: LinkEdit): Promise<LinkWrite> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!doc || doc.isClosed || doc.version !== version) return 'changed';
  const wasSaved = !doc.isDirty && !doc.isUntitled;
  const { start, end } = edit.range;
  const workspaceEdit = new vscode.WorkspaceEdit();
  workspaceEdit.replace(uri, new vscode.Range(start.line, start.character, end.line, end.character), edit.newText);
  if (!(await vscode.workspace.applyEdit(workspaceEdit))) return 'changed';
  linkWritten.fire(uri);
  if (wasSaved && (await doc.save())) return 'saved';
  return 'edited';
}
