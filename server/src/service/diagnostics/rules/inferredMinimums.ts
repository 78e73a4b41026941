// Top-level numbers below a minimum Polysync infers but no published source states (`x-inferredMinimum`,
// such as a concurrency limit of 0): a warning that says the limit is inferred, never an error.
import { propertyValue } from '../../document/document';
import { bulkSyncSchema } from '../../schema/schema';
import type { Rule } from './context';

let minimums: readonly (readonly [key: string, minimum: number])[] | undefined;

/** The top-level properties with an inferred minimum, in the schema's order, read from it once (this rule runs on every check). */
function inferredMinimumsOf(): readonly (readonly [key: string, minimum: number])[] {
  return (minimums ??= Object.entries(bulkSyncSchema.properties ?? {}).flatMap(([key, schema]) => {
    const minimum = schema['x-inferredMinimum'];
    return typeof minimum === 'number' ? [[key, minimum] as const] : [];
  }));
}

export const inferredMinimums: Rule = {
  name: 'inferred-minimums',
  check({ root, reporter }) {
    for (const [key, minimum] of inferredMinimumsOf()) {
      const value = propertyValue(root, key);
      if (value?.type !== 'number' || (value.value as number) >= minimum) continue;
      reporter.reportNode(
        'inferredMinimum',
        value,
        `\`${key}\` is ${String(value.value)}: Polysync expects at least ${minimum}. This limit is inferred (no published source states it), so the API may decide otherwise.`,
      );
    }
  },
};
