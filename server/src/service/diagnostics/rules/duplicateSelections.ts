// A schema selected twice in `schemas`, or a field listed twice in a schema's `fields`.
//
// This runs over every schema item and field of the document on each check, so it allocates nothing
// per item: one pass over an item's properties finds both its `id` and `fields`, and one set, emptied for
// each item, holds the field ids seen so far.
import { type JsonNode, pathOf } from '../../document/document';
import type { Rule } from './context';
import { schemaItems } from '../../document/bulkSync';

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

export const duplicateSelections: Rule = {
  name: 'duplicate-selections',
  check({ root, reporter }) {
    const seen = new Map<string, JsonNode>();
    // The field ids of the current schema item; one set, emptied per item, instead of one per item.
    const fieldIds = new Map<string, JsonNode>();
    const items = schemaItems(root);
    for (let n = 0; n < items.length; n++) {
      const item = items[n];
      let idNode: JsonNode | undefined;
      let fields: JsonNode | undefined;
      if (item.type === 'string') idNode = item;
      else if (item.type === 'object' && item.children) {
        // Last `id` and last `fields`, as propertyValue would find them.
        let id: JsonNode | undefined;
        for (const property of item.children) {
          const children = property.children;
          const key = children?.[0]?.value;
          if (key === 'id') id = children![1];
          else if (key === 'fields') fields = children![1];
        }
        if (id?.type === 'string') idNode = id;
      }
      if (!idNode) continue;
      const selectedId = idNode.value as string;
      const first = seen.get(selectedId);
      if (first) {
        const line = reporter.doc.positionAt(first.offset).line + 1;
        reporter.reportNode(
          'duplicateSchema',
          idNode,
          `Schema \`${selectedId}\` is already selected on line ${line}: keep one entry and merge its settings.`,
          { fix: 'removeItem', path: pathOf(item) },
          undefined,
          [{ node: first, message: `\`${selectedId}\` is first selected here` }],
        );
      } else seen.set(selectedId, idNode);
      if (fields?.type !== 'array' || !fields.children) continue;
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
    }
  },
};
