// The shape of each filter in `schemas[].filters`: a function that compares with a value needs `value`,
// one that takes none (`x-functionsWithoutValue` on the Filter definition: IsNull, IsNotNull, True, False)
// should have none, and every filter should name the field it tests. The API marks only `function`
// required and the list of value-less functions is inferred from their descriptions, so these are warnings.
import { type JsonNode, objectAnchor, pathOf, propertyNode, propertyValue, stringValue } from '../../document/document';
import { resolveSchema } from '../../schema/schema';
import { schemaItems } from '../../document/bulkSync';
import type { Rule } from './context';

function filterSchemaFacts(): { functions: readonly unknown[]; withoutValue: readonly string[] } {
  const filter = resolveSchema({ $ref: '#/definitions/Filter' });
  const fn = resolveSchema({ $ref: '#/definitions/FilterFunction' });
  const withoutValue = filter?.['x-functionsWithoutValue'];
  return { functions: fn?.enum ?? [], withoutValue: Array.isArray(withoutValue) ? (withoutValue as string[]) : [] };
}

/** The filter objects of every schema item, in document order. */
function filterObjects(root: JsonNode): JsonNode[] {
  const out: JsonNode[] = [];
  for (const item of schemaItems(root)) {
    const filters = item.type === 'object' ? propertyValue(item, 'filters') : undefined;
    if (filters?.type !== 'array') continue;
    for (const filter of filters.children ?? []) if (filter.type === 'object') out.push(filter);
  }
  return out;
}

export const filterShape: Rule = {
  name: 'filter-shape',
  check({ root, reporter }) {
    const { functions, withoutValue } = filterSchemaFacts();
    for (const filter of filterObjects(root)) {
      const functionNode = propertyValue(filter, 'function');
      const name = stringValue(functionNode);
      const functionKey = propertyNode(filter, 'function')?.children?.[0];
      if (propertyValue(filter, 'field_id') === undefined) {
        const anchor = functionKey ?? objectAnchor(filter);
        reporter.report(
          'filterFieldMissing',
          anchor.offset,
          anchor.length,
          `This filter names no \`field_id\`: ${name ? `\`${name}\`` : 'its function'} has no field to test.`,
          { fix: 'addProperties', path: pathOf(filter), properties: ['field_id'] },
        );
      }
      // An unknown function is the schema check's business (PS104).
      if (!name || !functions.includes(name) || !functionNode) continue;
      const valueProperty = propertyNode(filter, 'value');
      const value = valueProperty?.children?.[1];
      const hasValue = value !== undefined && value.type !== 'null';
      if (withoutValue.includes(name)) {
        if (hasValue && valueProperty?.children?.[0]) {
          reporter.reportNode(
            'filterValueNotTaken',
            valueProperty.children[0],
            `\`${name}\` takes no \`value\`; this one is not used. (Which functions take none is inferred from their descriptions.)`,
            { fix: 'removeProperty', path: [...pathOf(filter), 'value'] },
          );
        }
      } else if (!hasValue) {
        reporter.reportNode(
          'filterValueMissing',
          functionNode,
          `\`${name}\` compares the field with \`value\`, but this filter has ${value ? 'a null one' : 'none'}.`,
          value ? undefined : { fix: 'addProperties', path: pathOf(filter), properties: ['value'] },
        );
      }
    }
  },
};
