// Which schema each `schemas` item selects, and which ids more than one item selects: what the rules
// about a schema selected twice (PS209) and about schedules naming unselected schemas (PS212) read
// across all items. Kept per `schemas` array and brought up to date from the items an edit changed
// (treeEdit.ts logs them), so a keystroke inside one of thousands of items does not read them all.
import type { JsonNode } from '../document/document';
import { childrenChangedSince, latestEdit, unchangedSince } from '../document/treeEdit';

export interface SelectedIds {
  /** Per item index: the node naming the schema it selects (the string, or the last `id` of the object form). */
  readonly idNodes: readonly (JsonNode | undefined)[];
  /** Item indexes per selected id, ascending. */
  readonly byId: ReadonlyMap<string, readonly number[]>;
  /** The ids more than one item selects. */
  readonly twice: ReadonlySet<string>;
}

interface Kept {
  edit: number;
  readonly children: readonly JsonNode[];
  readonly idNodes: (JsonNode | undefined)[];
  readonly ids: (string | undefined)[];
  readonly byId: Map<string, number[]>;
  readonly twice: Set<string>;
}

// Nodes of a tree that is never edited in place (a parse with syntax errors) never change either, so
// keeping is always correct; a WeakMap lets an array's entry go with the array.
const kept = new WeakMap<JsonNode, Kept>();

/** The node naming the schema an item selects, as schemaItemId (bulkSync.ts) finds it. */
export function selectedIdNode(item: JsonNode): JsonNode | undefined {
  if (item.type === 'string') return item;
  if (item.type !== 'object' || !item.children) return undefined;
  let id: JsonNode | undefined;
  for (const property of item.children) {
    const children = property.children;
    if (children && children[0] && children[0].value === 'id') id = children[1];
  }
  return id?.type === 'string' ? id : undefined;
}

export function selectedIds(array: JsonNode): SelectedIds {
  const items = array.children ?? [];
  const before = kept.get(array);
  if (before && before.children === items) {
    if (unchangedSince(array, before.edit)) return before;
    const changed = childrenChangedSince(array, before.edit);
    if (changed && update(before, items, changed)) {
      before.edit = latestEdit();
      return before;
    }
  }
  const fresh: Kept = { edit: latestEdit(), children: items, idNodes: [], ids: [], byId: new Map(), twice: new Set() };
  for (let n = 0; n < items.length; n++) {
    const node = selectedIdNode(items[n]);
    fresh.idNodes.push(node);
    const id = node?.value as string | undefined;
    fresh.ids.push(id);
    if (id === undefined) continue;
    const list = fresh.byId.get(id);
    if (!list) fresh.byId.set(id, [n]);
    else {
      list.push(n);
      fresh.twice.add(id);
    }
  }
  kept.set(array, fresh);
  return fresh;
}

/** Applies the changed items to `state`; false when one is not found among the items (then all are read again). */
function update(state: Kept, items: readonly JsonNode[], changed: readonly JsonNode[]): boolean {
  for (const item of changed) {
    const n = indexOfChild(items, item);
    if (n < 0) return false;
    const node = selectedIdNode(item);
    const id = node?.value as string | undefined;
    state.idNodes[n] = node;
    const old = state.ids[n];
    if (old === id) continue;
    state.ids[n] = id;
    if (old !== undefined) {
      const list = state.byId.get(old)!;
      list.splice(list.indexOf(n), 1);
      if (list.length === 0) state.byId.delete(old);
      if (list.length < 2) state.twice.delete(old);
    }
    if (id !== undefined) {
      const list = state.byId.get(id);
      if (!list) state.byId.set(id, [n]);
      else {
        let at = list.length;
        while (at > 0 && list[at - 1] > n) at--;
        list.splice(at, 0, n);
        state.twice.add(id);
      }
    }
  }
  return true;
}

/** The index of `node` among `children` (ordered by offset), by binary search; -1 when it is not one of them. */
export function indexOfChild(children: readonly JsonNode[], node: JsonNode): number {
  let low = 0;
  let high = children.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const child = children[mid];
    if (child === node) return mid;
    if (node.offset < child.offset) high = mid - 1;
    else low = mid + 1;
  }
  return -1;
}

/** The ids in the order items first select them (as a Set filled in item order would hold them). */
export function idsInOrder(selected: SelectedIds): string[] {
  return [...selected.byId].sort((a, b) => a[1][0] - b[1][0]).map(([id]) => id);
}
