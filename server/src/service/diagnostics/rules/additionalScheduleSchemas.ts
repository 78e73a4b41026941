// `additional_schedules[].schemas` must name schemas the sync selects (when `schemas` lists them).
import { pathOf, propertyValue } from '../../document/document';
import { nearest } from '../../schema/nearest';
import type { Rule } from './context';
import { scheduleObjects } from '../../document/bulkSync';
import { idsInOrder, type SelectedIds, selectedIds } from '../selectedIds';

export const additionalScheduleSchemas: Rule = {
  name: 'additional-schedule-schemas',
  check({ root, reporter }) {
    const schemas = propertyValue(root, 'schemas');
    // Without an explicit list every source schema is selected, so any name may be valid.
    if (schemas?.type !== 'array') return;
    // The selected ids are read from every item only when some schedule names schemas: a megabyte
    // document has thousands of items, and this runs on every check.
    let selected: SelectedIds | undefined;
    for (const { node, additional } of scheduleObjects(root)) {
      if (!additional) continue;
      const names = propertyValue(node, 'schemas');
      if (names?.type !== 'array') continue;
      for (const name of names.children ?? []) {
        if (name.type !== 'string') continue;
        selected ??= selectedIds(schemas);
        if (selected.byId.has(name.value as string)) continue;
        const inOrder = idsInOrder(selected);
        const suggestion = nearest(name.value as string, inOrder);
        const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : '';
        reporter.reportNode(
          'unselectedScheduleSchema',
          name,
          `Schema \`${name.value}\` is not selected in \`schemas\`, so this schedule would not sync it.${hint}`,
          suggestion ? { fix: 'replaceValue', path: pathOf(name), suggestion, allowed: inOrder } : undefined,
          undefined,
          [{ node: schemas, message: 'The schemas this bulk sync selects' }],
        );
      }
    }
  },
};
