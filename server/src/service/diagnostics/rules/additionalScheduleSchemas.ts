// `additional_schedules[].schemas` must name schemas the sync selects (when `schemas` lists them).
import { pathOf, propertyValue } from '../../document/document';
import { nearest } from '../../schema/nearest';
import type { Rule } from './context';
import { schemaItemId, schemaItems, scheduleObjects } from '../../document/bulkSync';

export const additionalScheduleSchemas: Rule = {
  name: 'additional-schedule-schemas',
  check({ root, reporter }) {
    const schemas = propertyValue(root, 'schemas');
    // Without an explicit list every source schema is selected, so any name may be valid.
    if (schemas?.type !== 'array') return;
    const selected = new Set<string>();
    for (const item of schemaItems(root)) {
      const id = schemaItemId(item);
      if (id) selected.add(id.id);
    }
    for (const { node, additional } of scheduleObjects(root)) {
      if (!additional) continue;
      const names = propertyValue(node, 'schemas');
      if (names?.type !== 'array') continue;
      for (const name of names.children ?? []) {
        if (name.type !== 'string' || selected.has(name.value as string)) continue;
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
