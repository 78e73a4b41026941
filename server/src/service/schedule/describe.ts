// Reads a schedule object back in plain words ("daily at 02:30 UTC"), for hovers and inlay hints.
// The result is plain text (no markdown) so any editor surface can show it.
import { type JsonNode, propertyValue } from '../document/document';
import { dayNumber, isValidScheduleValue } from './values';

const DAY_WORDS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_WORDS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** The schedule fields in the order a cron expression lists them. */
const CRON_FIELDS = ['minute', 'hour', 'day_of_month', 'month', 'day_of_week'] as const;
type CronFieldName = (typeof CRON_FIELDS)[number];

/**
 * The schedule held by `node` in words, or undefined when it cannot be read honestly: not an object,
 * no known bulk-sync frequency, or a time value that is out of range (diagnostics report those).
 */
export function describeSchedule(node: JsonNode | undefined): string | undefined {
  if (!node || node.type !== 'object') return undefined;
  const frequency = fieldText(node, 'frequency');
  switch (frequency) {
    case 'manual':
      return 'manually';
    case 'continuous':
      return 'continuously';
    case 'hourly':
      return describeHourly(node);
    case 'daily':
      return describeDaily(node);
    case 'weekly':
      return describeWeekly(node);
    case 'custom':
      return describeCustom(node);
    default:
      return undefined;
  }
}

/** A field's text: strings as they are, numbers as written (the API wants strings, but intent is clear). */
function fieldText(node: JsonNode, key: string): string | undefined {
  const value = propertyValue(node, key);
  if (value?.type === 'string') return value.value as string;
  if (value?.type === 'number') return String(value.value);
  return undefined;
}

interface Fields {
  values: Partial<Record<CronFieldName, string>>;
  missing: string[];
  invalid: boolean;
}

function readFields(node: JsonNode, names: readonly CronFieldName[]): Fields {
  const result: Fields = { values: {}, missing: [], invalid: false };
  for (const name of names) {
    const text = fieldText(node, name);
    if (text === undefined) result.missing.push(name);
    else if (!isValidScheduleValue(name, text, false)) result.invalid = true;
    else result.values[name] = text;
  }
  return result;
}

function notSet(missing: string[]): string {
  const names = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}`;
  return `(${names} not set)`;
}

const two = (n: number) => String(n).padStart(2, '0');

function describeHourly(node: JsonNode): string | undefined {
  const { values, missing, invalid } = readFields(node, ['minute']);
  if (invalid) return undefined;
  if (missing.length) return `every hour ${notSet(missing)}`;
  return `every hour at :${two(Number(values.minute))}`;
}

function describeDaily(node: JsonNode): string | undefined {
  const { values, missing, invalid } = readFields(node, ['hour', 'minute']);
  if (invalid) return undefined;
  if (missing.length) return `daily ${notSet(missing)}`;
  return `daily at ${two(Number(values.hour))}:${two(Number(values.minute))} UTC`;
}

function describeWeekly(node: JsonNode): string | undefined {
  const { values, missing, invalid } = readFields(node, ['day_of_week', 'hour', 'minute']);
  if (invalid) return undefined;
  if (missing.length) return `weekly ${notSet(missing)}`;
  const day = dayOfWeekNumber(values.day_of_week!);
  if (day === undefined) return undefined;
  return `weekly on ${DAY_WORDS[day]} at ${two(Number(values.hour))}:${two(Number(values.minute))} UTC`;
}

function dayOfWeekNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= 0 && n <= 6 ? n : undefined;
  }
  return dayNumber(text, true);
}

// ---- custom (cron-style) schedules ---------------------------------------------------------------

/** One comma-separated part of a cron field: `*`, `n`, `a-b`, each optionally with `/step`. */
interface CronPart {
  from: number | '*';
  to?: number;
  step?: number;
}

function parseCronField(field: CronFieldName, text: string): CronPart[] | undefined {
  if (!isValidScheduleValue(field, text, true)) return undefined;
  const atom = (s: string) => (field === 'day_of_week' ? dayOfWeekNumber(s) : Number(s));
  const parts: CronPart[] = [];
  for (const piece of text.split(',')) {
    const [base, step] = piece.split('/');
    const part: CronPart = { from: '*' };
    if (step !== undefined) part.step = Number(step);
    if (base !== '*') {
      const [a, b] = base.split('-');
      const from = atom(a);
      if (from === undefined) return undefined;
      part.from = from;
      if (b !== undefined) {
        const to = atom(b);
        if (to === undefined) return undefined;
        part.to = to;
      }
    }
    parts.push(part);
  }
  return parts;
}

const isEvery = (parts: CronPart[]) => parts.length === 1 && parts[0].from === '*' && parts[0].step === undefined;
const isSingles = (parts: CronPart[]) => parts.every((p) => p.from !== '*' && p.to === undefined && p.step === undefined);
const singles = (parts: CronPart[]) => parts.map((p) => p.from as number);

function joinWords(words: string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/**
 * Words for a field made of ranges and steps. Time fields count ("every 2 hours from 09 through 17");
 * day and month fields use ordinals and plain ranges ("every 3rd month", "Monday through Friday").
 */
function spanWords(parts: CronPart[], unit: string, plural: string, show: (n: number) => string, calendar = false): string {
  const every = (step: number | undefined) =>
    !step || step === 1 ? `every ${unit}` : calendar ? `every ${ordinal(step)} ${unit}` : `every ${step} ${plural}`;
  return joinWords(
    parts.map((p) => {
      if (p.from === '*') return every(p.step);
      if (p.to === undefined && p.step === undefined) return show(p.from);
      if (calendar && p.step === undefined) return `${show(p.from)} through ${show(p.to!)}`;
      if (p.to === undefined) return `${every(p.step)} from ${show(p.from)}`;
      return `${every(p.step)} from ${show(p.from)} through ${show(p.to)}`;
    }),
  );
}

const hasNumbers = (parts: CronPart[]) => parts.some((p) => p.from !== '*');

function describeCustom(node: JsonNode): string | undefined {
  const parsed: Partial<Record<CronFieldName, CronPart[]>> = {};
  for (const field of CRON_FIELDS) {
    // A custom schedule treats a missing field as `*` (every value).
    const text = fieldText(node, field) ?? '*';
    const parts = parseCronField(field, text);
    if (!parts) return undefined;
    parsed[field] = parts;
  }
  const minute = parsed.minute!;
  const hour = parsed.hour!;
  const dayOfMonth = parsed.day_of_month!;
  const month = parsed.month!;
  const dayOfWeek = parsed.day_of_week!;

  const everyDay = isEvery(dayOfMonth) && isEvery(dayOfWeek);
  let time: string;
  if (isSingles(minute) && isSingles(hour)) {
    const times = singles(hour).flatMap((h) => singles(minute).map((m) => `${two(h)}:${two(m)}`));
    time = `${everyDay ? 'every day ' : ''}at ${joinWords(times)} UTC`;
  } else if (isSingles(minute)) {
    const at = `at ${joinWords(singles(minute).map((m) => `:${two(m)}`))}`;
    if (isEvery(hour)) time = `every hour ${at}`;
    else time = `${spanWords(hour, 'hour', 'hours', two)}${hasNumbers(hour) ? ' UTC' : ''} ${at}`;
  } else {
    const minutes = spanWords(minute, 'minute', 'minutes', (m) => `:${two(m)}`);
    const onlyRange = hour.length === 1 && hour[0].from !== '*' && hour[0].to !== undefined && hour[0].step === undefined;
    if (isEvery(hour)) time = minutes;
    else if (isSingles(hour)) {
      const hours = singles(hour).map(two);
      time = `${minutes} during hour${hours.length > 1 ? 's' : ''} ${joinWords(hours)} UTC`;
    } else if (onlyRange) time = `${minutes} from ${two(hour[0].from as number)}:00 through ${two(hour[0].to!)}:59 UTC`;
    else time = `${minutes}, ${spanWords(hour, 'hour', 'hours', two)}${hasNumbers(hour) ? ' UTC' : ''}`;
  }

  const days: string[] = [];
  if (!isEvery(dayOfMonth)) {
    days.push(
      isSingles(dayOfMonth)
        ? `on day${dayOfMonth.length > 1 ? 's' : ''} ${joinWords(singles(dayOfMonth).map(String))} of the month`
        : `on ${spanWords(dayOfMonth, 'day', 'days', (d) => `day ${d}`, true)} of the month`,
    );
  }
  if (!isEvery(dayOfWeek)) {
    days.push(`on ${spanWords(dayOfWeek, 'day', 'days', (d) => DAY_WORDS[d], true)}`);
  }
  // In cron, a day of the month and a day of the week both set means either one matches.
  const dayText = days.join(' or ');
  const monthText = isEvery(month) ? '' : `in ${spanWords(month, 'month', 'months', (m) => MONTH_WORDS[m - 1], true)}`;
  return [time, dayText, monthText].filter(Boolean).join(' ');
}
