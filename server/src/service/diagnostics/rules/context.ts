// What every semantic rule is handed.
import type { Reporter } from '../reporter';
import type { SelectedIds } from '../selectedIds';
import type { JsonNode, JsonPath, ParsedDocument } from '../../document/document';

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
   * Findings about an item that read other items (a line of another item, say): never kept, worked
   * out on every check from the selected ids of all items (kept up to date per edit, selectedIds.ts).
   * `items` lists the item indexes with such findings, ascending; `report` reports those of item n,
   * before the item's own findings.
   */
  acrossItems?: {
    items(ids: SelectedIds): readonly number[];
    report(n: number, ids: SelectedIds, arrayPath: JsonPath, reporter: Reporter): void;
  };
}
