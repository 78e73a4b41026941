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

/** How often kept results were reported again instead of found afresh (tests check that reuse happens). */
export const reuseCounts = { schemaWalk: 0, items: 0, arrays: 0 };
const NOTHING: readonly Finding[] = Object.freeze([]);

export interface ItemResults {
  /** Per item, per item rule (in `itemRules` order): findings relative to the item. */
  readonly perItem: readonly (readonly (readonly Finding[])[])[];
  /** The indexes of the items with any finding, in order. */
  readonly busy: readonly number[];
}

interface KeptResults extends ItemResults {
  readonly edit: number;
  readonly rules: readonly ItemRule[];
}

// The results for a whole `schemas` array, kept while no edit changed it or anything in it: an edit
// elsewhere in the document then costs no pass over its thousands of items at all.
const keptForArray = new WeakMap<JsonNode, KeptResults>();

/**
 * The findings of each item rule on each item of `array` (the `schemas` array), computed afresh or,
 * with `reuse`, taken from the last check for items no edit has changed since.
 */
export function itemFindings(doc: ParsedDocument, array: JsonNode, itemRules: readonly ItemRule[], reuse: boolean): ItemResults {
  const edit = latestEdit();
  if (reuse) {
    const before = keptForArray.get(array);
    if (before && before.rules === itemRules && unchangedSince(array, before.edit)) {
      reuseCounts.arrays++;
      return before;
    }
  }
  const items = array.children ?? [];
  const perItem: (readonly (readonly Finding[])[])[] = new Array(items.length);
  const busy: number[] = [];
  const none = itemRules.map(() => NOTHING);
  const buffer: Finding[] = [];
  const reporter = recordingReporter(doc, buffer);
  for (let n = 0; n < items.length; n++) {
    const item = items[n];
    // Every item rule looks at objects only.
    if (item.type !== 'object') {
      perItem[n] = none;
      continue;
    }
    let found: readonly (readonly Finding[])[] | undefined;
    if (reuse) {
      const before = kept.get(item);
      if (before && before.rules === itemRules && unchangedSince(item, before.edit)) {
        found = before.findings;
        reuseCounts.items++;
      }
    }
    if (!found) {
      let findings: (readonly Finding[])[] | undefined;
      for (let k = 0; k < itemRules.length; k++) {
        buffer.length = 0;
        itemRules[k].checkItem(item, reporter);
        if (buffer.length === 0) continue;
        findings ??= none.slice();
        findings[k] = relativeTo(buffer, 0, item.offset);
      }
      found = findings ?? none;
      if (reuse) kept.set(item, { edit, rules: itemRules, findings: found });
    }
    perItem[n] = found;
    if (found !== none && found.some((f) => f.length > 0)) busy.push(n);
  }
  const results = { perItem, busy, edit, rules: itemRules };
  if (reuse) keptForArray.set(array, results);
  return results;
}

export interface AcrossResults {
  /** Per item index: what the pass across items found there, relative to the array. */
  readonly byItem: readonly (readonly Finding[] | undefined)[];
  /** The indexes with findings, ascending. */
  readonly indexes: readonly number[];
}

interface KeptAcross {
  readonly edit: number;
  readonly rules: readonly ItemRule[];
  /** Per item rule (undefined for rules with no work across items). */
  readonly results: readonly (AcrossResults | undefined)[];
}

const keptAcross = new WeakMap<JsonNode, KeptAcross>();

/**
 * The item rules' work across the items of `array` (the `schemas` array), per rule. With `reuse`,
 * kept while no edit changed the array or anything in it (the findings then are the same; the lines
 * they cite are worked out when reported).
 */
export function acrossItemFindings(array: JsonNode, itemRules: readonly ItemRule[], reuse: boolean): readonly (AcrossResults | undefined)[] {
  if (reuse) {
    const before = keptAcross.get(array);
    if (before && before.rules === itemRules && unchangedSince(array, before.edit)) return before.results;
  }
  const items = array.children ?? [];
  const edit = latestEdit();
  const buffer: Finding[] = [];
  const results = itemRules.map((rule): AcrossResults | undefined => {
    const visit = rule.acrossItems?.();
    if (!visit) return undefined;
    const byItem: (readonly Finding[] | undefined)[] = [];
    const indexes: number[] = [];
    for (let n = 0; n < items.length; n++) {
      visit(items[n], buffer);
      if (buffer.length === 0) continue;
      byItem[n] = relativeTo(buffer, 0, array.offset);
      indexes.push(n);
      buffer.length = 0;
    }
    return { byItem, indexes };
  });
  if (reuse) keptAcross.set(array, { edit, rules: itemRules, results });
  return results;
}
