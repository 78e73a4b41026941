// What each jsonc-parser syntax error means, in words for people. The one table: diagnostics and the
// request body (Create) both say it this way.
import { type ParseError, printParseErrorCode } from 'jsonc-parser';

// Keyed by jsonc-parser's ParseErrorCode names (a const enum, so it is read through printParseErrorCode).
const SYNTAX_MESSAGES: Record<string, string> = {
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

/** One sentence saying what is wrong at a syntax error. */
export function syntaxErrorMessage(error: ParseError): string {
  const name = printParseErrorCode(error.error);
  return SYNTAX_MESSAGES[name] ?? `Syntax error: ${name}.`;
}
