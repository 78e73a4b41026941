// What a schedule's time values may be: minute 0-59, hour 0-23 (UTC), day_of_month 1-31, month 1-12,
// day_of_week a day name or 0-6. A `custom` schedule may use cron-style lists, ranges and steps.
// The numeric day_of_week convention (0 Sunday to 6 Saturday) is inferred from cron, not published.
// Used by the schedule-values rule, the schedule read back in words, and completion.

export interface FieldRange {
  min: number;
  max: number;
  /** The allowed values in words, for messages. */
  what: string;
}

export const SCHEDULE_FIELD_RANGES: Readonly<Record<string, FieldRange>> = {
  minute: { min: 0, max: 59, what: 'a minute from 0 to 59' },
  hour: { min: 0, max: 23, what: 'an hour from 0 to 23 (UTC)' },
  day_of_month: { min: 1, max: 31, what: 'a day of the month from 1 to 31' },
  month: { min: 1, max: 12, what: 'a month from 1 to 12' },
  day_of_week: { min: 0, max: 6, what: 'a day name such as `monday`, or 0 (Sunday) to 6 (Saturday)' },
};

/** Lower-case day names in cron's numbering: index 0 is Sunday. */
export const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Lower-case day names, Monday first: the spelling and order Polytomic's examples use. */
export const WEEK_DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The cron number of a day name (`monday` is 1); with `allowShort`, three-letter names too (`mon`). */
export function dayNumber(word: string, allowShort: boolean): number | undefined {
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
  const range = SCHEDULE_FIELD_RANGES[field];
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
