// A schema selected twice in `schemas`, or a field listed twice in a schema's `fields`.
//
// A field listed twice is a matter of one item, kept per item while it is unchanged (incremental.ts):
// one pass over an item's properties finds both its `id` and `fields`, and one map, emptied for each
// item, holds the field ids seen so far. A schema selected twice reads other items and cites the line
// of one, so it is worked out on every check, from the selected ids of all items (selectedIds.ts keeps
// them up to date per edit).
import { type JsonNode, pathOf } from '../../document/document';
import type { ItemRule } from './context';

/** The string node that names a field item: the string itself, or the `id` of the object form. */
function fieldIdNode(item: JsonNode): JsonNode | undefined {
  if (item.type === 'string') return item;
  if (item.type !== 'object') return undefined;
  const id = lastValue(item, 'id');
  return id?.type === 'string' ? id : undefined;
}

/** The value of the last property named `key` (as propertyValue in document.ts). */
function lastValue(object: JsonNode, key: string): JsonNode | undefined {
  let found: JsonNode | undefined;
  const properties = object.children;
  if (!properties) return undefined;
  for (let i = 0; i < properties.length; i++) {
    const children = properties[i].children;
    if (children && children[0] && children[0].value === key) found = children[1];
  }
  return found;
}

// The field ids of the item being checked; one map, emptied per item, instead of one per item.
const fieldIds = new Map<string, JsonNode>();

export const duplicateSelections: ItemRule = {
  name: 'duplicate-selections',
  checkItem(item, reporter) {
    if (item.type !== 'object' || !item.children) return;
    // Last `id` and last `fields`, as propertyValue would find them.
    let id: JsonNode | undefined;
    let fields: JsonNode | undefined;
    for (const property of item.children) {
      const children = property.children;
      const key = children?.[0]?.value;
      if (key === 'id') id = children![1];
      else if (key === 'fields') fields = children![1];
    }
    if (id?.type !== 'string' || fields?.type !== 'array' || !fields.children) return;
    const selectedId = id.value as string;
    const list = fields.children;
    fieldIds.clear();
    for (let i = 0; i < list.length; i++) {
      const field = list[i];
      const node = fieldIdNode(field);
      if (!node) continue;
      const fieldId = node.value as string;
      const firstField = fieldIds.get(fieldId);
      if (firstField) {
        reporter.reportNode('duplicateField', node, `Field \`${fieldId}\` is listed twice in schema \`${selectedId}\`.`, { fix: 'removeItem', path: pathOf(field) }, undefined, [
          { node: firstField, message: `\`${fieldId}\` is first listed here` },
        ]);
      } else fieldIds.set(fieldId, node);
    }
    fieldIds.clear();
  },
  acrossItems: {
    items(ids) {
      const out: number[] = [];
      for (const id of ids.twice) {
        const list = ids.byId.get(id)!;
        for (let i = 1; i < list.length; i++) out.push(list[i]);
      }
      return out.sort((a, b) => a - b);
    },
    report(n, ids, arrayPath, reporter) {
      const idNode = ids.idNodes[n]!;
      const selectedId = idNode.value as string;
      const first = ids.idNodes[ids.byId.get(selectedId)![0]]!;
      const line = reporter.doc.positionAt(first.offset).line + 1;
      reporter.reportNode(
        'duplicateSchema',
        idNode,
        `Schema \`${selectedId}\` is already selected on line ${line}: keep one entry and merge its settings.`,
        // pathOf(item), without searching the array for the item.
        { fix: 'removeItem', path: [...arrayPath, n] },
        undefined,
        [{ node: first, message: `\`${selectedId}\` is first selected here` }],
      );
    },
  },
};
