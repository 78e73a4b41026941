// Top-level numbers below a minimum Polysync infers but no published source states (`x-inferredMinimum`,
// such as a concurrency limit of 0): a warning that says the limit is inferred, never an error.
import { propertyValue } from '../../document/document';
import { bulkSyncSchema } from '../../schema/schema';
import type { Rule } from './context';

export const inferredMinimums: Rule = {
  name: 'inferred-minimums',
  check({ root, reporter }) {
    for (const [key, schema] of Object.entries(bulkSyncSchema.properties ?? {})) {
      const minimum = schema['x-inferredMinimum'];
      const value = propertyValue(root, key);
      if (typeof minimum !== 'number' || value?.type !== 'number' || (value.value as number) >= minimum) continue;
      reporter.reportNode(
        'inferredMinimum',
        value,
        `\`${key}\` is ${String(value.value)}: Polysync expects at least ${minimum}. This limit is inferred (no published source states it), so the API may decide otherwise.`,
      );
    }
  },
};
