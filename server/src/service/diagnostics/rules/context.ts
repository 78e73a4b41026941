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

/**
 * A rule whose findings about each `schemas` item depend on that item alone (its content and its
 * path): they are kept per item and reported again while an edit leaves the item unchanged
 * (incremental.ts). Anything that reads another item, or cites a line, belongs in `acrossItems`,
 * which runs on every check and is never kept.
 */
export interface ItemRule {
  name: string;
  checkItem(item: JsonNode, reporter: Reporter): void;
  /** Work across items: a fresh visitor per check, called for each item before that item's own findings. */
  acrossItems?(): (item: JsonNode, reporter: Reporter) => void;
}
