// The language service: every feature over a document, with no LSP connection, editor or network.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { AccountSnapshot } from './account/snapshot';
import { DocumentCache, type ParsedDocument } from './document/document';
import { validateDocument } from './diagnostics/validate';
import type { RuleSettings } from './diagnostics/config';

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

  /**
   * Diagnostics for a document; undefined when `token` was cancelled before they were complete. With
   * `account`, the checks that need the signed-in account run too (on whatever it is known to hold).
   */
  diagnostics(document: TextDocument, token?: CancellationLike, account?: AccountSnapshot, rules?: RuleSettings): Diagnostic[] | undefined {
    if (token?.isCancellationRequested) return undefined;
    const parsed = this.parse(document);
    return validateDocument(parsed, { isCancelled: token ? () => token.isCancellationRequested : undefined, account, rules });
  }
}
