// The `"polysync"` link folded when a linked file opens: it is Polysync's bookkeeping (the sync's id, a
// stamp, a one-line base), not something to read while editing. Once per opened document (a link the
// person unfolds stays open until the document is closed and opened again), only while
// `polysync.foldLink` is on (the default). The link's line comes from the language server's outline (one
// `polysync` entry: server/src/service/symbols.ts); `editor.fold` acts on the active editor, so a document
// is folded when it is the active one. A link Polysync writes into an open document (Create, Update) is
// folded as soon as it is written, as if the file had been opened linked.
import * as vscode from 'vscode';
import type { PolysyncContext } from './context';
import { isActionableDocument } from './documents';
import { onDidWriteLink } from './linkEdit';

export const FOLD_LINK_SETTING = 'foldLink';

/** How long to keep asking for the outline of a document whose server is still starting. */
const OUTLINE_WAIT_MS = 15_000;
const OUTLINE_RETRY_MS = 250;

/** The line of the link's key when the link spans lines (so there is something to fold). */
export function linkLine(symbols: readonly { name: string; range: { start: { line: number }; end: { line: number } } }[] | undefined): number | undefined {
  const link = symbols?.find((s) => s.name === 'polysync');
  return link && link.range.end.line > link.range.start.line ? link.range.start.line : undefined;
}

export function registerLinkFolding(ctx: PolysyncContext): void {
  /** Documents whose link was folded (or found absent) since they were opened. */
  const done = new Set<string>();
  const pending = new Set<string>();
  const enabled = () => vscode.workspace.getConfiguration('polysync').get<boolean>(FOLD_LINK_SETTING, true);

  const foldActive = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !enabled() || !isActionableDocument(editor.document)) return;
    const key = editor.document.uri.toString();
    if (done.has(key) || pending.has(key)) return;
    pending.add(key);
    try {
      const line = await outlineLinkLine(editor.document.uri);
      // Asked while the outline was read: still this document, still open, not done by another call.
      if (line === undefined || vscode.window.activeTextEditor?.document !== editor.document || editor.document.isClosed) return;
      await vscode.commands.executeCommand('editor.fold', { selectionLines: [line], levels: 1, direction: 'up' });
      ctx.output.debug(`Folded the link of ${key} (line ${line + 1})`);
    } catch (error) {
      ctx.output.debug(`Could not fold the link of ${key}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      pending.delete(key);
      done.add(key);
    }
  };

  ctx.extension.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(() => void foldActive()),
    vscode.workspace.onDidCloseTextDocument((doc) => done.delete(doc.uri.toString())),
    onDidWriteLink((uri) => {
      done.delete(uri.toString());
      void foldActive();
    }),
    ctx.server.onDidStart(() => void foldActive()),
  );
  void foldActive();
}

/** The link's line from the outline, asking again while the language server starts (its outline is then empty). */
async function outlineLinkLine(uri: vscode.Uri): Promise<number | undefined> {
  const deadline = Date.now() + OUTLINE_WAIT_MS;
  for (;;) {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', uri);
    if (symbols && symbols.length > 0) return linkLine(symbols);
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, OUTLINE_RETRY_MS));
  }
}
