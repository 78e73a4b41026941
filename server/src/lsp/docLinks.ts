// Each diagnostic's code links to its entry in docs/diagnostics.md (LSP `codeDescription`). The docs ship
// beside the server (in the VS Code package and the npm package), so the link works offline (the Node entry
// finds it: shippedDocs.ts); a client may name another copy instead (initialization option `diagnosticsDocsUrl`):
// a published page, or, in VS Code for the Web where the server has no disk, the copy in the extension's
// own folder, whatever scheme the host serves it by (`vscode-remote:`, `https:`).
import type { Diagnostic } from 'vscode-languageserver-types';

/** Adds `codeDescription` (the docs entry, `#ps104`) to Polysync's coded diagnostics. */
export function withDocLinks(diagnostics: Diagnostic[], docsUrl: string | undefined): Diagnostic[] {
  if (!docsUrl) return diagnostics;
  for (const d of diagnostics) {
    if (d.source === 'polysync' && typeof d.code === 'string' && /^PS\d{3}$/.test(d.code)) {
      d.codeDescription = { href: `${docsUrl}#${d.code.toLowerCase()}` };
    }
  }
  return diagnostics;
}

/** The client's `diagnosticsDocsUrl` when it is an absolute URI (a scheme, no spaces), else undefined. */
export function docsUrlOption(value: unknown): string | undefined {
  return typeof value === 'string' && /^[a-z][a-z0-9+.-]*:[^\s#]+$/i.test(value) ? value : undefined;
}
