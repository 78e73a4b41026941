// A schema selected twice in `schemas`, or a field listed twice in a schema's `fields`.
import { type JsonNode, pathOf, propertyValue } from '../service/document';
import type { Rule } from './context';
import { schemaItemId, schemaItems } from './schedules';

function fieldId(item: JsonNode): { id: string; node: JsonNode } | undefined {
  if (item.type === 'string') return { id: item.value as string, node: item };
  const id = item.type === 'object' ? propertyValue(item, 'id') : undefined;
  return id?.type === 'string' ? { id: id.value as string, node: id } : undefined;
}

export const duplicateSelections: Rule = {
  name: 'duplicate-selections',
  check({ root, reporter }) {
    const seen = new Map<string, JsonNode>();
    for (const item of schemaItems(root)) {
      const selected = schemaItemId(item);
      if (!selected) continue;
      const first = seen.get(selected.id);
      if (first) {
        const line = reporter.doc.positionAt(first.offset).line + 1;
        reporter.reportNode('duplicateSchema', selected.node, `Schema \`${selected.id}\` is already selected on line ${line}: keep one entry and merge its settings.`, {
          fix: 'removeItem',
          path: pathOf(item),
        });
      } else seen.set(selected.id, selected.node);
      const fields = item.type === 'object' ? propertyValue(item, 'fields') : undefined;
      if (fields?.type !== 'array') continue;
      const seenFields = new Map<string, JsonNode>();
      for (const field of fields.children ?? []) {
        const f = fieldId(field);
        if (!f) continue;
        if (seenFields.has(f.id)) {
          reporter.reportNode('duplicateField', f.node, `Field \`${f.id}\` is listed twice in schema \`${selected.id}\`.`, { fix: 'removeItem', path: pathOf(field) });
        } else seenFields.set(f.id, f.node);
      }
    }
  },
};
