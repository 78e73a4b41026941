// Diagnostic code links in VS Code. The server links each code to its entry in the shipped
// docs/diagnostics.md (`file:…/docs/diagnostics.md#ps104`); opened as it is, VS Code shows the Markdown
// source, editable, at its first line. The client turns that link into one that runs "Polysync: Show
// Diagnostic Docs", which opens the Markdown preview of the same file (rendered, read-only). Other editors
// keep the plain link. Free of VS Code.

import { COMMANDS } from './commands';

export const SHOW_DIAGNOSTIC_DOCS = COMMANDS.showDiagnosticDocs;

/** The code a link into the shipped diagnostics.md names (`ps104`), or undefined for any other link. */
export function shippedDocsCode(href: string): string | undefined {
  const match = /^file:\/\/.*\/docs\/diagnostics\.md#(ps\d{3})$/i.exec(href);
  return match ? match[1].toLowerCase() : undefined;
}

/** The command link that shows `code`'s entry rendered. */
export function renderedDocsLink(code: string): string {
  return `command:${SHOW_DIAGNOSTIC_DOCS}?${encodeURIComponent(JSON.stringify([code]))}`;
}

/** A code as the command accepts it: `ps` and three digits, any case. */
export function diagnosticDocsCode(arg: unknown): string | undefined {
  return typeof arg === 'string' && /^ps\d{3}$/i.test(arg) ? arg.toLowerCase() : undefined;
}
