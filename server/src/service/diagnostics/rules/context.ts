// What every semantic rule is handed.
import type { Reporter } from '../reporter';
import type { Finding } from '../findings';
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
  /**
   * Work across items: a fresh visitor per pass, called for each item in order, adding what it finds
   * about that item to `out` (before the item's own findings). A line it cites goes in `citeLineOf`,
   * so that it is worked out when reported. The pass is done again whenever any item may have changed.
   */
  acrossItems?(): (item: JsonNode, out: Finding[]) => void;
}
