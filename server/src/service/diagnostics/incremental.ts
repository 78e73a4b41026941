// The semantic rules' findings about each `schemas` item, kept per item while edits leave it unchanged.
// A megabyte document is thousands of items; after a keystroke all but one of them are the same
// objects with the same content and path (treeEdit.ts marks the nodes an edit changes), so what the
// per-item rules found in them last time is what they would find again. Only the findings are kept
// (relative to the item's offset, spans rather than nodes), in a WeakMap keyed by the item node, so
// nothing is kept per leaf and an item's entry goes when the item does.
import type { JsonNode, ParsedDocument } from '../document/document';
import { childrenChangedSince, latestEdit, unchangedSince } from '../document/treeEdit';
import { indexOfChild } from './selectedIds';
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
export const reuseCounts = { schemaWalk: 0, items: 0, arrays: 0, arrayUpdates: 0 };
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
  /** The array's children when these were found: a re-read array has new ones (and new items). */
  readonly children: readonly JsonNode[];
}

// The results for a whole `schemas` array, kept while no edit changed it or anything in it (an edit
// elsewhere in the document then costs no pass over its thousands of items at all), and brought up to
// date from the items an edit changed (treeEdit.ts logs them) when one did.
const keptForArray = new WeakMap<JsonNode, KeptResults>();

/**
 * The findings of each item rule on each item of `array` (the `schemas` array), computed afresh or,
 * with `reuse`, taken from the last check for items no edit has changed since.
 */
export function itemFindings(doc: ParsedDocument, array: JsonNode, itemRules: readonly ItemRule[], reuse: boolean): ItemResults {
  const edit = latestEdit();
  const items = array.children ?? [];
  const finder = new ItemFinder(doc, itemRules, reuse, edit);
  const before = reuse ? keptForArray.get(array) : undefined;
  if (before && before.rules === itemRules && before.children === items) {
    if (unchangedSince(array, before.edit)) {
      reuseCounts.arrays++;
      return before;
    }
    const changed = childrenChangedSince(array, before.edit);
    const updated = changed && updateResults(before, items, changed, finder);
    if (updated) {
      reuseCounts.arrayUpdates++;
      const results = { ...updated, edit, rules: itemRules, children: items };
      keptForArray.set(array, results);
      return results;
    }
  }
  const perItem: (readonly (readonly Finding[])[])[] = new Array(items.length);
  const busy: number[] = [];
  for (let n = 0; n < items.length; n++) {
    perItem[n] = finder.findingsOf(items[n]);
    if (finder.hasAny(perItem[n])) busy.push(n);
  }
  const results = { perItem, busy, edit, rules: itemRules, children: items };
  if (reuse) keptForArray.set(array, results);
  return results;
}

/** The kept results with the changed items checked again; undefined when one is not found among the items. */
function updateResults(before: ItemResults, items: readonly JsonNode[], changed: readonly JsonNode[], finder: ItemFinder): ItemResults | undefined {
  const perItem = before.perItem.slice();
  const again = new Set<number>();
  for (const item of changed) {
    const n = indexOfChild(items, item);
    if (n < 0) return undefined;
    perItem[n] = finder.findingsOf(item);
    again.add(n);
  }
  const busy = before.busy.filter((n) => !again.has(n));
  for (const n of again) if (finder.hasAny(perItem[n])) busy.push(n);
  busy.sort((a, b) => a - b);
  return { perItem, busy };
}

/** Finds (or takes from what was kept for an unchanged item) the item rules' findings on one item. */
class ItemFinder {
  private readonly none: readonly (readonly Finding[])[];
  private readonly buffer: Finding[] = [];
  private readonly reporter;
  constructor(
    doc: ParsedDocument,
    private readonly itemRules: readonly ItemRule[],
    private readonly reuse: boolean,
    private readonly edit: number,
  ) {
    this.none = itemRules.map(() => NOTHING);
    this.reporter = recordingReporter(doc, this.buffer);
  }

  hasAny(found: readonly (readonly Finding[])[]): boolean {
    return found !== this.none && found.some((f) => f.length > 0);
  }

  findingsOf(item: JsonNode): readonly (readonly Finding[])[] {
    // Every item rule looks at objects only.
    if (item.type !== 'object') return this.none;
    const { itemRules, buffer } = this;
    if (this.reuse) {
      const before = kept.get(item);
      if (before && before.rules === itemRules && unchangedSince(item, before.edit)) {
        reuseCounts.items++;
        return before.findings;
      }
    }
    let findings: (readonly Finding[])[] | undefined;
    for (let k = 0; k < itemRules.length; k++) {
      buffer.length = 0;
      itemRules[k].checkItem(item, this.reporter);
      if (buffer.length === 0) continue;
      findings ??= this.none.slice();
      findings[k] = relativeTo(buffer, 0, item.offset);
    }
    const found = findings ?? this.none;
    if (this.reuse) kept.set(item, { edit: this.edit, rules: itemRules, findings: found });
    return found;
  }
}
