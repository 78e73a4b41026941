// Schedule values in range: minute 0-59, hour 0-23 (UTC), day_of_month 1-31, month 1-12,
// day_of_week a day name or 0-6. A `custom` schedule may use cron-style lists, ranges and steps.
// The numeric day_of_week convention (0 Sunday to 6 Saturday) is inferred from cron, not published:
// another number is a warning that says so (PS215), not an error.
import { type JsonNode, propertyValue, stringValue } from '../../document/document';
import type { Rule } from './context';
import { scheduleObjects } from '../../document/bulkSync';

interface FieldRange {
  min: number;
  max: number;
  what: string;
}

const ranges: Record<string, FieldRange> = {
  minute: { min: 0, max: 59, what: 'a minute from 0 to 59' },
  hour: { min: 0, max: 23, what: 'an hour from 0 to 23 (UTC)' },
  day_of_month: { min: 1, max: 31, what: 'a day of the month from 1 to 31' },
  month: { min: 1, max: 12, what: 'a month from 1 to 12' },
  day_of_week: { min: 0, max: 6, what: 'a day name such as `monday`, or 0 (Sunday) to 6 (Saturday)' },
};

export const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function dayNumber(word: string, allowShort: boolean): number | undefined {
  const lower = word.toLowerCase();
  const full = DAY_NAMES.indexOf(lower);
  if (full >= 0) return full;
  if (allowShort && lower.length === 3) {
    const short = DAY_NAMES.findIndex((d) => d.startsWith(lower));
    if (short >= 0) return short;
  }
  return undefined;
}

function atom(text: string, field: string, range: FieldRange, cron: boolean, anyDayNumber: boolean): boolean {
  if (/^\d{1,2}$/.test(text)) {
    const n = Number(text);
    if (anyDayNumber && field === 'day_of_week') return true;
    return n >= range.min && n <= range.max;
  }
  return field === 'day_of_week' && dayNumber(text, cron) !== undefined;
}

/**
 * True when `value` is acceptable for `field`; cron syntax only for custom schedules. With
 * `anyDayNumber`, any one- or two-digit day_of_week number passes (the 0-6 numbering is inferred).
 */
export function isValidScheduleValue(field: string, value: string, cron: boolean, anyDayNumber = false): boolean {
  const range = ranges[field];
  if (!range) return true;
  const trimmed = value.trim();
  if (trimmed !== value || value === '') return false;
  if (!cron) return atom(value, field, range, false, anyDayNumber);
  return value.split(',').every((part) => {
    const [base, step, extra] = part.split('/');
    if (extra !== undefined) return false;
    if (step !== undefined && !(/^\d{1,2}$/.test(step) && Number(step) > 0)) return false;
    if (base === '*') return true;
    const bounds = base.split('-');
    if (bounds.length > 2) return false;
    return bounds.every((b) => atom(b, field, range, true, anyDayNumber));
  });
}

export const scheduleValues: Rule = {
  name: 'schedule-values',
  check({ root, reporter }) {
    for (const { node } of scheduleObjects(root)) {
      const cron = stringValue(propertyValue(node, 'frequency')) === 'custom';
      for (const field of Object.keys(ranges)) {
        const valueNode: JsonNode | undefined = propertyValue(node, field);
        if (!valueNode || (valueNode.type !== 'string' && valueNode.type !== 'number')) continue;
        const text = valueNode.type === 'number' ? reporter.doc.text.substr(valueNode.offset, valueNode.length) : (valueNode.value as string);
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
        reporter.reportNode('scheduleValueRange', valueNode, `\`${text}\` is not a valid \`${field}\`: use ${ranges[field].what}${cronHint}.`);
      }
    }
  },
};
