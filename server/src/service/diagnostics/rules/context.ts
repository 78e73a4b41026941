// What every semantic rule is handed.
import type { Reporter } from '../reporter';
import type { JsonNode, ParsedDocument } from '../../document/document';

export interface RuleContext {
  doc: ParsedDocument;
  /** The top-level object (rules only run when the document is an object). */
  root: JsonNode;
  reporter: Reporter;
}

export interface Rule {
  /** A short name for docs and logs; the codes it reports are in service/codes.ts. */
  name: string;
  check(context: RuleContext): void;
}
