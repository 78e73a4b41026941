// The language service: every feature over a document, with no LSP connection, editor or network.
// Parses are cached by version and shared by all features. Values from outside the schema come from
// providers: the ones registered when the service is built (the schedule's words), then the ones a
// request hands in (the account's, built from the snapshot its caller holds).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InlayHint,
  Position,
  Range,
  SelectionRange,
  TextEdit,
} from 'vscode-languageserver-types';
import type { AccountSnapshot } from './account/snapshot';
import { type CodeActionOptions, codeActions } from './actions/codeActions';
import { complete } from './completion/complete';
import type { ValueProvider } from './completion/providers';
import { withValueRetrigger } from './completion/retrigger';
import { DocumentCache, type ParsedDocument } from './document/document';
import { validateDocument } from './diagnostics/validate';
import type { RuleSettings } from './diagnostics/config';
import { foldingRanges } from './folding';
import { format, type FormatOptions } from './format';
import { hover, type HoverContributor } from './hover';
import { type InlayHintContributor, inlayHints } from './inlayHints';
import { selectionRanges } from './selection';
import { documentSymbols } from './symbols';

export interface CancellationLike {
  readonly isCancellationRequested: boolean;
}

export interface LanguageServiceOptions {
  /** Value providers every completion consults, after the ones a request hands in. */
  valueProviders?: readonly ValueProvider[];
}

export interface CompletionRequest {
  /** False for clients that cannot expand snippets. Default true. */
  snippetSupport?: boolean;
  /** Providers for this request only (the account's), ranked before the registered ones. */
  valueProviders?: readonly ValueProvider[];
  /** Property-name items whose value has suggestions re-open the list once inserted (VS Code's command). */
  retriggerSuggest?: boolean;
}

export class LanguageService {
  private readonly documents = new DocumentCache();
  private readonly valueProviders: readonly ValueProvider[];

  constructor(options: LanguageServiceOptions = {}) {
    this.valueProviders = options.valueProviders ?? [];
  }

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

  complete(doc: ParsedDocument, position: Position, request: CompletionRequest = {}): CompletionList {
    const valueProviders = [...(request.valueProviders ?? []), ...this.valueProviders];
    const list = complete(doc, position, { snippetSupport: request.snippetSupport, valueProviders });
    return request.retriggerSuggest ? withValueRetrigger(list, doc, position, valueProviders) : list;
  }

  hover(doc: ParsedDocument, position: Position, contributors: readonly HoverContributor[] = []): Hover | null {
    return hover(doc, position, { contributors });
  }

  inlayHints(doc: ParsedDocument, range: Range, contributors: readonly InlayHintContributor[] = []): InlayHint[] {
    return inlayHints(doc, range, { contributors });
  }

  codeActions(doc: ParsedDocument, range: Range, diagnostics: readonly Diagnostic[], options: CodeActionOptions): CodeAction[] {
    return codeActions(doc, range, diagnostics, options);
  }

  format(doc: ParsedDocument, range: Range | undefined, options: FormatOptions): TextEdit[] {
    return format(doc, range, options);
  }

  symbols(doc: ParsedDocument): DocumentSymbol[] {
    return documentSymbols(doc);
  }

  foldingRanges(doc: ParsedDocument): FoldingRange[] {
    return foldingRanges(doc);
  }

  selectionRanges(doc: ParsedDocument, positions: readonly Position[]): SelectionRange[] {
    return selectionRanges(doc, positions);
  }
}
