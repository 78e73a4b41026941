// The language service: every feature over a document, with no LSP connection, editor or network.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { DocumentCache, type ParsedDocument } from './document';
import { validateDocument } from './validate';

export interface CancellationLike {
  readonly isCancellationRequested: boolean;
}

export class LanguageService {
  private readonly documents = new DocumentCache();

  /** The parse of this exact document version (shared by all features). */
  parse(document: TextDocument): ParsedDocument {
    return this.documents.get(document);
  }

  forget(uri: string): void {
    this.documents.delete(uri);
  }

  /** Diagnostics for a document; undefined when `token` was cancelled before they were complete. */
  diagnostics(document: TextDocument, token?: CancellationLike): Diagnostic[] | undefined {
    if (token?.isCancellationRequested) return undefined;
    const parsed = this.parse(document);
    return validateDocument(parsed, { isCancelled: token ? () => token.isCancellationRequested : undefined });
  }
}

/** Documents Polysync analyses: any URI ending in `.polysync.json`, whatever its language id. */
export function isPolysyncUri(uri: string): boolean {
  const path = uri.split(/[?#]/, 1)[0].toLowerCase();
  return path.endsWith('.polysync.json');
}
