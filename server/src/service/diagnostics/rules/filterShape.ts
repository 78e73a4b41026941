// The shape of each filter in `schemas[].filters`: a function that compares with a value needs `value`,
// one that takes none (`x-functionsWithoutValue` on the Filter definition: IsNull, IsNotNull, True, False)
// should have none, and every filter should name the field it tests. The API marks only `function`
// required and the list of value-less functions is inferred from their descriptions, so these are warnings.
import { type JsonNode, objectAnchor, pathOf, propertyNode, propertyValue, stringValue } from '../../document/document';
import { resolveSchema } from '../../schema/schema';
import type { ItemRule } from './context';

let facts: { functions: readonly unknown[]; withoutValue: readonly string[] } | undefined;

/** The schema's filter functions and which take no value (the schema is static: read once). */
function filterSchemaFacts(): { functions: readonly unknown[]; withoutValue: readonly string[] } {
  facts ??= readFilterSchemaFacts();
  return facts;
}

function readFilterSchemaFacts(): { functions: readonly unknown[]; withoutValue: readonly string[] } {
  const filter = resolveSchema({ $ref: '#/definitions/Filter' });
  const fn = resolveSchema({ $ref: '#/definitions/FilterFunction' });
  const withoutValue = filter?.['x-functionsWithoutValue'];
  return { functions: fn?.enum ?? [], withoutValue: Array.isArray(withoutValue) ? (withoutValue as string[]) : [] };
}

/** The filter objects of one schema item, in document order. */
function filterObjects(item: JsonNode): JsonNode[] {
  const out: JsonNode[] = [];
  const filters = item.type === 'object' ? propertyValue(item, 'filters') : undefined;
  if (filters?.type !== 'array') return out;
  for (const filter of filters.children ?? []) if (filter.type === 'object') out.push(filter);
  return out;
}

// Filters belong to one item each: what is found in them is kept per item (see ItemRule).
export const filterShape: ItemRule = {
  name: 'filter-shape',
  checkItem(item, reporter) {
    if (item.type !== 'object') return;
    const { functions, withoutValue } = filterSchemaFacts();
    for (const filter of filterObjects(item)) {
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
