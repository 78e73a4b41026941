// The semantic rules' findings about each `schemas` item, kept per item while edits leave it unchanged.
// A megabyte document is thousands of items; after a keystroke all but one of them are the same
// objects with the same content and path (treeEdit.ts marks the nodes an edit changes), so what the
// per-item rules found in them last time is what they would find again. Only the findings are kept
// (relative to the item's offset, spans rather than nodes), in a WeakMap keyed by the item node, so
// nothing is kept per leaf and an item's entry goes when the item does.
import type { JsonNode, ParsedDocument } from '../document/document';
import { latestEdit, unchangedSince } from '../document/treeEdit';
import { type Finding, recordingReporter, relativeTo } from './findings';
import type { ItemRule } from './rules/context';

interface KeptItem {
  /** The edit (treeEdit.ts) the item had seen when it was checked. */
  readonly edit: number;
  /** The item rules whose findings these are (the list a check runs is fixed, but say so). */
  readonly rules: readonly ItemRule[];
  /** Per item rule, in `rules` order; offsets relative to the item. */
  readonly findings: readonly (readonly Finding[])[];
}

const kept = new WeakMap<JsonNode, KeptItem>();
const NOTHING: readonly Finding[] = Object.freeze([]);

/**
 * The findings of each item rule on each item (offsets relative to the item), computed afresh or,
 * with `reuse`, taken from the last check for items no edit has changed since.
 */
export function itemFindings(doc: ParsedDocument, items: readonly JsonNode[], itemRules: readonly ItemRule[], reuse: boolean): (readonly (readonly Finding[])[])[] {
  const edit = latestEdit();
  const out: (readonly (readonly Finding[])[])[] = new Array(items.length);
  const none = itemRules.map(() => NOTHING);
  const buffer: Finding[] = [];
  const reporter = recordingReporter(doc, buffer);
  for (let n = 0; n < items.length; n++) {
    const item = items[n];
    // Every item rule looks at objects only.
    if (item.type !== 'object') {
      out[n] = none;
      continue;
    }
    if (reuse) {
      const before = kept.get(item);
      if (before && before.rules === itemRules && unchangedSince(item, before.edit)) {
        out[n] = before.findings;
        continue;
      }
    }
    let findings: (readonly Finding[])[] | undefined;
    for (let k = 0; k < itemRules.length; k++) {
      buffer.length = 0;
      itemRules[k].checkItem(item, reporter);
      if (buffer.length === 0) continue;
      findings ??= none.slice();
      findings[k] = relativeTo(buffer, 0, item.offset);
    }
    out[n] = findings ?? none;
    if (reuse) kept.set(item, { edit, rules: itemRules, findings: out[n] });
  }
  return out;
}
