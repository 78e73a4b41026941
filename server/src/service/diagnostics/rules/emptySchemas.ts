// `"schemas": []`. The API selects every source schema only when `schemas` is left out (the official SDK:
// "if omitted, all schemas will be selected"; the Terraform provider sends no list rather than an empty
// one for that reason). What an empty list selects is not documented: at best surprising, so a warning.
import { pathOf, propertyNode } from '../../document/document';
import type { Rule } from './context';

export const emptySchemas: Rule = {
  name: 'empty-schemas',
  check({ root, reporter }) {
    const property = propertyNode(root, 'schemas');
    const value = property?.children?.[1];
    if (!property || value?.type !== 'array' || (value.children?.length ?? 0) > 0) return;
    reporter.reportNode(
      'emptySchemas',
      value,
      '`schemas` is an empty list. The API selects every source schema only when `schemas` is left out; what an empty list selects is not documented. Remove the key to sync all schemas, or list the ones to sync.',
      { fix: 'removeProperty', path: [...pathOf(root), 'schemas'] },
    );
  },
};
