// Baseline for comparison: the implementation before the performance work (jsonc-parser for every
// parse, the original schema walk). perf-equivalence tests compare the current code against it, and it
// documents what the optimisations replaced. Not used by the product.
import { printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { Diagnostic } from 'vscode-languageserver-types';
import { runRules } from '../../../server/src/service/diagnostics/rules';
import { createReporter, type Reporter } from '../../../server/src/service/diagnostics/reporter';
import type { ParsedDocument } from '../../../server/src/service/document/document';
import { CancelledValidation, validateAgainstSchema } from './schemaValidation';

export interface ValidateOptions {
  /** Polled during long validations; when it returns true the result is abandoned. */
  isCancelled?: () => boolean;
}

/** Returns the diagnostics of a document, or undefined if the work was cancelled. */
export function validateDocument(doc: ParsedDocument, options: ValidateOptions = {}): Diagnostic[] | undefined {
  const diagnostics: Diagnostic[] = [];
  const reporter = createReporter(doc, diagnostics);
  reportSyntax(doc, reporter);
  const root = doc.root;
  if (!root) {
    if (doc.syntaxErrors.length === 0) {
      reporter.report('emptyDocument', 0, 0, 'The document is empty: a bulk sync is a JSON object such as {"name": ..., "mode": ...}.');
    }
    return diagnostics;
  }
  if (root.type !== 'object') {
    reporter.reportNode('notAnObject', root, `The document must be a JSON object (the create-bulk-sync request), not ${root.type === 'array' ? 'an array' : `a ${root.type}`}.`);
    return diagnostics;
  }
  try {
    validateAgainstSchema(root, reporter, options);
    if (options.isCancelled?.()) return undefined;
    runRules({ doc, root, reporter });
  } catch (error) {
    if (error instanceof CancelledValidation) return undefined;
    throw error;
  }
  return sortByPosition(diagnostics);
}

// Keyed by jsonc-parser's ParseErrorCode names (a const enum, so it is read through printParseErrorCode).
function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

const syntaxMessages: Record<string, string> = {
  InvalidSymbol: 'Unexpected character: expected a JSON value, a property name or punctuation.',
  InvalidNumberFormat: 'Invalid number.',
  PropertyNameExpected: 'Expected a property name in double quotes.',
  ValueExpected: 'Expected a value: a string, number, object, array, true, false or null.',
  ColonExpected: 'Expected `:` after the property name.',
  CommaExpected: 'Expected `,` between items.',
  CloseBraceExpected: 'Expected `}` to close the object.',
  CloseBracketExpected: 'Expected `]` to close the array.',
  EndOfFileExpected: 'Expected the end of the document: only one top-level object is allowed.',
  InvalidCommentToken: 'Invalid comment.',
  UnexpectedEndOfComment: 'Unterminated block comment: add `*/`.',
  UnexpectedEndOfString: 'Unterminated string: add the closing `"`.',
  UnexpectedEndOfNumber: 'Incomplete number.',
  InvalidUnicode: 'Invalid unicode escape: use \\u followed by four hex digits.',
  InvalidEscapeCharacter: 'Invalid escape in string: allowed are \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX.',
  InvalidCharacter: 'Invalid character in string: control characters must be escaped.',
};

function reportSyntax(doc: ParsedDocument, reporter: Reporter): void {
  for (const error of doc.syntaxErrors) reportSyntaxError(doc, reporter, error);
  reportTrailingCommas(doc, reporter);
}

function reportSyntaxError(doc: ParsedDocument, reporter: Reporter, error: ParseError): void {
  const message = syntaxMessages[printParseErrorCode(error.error)] ?? `Syntax error: ${printParseErrorCode(error.error)}.`;
  // A zero-length error at the end of the text is shown on the last character so editors can display it.
  let { offset, length } = error;
  if (length === 0 && offset >= doc.text.length && offset > 0) {
    offset = doc.text.length - 1;
    length = 1;
  }
  reporter.report('syntax', offset, length, message);
}

/**
 * The parser accepts trailing commas so the rest of the document can still be checked; they are
 * reported here because strict JSON has none (they are dropped when the request is sent).
 */
function reportTrailingCommas(doc: ParsedDocument, reporter: Reporter): void {
  const text = doc.text;
  if (!text.includes(',')) return;
  const visit = (node: NonNullable<ParsedDocument['root']>): void => {
    if ((node.type === 'object' || node.type === 'array') && node.children?.length) {
      const last = node.children[node.children.length - 1];
      const close = node.offset + node.length - 1;
      const comma = findTrailingComma(text, last.offset + last.length, close);
      if (comma >= 0) reporter.report('trailingComma', comma, 1, 'Trailing comma: JSON allows none after the last item (it is removed when the request is sent).');
    }
    for (const child of node.children ?? []) {
      if (child.type === 'object' || child.type === 'array' || child.type === 'property') visit(child);
    }
  };
  if (doc.root) visit(doc.root);
}

function findTrailingComma(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 44 /* , */) return i;
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? to : end + 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? to : end + 2;
    } else i++;
  }
  return -1;
}
