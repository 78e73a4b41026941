// jsonc-parser's SyntaxKind and ScanError numbers. They are ambient const enums, which isolated modules
// cannot read, so they are written out once here for every scanner user.
export const Kind = {
  OpenBrace: 1,
  CloseBrace: 2,
  OpenBracket: 3,
  CloseBracket: 4,
  Comma: 5,
  Colon: 6,
  Null: 7,
  True: 8,
  False: 9,
  String: 10,
  Number: 11,
  LineComment: 12,
  BlockComment: 13,
  LineBreak: 14,
  Trivia: 15,
  Unknown: 16,
  EOF: 17,
} as const;

/** ScanError.UnexpectedEndOfString. */
export const UNEXPECTED_END_OF_STRING = 2;
