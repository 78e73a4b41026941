// Schema items: `user_output_name` and `output_name` are only accepted by the per-sync schema endpoints.
import { pathOf } from '../../document/document';
import { resolveSchema } from '../../schema/schema';
import type { ItemRule } from './context';

/** The keys the schema marks as not accepted on create (the schema is static: read once). */
let names: readonly string[] | undefined;

// A matter of one item each: kept per item while it is unchanged (see ItemRule).
export const notAcceptedOnCreate: ItemRule = {
  name: 'not-accepted-on-create',
  checkItem(item, reporter) {
    if (item.type !== 'object') return;
    names ??= resolveSchema({ $ref: '#/definitions/SchemaConfiguration' })?.['x-notAcceptedOnCreate'] ?? [];
    if (names.length === 0) return;
    for (const property of item.children ?? []) {
      const key = property.children?.[0];
      if (!key || !names.includes(key.value as string)) continue;
      reporter.reportNode(
        'notAcceptedOnCreate',
        key,
        `\`${key.value}\` is not accepted when creating a bulk sync: rename output tables after creation with the bulk sync schemas endpoint.`,
        { fix: 'removeProperty', path: [...pathOf(item), key.value as string] },
      );
    }
  },
};
