// Schema items: `user_output_name` and `output_name` are only accepted by the per-sync schema endpoints.
import { pathOf } from '../../document/document';
import { resolveSchema } from '../../schema/schema';
import type { Rule } from './context';
import { schemaItems } from '../../document/bulkSync';

export const notAcceptedOnCreate: Rule = {
  name: 'not-accepted-on-create',
  check({ root, reporter }) {
    const names = resolveSchema({ $ref: '#/definitions/SchemaConfiguration' })?.['x-notAcceptedOnCreate'] ?? [];
    if (names.length === 0) return;
    for (const item of schemaItems(root)) {
      if (item.type !== 'object') continue;
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
    }
  },
};
