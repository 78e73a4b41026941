// Diagnostic code links rendered (docLinks.ts) on VS Code's diagnostics, and the command they run.
import * as vscode from 'vscode';
import { diagnosticDocsCode, renderedDocsLink, shippedDocsCode } from './docLinks';

/** Points each Polysync code link at the rendered docs; changes nothing else. */
export function renderDocLinks(diagnostics: readonly vscode.Diagnostic[]): void {
  for (const diagnostic of diagnostics) {
    const code = diagnostic.code;
    if (typeof code !== 'object' || code === null || !(code.target instanceof vscode.Uri)) continue;
    const docs = shippedDocsCode(code.target.toString(true));
    if (docs) diagnostic.code = { value: code.value, target: vscode.Uri.parse(renderedDocsLink(docs)) };
  }
}

/**
 * Opens the shipped docs/diagnostics.md in the Markdown preview. The Uri carries the code as its fragment;
 * VS Code's preview scrolls to a fragment only when it names a heading, and the codes are rows of a table
 * (`<a id="ps104">`), so today it opens at the top of the page, with the table of codes.
 */
export async function showDiagnosticDocs(extension: vscode.ExtensionContext, arg: unknown): Promise<void> {
  const code = diagnosticDocsCode(arg);
  const docs = vscode.Uri.joinPath(extension.extensionUri, 'docs', 'diagnostics.md');
  try {
    await vscode.commands.executeCommand('markdown.showPreview', code ? docs.with({ fragment: code }) : docs);
  } catch {
    // No Markdown preview (the built-in Markdown extension is disabled): the file, read-only.
    await vscode.window.showTextDocument(docs, { preview: true });
  }
}
