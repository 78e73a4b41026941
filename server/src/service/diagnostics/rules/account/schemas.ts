// Schemas and fields must exist in the source: every `schemas` item, each additional schedule's
// `schemas`, and inside a schema object its `fields`, `tracking_field`, `partition_key` and
// `filters[].field_id`. Field checks run only when the source was read with its fields.
import {
  type AccountSchema,
  type AccountSource,
  connectionLabel,
  findConnection,
  isConnectionIdLike,
  sourceOf,
} from '../../../account/snapshot';
import { type JsonNode, pathOf, propertyValue } from '../../../document/document';
import { nearest } from '../../../schema/nearest';
import { scheduleObjects, schemaItemId, schemaItems } from '../../../document/bulkSync';
import { type AccountRuleContext, type AccountRule, closest } from './context';

export const accountSchemas: AccountRule = {
  name: 'account-schemas',
  check(context) {
    const { root, account } = context;
    const sourceNode = propertyValue(root, 'source_connection_id');
    const id = sourceNode?.type === 'string' ? (sourceNode.value as string) : undefined;
    if (!isConnectionIdLike(id)) return;
    const known = sourceOf(account, id);
    if (known.status !== 'ready') return;
    const source = known.value;
    const found = findConnection(account, id);
    const name = found.status === 'found' ? `source ${connectionLabel(found.connection)}` : 'the source';
    const byId = new Map(source.schemas.map((s) => [s.id, s]));

    for (const item of schemaItems(root)) {
      const selected = schemaItemId(item);
      if (!selected || selected.id === '') continue;
      const schema = byId.get(selected.id);
      if (!schema) {
        unknownSchema(context, selected.node, selected.id, source, name);
        continue;
      }
      if (item.type === 'object') checkFields(context, item, schema, source, name);
    }
    for (const { node, additional } of scheduleObjects(root)) {
      if (!additional) continue;
      const names = propertyValue(node, 'schemas');
      for (const entry of names?.type === 'array' ? (names.children ?? []) : []) {
        if (entry.type === 'string' && entry.value !== '' && !byId.has(entry.value as string)) {
          unknownSchema(context, entry, entry.value as string, source, name);
        }
      }
    }
  },
};

function unknownSchema(context: AccountRuleContext, node: JsonNode, id: string, source: AccountSource, name: string): void {
  const candidates = closest(id, source.schemas.map((s) => s.id));
  const near = nearest(id, candidates);
  context.reporter.reportNode(
    'unknownSchema',
    node,
    `Schema \`${id}\` is not in ${name}.${near ? ` Did you mean \`${near}\`?` : ''}`,
    { fix: 'replaceValue', path: pathOf(node), suggestion: near, allowed: candidates },
  );
}

function checkFields(context: AccountRuleContext, item: JsonNode, schema: AccountSchema, source: AccountSource, sourceName: string): void {
  const tracking = propertyValue(item, 'tracking_field');
  if (tracking?.type === 'string' && tracking.value !== '' && source.supportsTrackingFields === false) {
    context.reporter.reportNode(
      'trackingFieldUnsupported',
      tracking,
      `${capitalize(sourceName)} does not support tracking fields: remove \`tracking_field\` (changes are found another way).`,
      { fix: 'removeProperty', path: pathOf(tracking) },
    );
  }
  if (!source.fieldsIncluded || !schema.fields) return;
  const fieldIds = new Set(schema.fields.map((f) => f.id));
  const check = (node: JsonNode | undefined) => {
    if (node?.type !== 'string' || node.value === '' || fieldIds.has(node.value as string)) return;
    const value = node.value as string;
    const candidates = closest(value, [...fieldIds]);
    const near = nearest(value, candidates);
    context.reporter.reportNode(
      'unknownField',
      node,
      `Field \`${value}\` is not in schema \`${schema.id}\` of ${sourceName}.${near ? ` Did you mean \`${near}\`?` : ''}`,
      { fix: 'replaceValue', path: pathOf(node), suggestion: near, allowed: candidates },
    );
  };
  const fields = propertyValue(item, 'fields');
  for (const field of fields?.type === 'array' ? (fields.children ?? []) : []) {
    check(field.type === 'object' ? propertyValue(field, 'id') : field);
  }
  if (source.supportsTrackingFields !== false) check(tracking);
  check(propertyValue(item, 'partition_key'));
  const filters = propertyValue(item, 'filters');
  for (const filter of filters?.type === 'array' ? (filters.children ?? []) : []) check(propertyValue(filter, 'field_id'));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
