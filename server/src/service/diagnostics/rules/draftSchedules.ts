// `schedules`: an array only an older revision of the 2025-09-18 migration guide showed. The API takes
// `default_schedule` plus `additional_schedules`; the quick fix moves the entries without losing any.
import { propertyNode } from '../../document/document';
import { bulkSyncSchema } from '../../schema/schema';
import type { Rule } from './context';

export const draftSchedules: Rule = {
  name: 'draft-schedules',
  check({ root, reporter }) {
    const node = propertyNode(root, 'schedules');
    const info = bulkSyncSchema['x-draftProperties']?.schedules;
    const key = node?.children?.[0];
    if (!node || !key || !info) return;
    const value = node.children?.[1];
    const movable = value?.type === 'array' && (value.children ?? []).every((item) => item.type === 'object');
    reporter.reportNode(
      'draftSchedules',
      key,
      movable ? `${info.message} The quick fix moves them.` : info.message,
      movable ? { fix: 'migrateDraftSchedules' } : undefined,
    );
  },
};
