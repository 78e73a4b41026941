// Diagnostic code links rendered (docLinks.ts) on VS Code's diagnostics, and the command they run.
import * as vscode from 'vscode';
import { diagnosticDocsCode, docsLinkCode, renderedDocsLink } from './docLinks';

/** The docs page shipped in the extension (docs/diagnostics.md), on the desktop and on the web alike. */
export function diagnosticsDocs(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'diagnostics.md');
}

/** Points each Polysync code link into `docs` at the rendered entry; changes nothing else. */
export function renderDocLinks(diagnostics: readonly vscode.Diagnostic[], docs: vscode.Uri): void {
  const docsHref = docs.toString();
  for (const diagnostic of diagnostics) {
    const code = diagnostic.code;
    if (typeof code !== 'object' || code === null || !(code.target instanceof vscode.Uri)) continue;
    const entry = docsLinkCode(code.target.toString(), docsHref);
    if (entry) diagnostic.code = { value: code.value, target: vscode.Uri.parse(renderedDocsLink(entry)) };
  }
}

/**
 * Opens the shipped docs/diagnostics.md in the Markdown preview at the code's entry: the Uri carries the code
 * as its fragment, and each code is a heading of its own (`### PS104`, id `ps104`), which is what the preview
 * scrolls to.
 */
export async function showDiagnosticDocs(extension: vscode.ExtensionContext, arg: unknown): Promise<void> {
  const code = diagnosticDocsCode(arg);
  const docs = diagnosticsDocs(extension.extensionUri);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', code ? docs.with({ fragment: code }) : docs);
  } catch {
    // No Markdown preview (the built-in Markdown extension is disabled): the file, read-only.
    await vscode.window.showTextDocument(docs, { preview: true });
  }
}
