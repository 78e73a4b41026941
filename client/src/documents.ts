// The client's side of the one document rule (protocol/documents.ts), on an editor's document.
import { isPolysyncEditorDocument } from '../../protocol/documents';
import { LIVE_SCHEME } from './commands';

/** The part of vscode.TextDocument the rule reads. */
export interface EditorDocument {
  readonly uri: { readonly scheme: string; toString(): string };
  readonly languageId: string;
}

/** A Polysync document: the `polysync` language, or a `*.polysync.json` name whatever its language. */
export function isPolysyncDocument(doc: EditorDocument): boolean {
  return isPolysyncEditorDocument({ uri: doc.uri.toString(), languageId: doc.languageId });
}

/**
 * A Polysync document the commands act on and whose sync state is read: not the read-only live side of
 * Show Changes, which is the sync as Polytomic holds it rather than a file of the user's.
 */
export function isActionableDocument(doc: EditorDocument): boolean {
  return doc.uri.scheme !== LIVE_SCHEME && isPolysyncDocument(doc);
}
