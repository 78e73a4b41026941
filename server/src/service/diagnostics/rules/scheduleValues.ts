// Schedule values in range (the ranges are in schedule/values.ts). The numeric day_of_week convention
// (0 Sunday to 6 Saturday) is inferred from cron, not published: another number is a warning that
// says so (PS215), not an error.
import { type JsonNode, propertyValue, stringValue } from '../../document/document';
import type { Rule } from './context';
import { scheduleObjects } from '../../document/bulkSync';
import { isValidScheduleValue, SCHEDULE_FIELD_RANGES } from '../../schedule/values';

/** The fields with a range, listed once: this rule runs on every check. */
const SCHEDULE_FIELDS = Object.keys(SCHEDULE_FIELD_RANGES);

export const scheduleValues: Rule = {
  name: 'schedule-values',
  check({ root, reporter }) {
    for (const { node } of scheduleObjects(root)) {
      const cron = stringValue(propertyValue(node, 'frequency')) === 'custom';
      for (const field of SCHEDULE_FIELDS) {
        const valueNode: JsonNode | undefined = propertyValue(node, field);
        if (!valueNode || (valueNode.type !== 'string' && valueNode.type !== 'number')) continue;
        const text = valueNode.type === 'number' ? reporter.doc.slice(valueNode.offset, valueNode.offset + valueNode.length) : (valueNode.value as string);
        if (isValidScheduleValue(field, text, cron)) continue;
        if (isValidScheduleValue(field, text, cron, true)) {
          reporter.reportNode(
            'inferredDayOfWeek',
            valueNode,
            `\`${text}\` is outside 0 (Sunday) to 6 (Saturday), the \`day_of_week\` numbering Polysync infers from cron (which also reads 7 as Sunday); no published source states the numbering, so the API may accept it.`,
          );
          continue;
        }
        const cronHint = cron ? ' (custom schedules also take cron-style `*`, `*/15`, `1-5` and lists)' : '';
        reporter.reportNode('scheduleValueRange', valueNode, `\`${text}\` is not a valid \`${field}\`: use ${SCHEDULE_FIELD_RANGES[field].what}${cronHint}.`);
      }
    }
  },
};
