// Which schedule fields each frequency uses (a table inferred from the product docs, kept in the
// schema as `x-frequencyFields`), and frequencies that are deprecated or meant for model syncs.
import { DiagnosticTag } from 'vscode-languageserver-types';
import { pathOf, propertyValue, stringValue } from '../../document/document';
import { bulkSyncSchema, resolveSchema } from '../../schema/schema';
import { listValues } from '../../schema/nearest';
import type { Rule } from './context';
import { scheduleObjects } from '../../document/bulkSync';

const ALWAYS_ALLOWED = new Set(['frequency', 'id']);
const ADDITIONAL_ONLY = new Set(['resync_mode', 'selective_mode', 'schemas']);
const MODEL_SYNC_FREQUENCIES = new Set(['builder', 'runafter', 'dbtcloud']);

function frequencyTable(): Record<string, string[]> {
  const schedule = resolveSchema({ $ref: '#/definitions/Schedule' });
  return schedule?.['x-frequencyFields'] ?? bulkSyncSchema['x-frequencyFields'] ?? {};
}

/** Fields published API text names for a frequency the table leaves them out of (`hour` on `hourly`). */
function toleratedFields(): Record<string, string[]> {
  return resolveSchema({ $ref: '#/definitions/Schedule' })?.['x-frequencyFieldsTolerated'] ?? {};
}

let tables: { fields: Record<string, string[]>; tolerated: Record<string, string[]> } | undefined;

/** Both tables, read from the schema once: it is built into the server, and this rule runs on every check. */
function scheduleTables(): { fields: Record<string, string[]>; tolerated: Record<string, string[]> } {
  return (tables ??= { fields: frequencyTable(), tolerated: toleratedFields() });
}

export const scheduleFrequency: Rule = {
  name: 'schedule-frequency',
  check({ root, reporter }) {
    const { fields: table, tolerated } = scheduleTables();
    for (const { node } of scheduleObjects(root)) {
      const frequencyNode = propertyValue(node, 'frequency');
      const frequency = stringValue(frequencyNode);
      if (!frequency || !frequencyNode) continue;
      if (frequency === 'multi') {
        reporter.reportNode(
          'deprecatedFrequency',
          frequencyNode,
          '`multi` is deprecated in API version 2025-09-18: set the main schedule in `default_schedule` and put the others in `additional_schedules`.',
          undefined,
          [DiagnosticTag.Deprecated],
        );
      } else if (MODEL_SYNC_FREQUENCIES.has(frequency)) {
        reporter.reportNode(
          'modelSyncFrequency',
          frequencyNode,
          `\`${frequency}\` is meant for model syncs and takes settings a bulk sync schedule does not have; use ${listValues(Object.keys(table))}.`,
        );
      }
      const uses = table[frequency];
      if (!uses) continue;
      for (const property of node.children ?? []) {
        const keyNode = property.children?.[0];
        const key = keyNode?.value as string | undefined;
        if (!keyNode || !key || ALWAYS_ALLOWED.has(key) || ADDITIONAL_ONLY.has(key) || uses.includes(key)) continue;
        if (!['minute', 'hour', 'day_of_week', 'day_of_month', 'month'].includes(key)) continue;
        if (tolerated[frequency]?.includes(key)) continue;
        const used = uses.length ? `it uses ${listValues(uses, 'and')}` : 'it takes no time fields';
        reporter.reportNode('scheduleFieldUnused', keyNode, `\`${key}\` is not used by a \`${frequency}\` schedule: ${used}.`, {
          fix: 'removeProperty',
          path: [...pathOf(node), key],
        });
      }
      if (frequency === 'custom') continue; // Cron-style fields default to "every".
      const missing = uses.filter((field) => !propertyValue(node, field));
      if (missing.length) {
        reporter.reportNode(
          'scheduleFieldMissing',
          frequencyNode,
          `A \`${frequency}\` schedule needs ${listValues(missing, 'and')} (times are UTC).`,
          { fix: 'addProperties', path: pathOf(node), properties: missing },
        );
      }
    }
  },
};
