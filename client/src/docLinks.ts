// Diagnostic code links in VS Code. The client names the extension's own docs/diagnostics.md to the server
// (initialization option `diagnosticsDocsUrl`, the same on the desktop and on the web, where the server has
// no disk to find it on), and the server links each code to its entry there (`…/docs/diagnostics.md#ps104`).
// Opened as it is, VS Code would show the Markdown source, editable, at its first line; the client turns that
// link into one that runs "Polysync: Show Diagnostic Docs", which opens the Markdown preview of the same file
// (rendered, read-only) at the code's heading. Other editors keep the plain link. Free of VS Code.

import { COMMANDS } from './commands';

export const SHOW_DIAGNOSTIC_DOCS = COMMANDS.showDiagnosticDocs;

/**
 * The code (`ps104`) a link into the extension's docs page names, or undefined for any other link. Both are
 * URIs as VS Code prints them (`Uri.toString()`), so the same file compares equal whatever its scheme.
 */
export function docsLinkCode(href: string, docsHref: string): string | undefined {
  if (!href.startsWith(`${docsHref}#`)) return undefined;
  const fragment = href.slice(docsHref.length + 1);
  return /^ps\d{3}$/i.test(fragment) ? fragment.toLowerCase() : undefined;
}

/** The command link that shows `code`'s entry rendered. */
export function renderedDocsLink(code: string): string {
  return `command:${SHOW_DIAGNOSTIC_DOCS}?${encodeURIComponent(JSON.stringify([code]))}`;
}

/** A code as the command accepts it: `ps` and three digits, any case. */
export function diagnosticDocsCode(arg: unknown): string | undefined {
  return typeof arg === 'string' && /^ps\d{3}$/i.test(arg) ? arg.toLowerCase() : undefined;
}
