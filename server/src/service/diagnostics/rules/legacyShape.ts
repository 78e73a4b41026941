// The 2024-02-08 request shape: `schedule` and `discover` were replaced in 2025-09-18.
import { propertyNode } from '../../document/document';
import { bulkSyncSchema } from '../../schema/schema';
import { listValues } from '../../schema/nearest';
import type { Rule } from './context';

export const legacyShape: Rule = {
  name: 'legacy-shape',
  check({ root, reporter }) {
    const removed = bulkSyncSchema['x-removedProperties'] ?? {};
    for (const property of ['schedule', 'discover'] as const) {
      const node = propertyNode(root, property);
      const info = removed[property];
      if (!node || !info) continue;
      const message =
        `\`${property}\` is from API version 2024-02-08: ${info.removedIn} replaced it with ${listValues(info.replacedBy, 'and')}. ` +
        'The quick fix migrates it.';
      reporter.reportNode(property === 'schedule' ? 'legacySchedule' : 'legacyDiscover', node.children![0], message, {
        fix: 'migrateLegacy',
        property,
      });
    }
  },
};
