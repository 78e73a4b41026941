// Building diagnostics: one place that attaches the code, severity, source and quick-fix data.
import type { Diagnostic, DiagnosticTag } from 'vscode-languageserver-types';
import { Codes, SOURCE, type CodeName } from './codes';
import type { JsonNode, ParsedDocument } from '../document/document';
import type { FixData } from '../actions/codeActions';

export type { FixData };


/** The other place of a finding that has two (the first copy of a duplicate, the source of a repeated id). */
export interface RelatedPlace {
  /** A node, or any span of the text (a finding reported again after an edit keeps spans, not nodes). */
  node: { readonly offset: number; readonly length: number };
  message: string;
}

export interface Reporter {
  readonly doc: ParsedDocument;
  report(name: CodeName, offset: number, length: number, message: string, data?: FixData, tags?: DiagnosticTag[], related?: RelatedPlace[]): void;
  reportNode(name: CodeName, node: JsonNode, message: string, data?: FixData, tags?: DiagnosticTag[], related?: RelatedPlace[]): void;
}

export function createReporter(doc: ParsedDocument, out: Diagnostic[]): Reporter {
  return new DiagnosticReporter(doc, out);
}

/** Makes the diagnostics (one object per check, its methods shared). */
class DiagnosticReporter implements Reporter {
  constructor(
    readonly doc: ParsedDocument,
    private readonly out: Diagnostic[],
  ) {}

  report(name: CodeName, offset: number, length: number, message: string, data?: FixData, tags?: DiagnosticTag[], related?: RelatedPlace[]): void {
    const info = Codes[name];
    const doc = this.doc;
    const diagnostic: Diagnostic = {
      range: doc.rangeOf(offset, length),
      severity: info.severity,
      code: info.code,
      source: SOURCE,
      message,
    };
    if (data) diagnostic.data = data;
    if (tags?.length) diagnostic.tags = tags;
    if (related?.length) {
      diagnostic.relatedInformation = related.map((r) => ({ location: { uri: doc.uri, range: doc.rangeOf(r.node.offset, r.node.length) }, message: r.message }));
    }
    this.out.push(diagnostic);
  }

  reportNode(name: CodeName, node: JsonNode, message: string, data?: FixData, tags?: DiagnosticTag[], related?: RelatedPlace[]): void {
    this.report(name, node.offset, node.length, message, data, tags, related);
  }
}

/** `value` rendered for a message: strings quoted, long values shortened. */
export function showValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
