// `additional_schedules[].schemas` must name schemas the sync selects (when `schemas` lists them).
import { type JsonNode, pathOf, propertyValue } from '../../document/document';
import { nearest } from '../../schema/nearest';
import type { Rule } from './context';
import { schemaItemId, scheduleObjects } from '../../document/bulkSync';
import { latestEdit, unchangedSince } from '../../document/treeEdit';

// The ids a `schemas` array selects, kept per array while no edit changes it or anything in it.
const selectedByArray = new WeakMap<JsonNode, { edit: number; ids: Set<string> }>();

function selectedIds(schemas: JsonNode): Set<string> {
  const before = selectedByArray.get(schemas);
  if (before && unchangedSince(schemas, before.edit)) return before.ids;
  const edit = latestEdit();
  const ids = new Set<string>();
  for (const item of schemas.children ?? []) {
    const id = schemaItemId(item);
    if (id) ids.add(id.id);
  }
  selectedByArray.set(schemas, { edit, ids });
  return ids;
}

export const additionalScheduleSchemas: Rule = {
  name: 'additional-schedule-schemas',
  check({ root, reporter }) {
    const schemas = propertyValue(root, 'schemas');
    // Without an explicit list every source schema is selected, so any name may be valid.
    if (schemas?.type !== 'array') return;
    // The selected ids are read from every item only when some schedule names schemas: a megabyte
    // document has thousands of items, and this runs on every check.
    let selected: Set<string> | undefined;
    for (const { node, additional } of scheduleObjects(root)) {
      if (!additional) continue;
      const names = propertyValue(node, 'schemas');
      if (names?.type !== 'array') continue;
      for (const name of names.children ?? []) {
        if (name.type !== 'string') continue;
        selected ??= selectedIds(schemas);
        if (selected.has(name.value as string)) continue;
        const suggestion = nearest(name.value as string, [...selected]);
        const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : '';
        reporter.reportNode(
          'unselectedScheduleSchema',
          name,
          `Schema \`${name.value}\` is not selected in \`schemas\`, so this schedule would not sync it.${hint}`,
          suggestion ? { fix: 'replaceValue', path: pathOf(name), suggestion, allowed: [...selected] } : undefined,
          undefined,
          [{ node: schemas, message: 'The schemas this bulk sync selects' }],
        );
      }
    }
  },
};
