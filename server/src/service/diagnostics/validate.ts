// Full diagnostics for a document: syntax, then the schema, then the semantic rules.
import type { ParseError } from 'jsonc-parser';
import type { Diagnostic } from 'vscode-languageserver-types';
import { runRules } from './rules';
import { runAccountRules } from './rules/account';
import type { AccountSnapshot } from '../account/snapshot';
import { createReporter, type Reporter } from './reporter';
import { syntaxErrorMessage } from '../document/syntaxMessages';
import { isCleanParse, MAX_NESTING, nestingLimitAt, type ParsedDocument } from '../document/document';
import { CancelledValidation, validateAgainstSchema } from './schemaValidation';
import { applyPolicy, type PolicyOptions } from './policy';

export interface ValidateOptions extends PolicyOptions {
  /** Polled during long validations; when it returns true the result is abandoned. */
  isCancelled?: () => boolean;
  /** What the signed-in account is known to hold; the account checks (PS3xx) run only when given. */
  account?: AccountSnapshot;
}

/** Returns the diagnostics of a document, or undefined if the work was cancelled. */
export function validateDocument(doc: ParsedDocument, options: ValidateOptions = {}): Diagnostic[] | undefined {
  const found = findDiagnostics(doc, options);
  return found && sortByPosition(applyPolicy(doc, found, options));
}

function findDiagnostics(doc: ParsedDocument, options: ValidateOptions): Diagnostic[] | undefined {
  const diagnostics: Diagnostic[] = [];
  const reporter = createReporter(doc, diagnostics);
  const tooDeep = nestingLimitAt(doc);
  if (tooDeep !== undefined) {
    reporter.report('nestingTooDeep', tooDeep, 1, `The document is nested more than ${MAX_NESTING} levels deep here; Polysync does not check documents this deep.`);
    return diagnostics;
  }
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
  // A clean parse is the only kind a later version reuses (document.ts): only then is what was found in
  // the parts an edit leaves alone worth keeping, and reported again on the next check (incremental.ts).
  const reuse = isCleanParse(doc);
  try {
    validateAgainstSchema(root, reporter, { isCancelled: options.isCancelled, reuse });
    if (options.isCancelled?.()) return undefined;
    runRules({ doc, root, reporter }, { reuse });
    if (options.account) runAccountRules({ doc, root, reporter, account: options.account });
  } catch (error) {
    if (error instanceof CancelledValidation) return undefined;
    throw error;
  }
  return diagnostics;
}

function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function reportSyntax(doc: ParsedDocument, reporter: Reporter): void {
  for (const error of doc.syntaxErrors) reportSyntaxError(doc, reporter, error);
  reportTrailingCommas(doc, reporter);
}

function reportSyntaxError(doc: ParsedDocument, reporter: Reporter, error: ParseError): void {
  const message = syntaxErrorMessage(error);
  // A zero-length error at the end of the text is shown on the last character so editors can display it
  // (not on a final line break: a range ending between \r and \n is no position an editor knows).
  let { offset, length } = error;
  if (length === 0 && offset >= doc.text.length) {
    let last = doc.text.length - 1;
    while (last >= 0 && (doc.text.charCodeAt(last) === 10 || doc.text.charCodeAt(last) === 13)) last--;
    if (last >= 0) {
      offset = last;
      length = 1;
    }
  }
  reporter.report('syntax', offset, length, message);
}

/**
 * The parser accepts trailing commas so the rest of the document can still be checked; they are
 * reported here because strict JSON has none (they are dropped when the request is sent).
 */
function reportTrailingCommas(doc: ParsedDocument, reporter: Reporter): void {
  // A clean parse had no trailing comma to accept, so the walk below would find none.
  if (isCleanParse(doc)) return;
  const text = doc.text;
  if (!text.includes(',')) return;
  const visit = (node: NonNullable<ParsedDocument['root']>): void => {
    if ((node.type === 'object' || node.type === 'array') && node.children?.length) {
      const last = node.children[node.children.length - 1];
      const close = node.offset + node.length - 1;
      const comma = findTrailingComma(text, last.offset + last.length, close);
      if (comma >= 0) reporter.report('trailingComma', comma, 1, 'Trailing comma: JSON allows none after the last item (it is removed when the request is sent).', { fix: 'removeTrailingComma' });
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
