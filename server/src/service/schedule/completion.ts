// Completion's schedule knowledge, as a value provider: day names for day_of_week, `*` in the fields
// of a custom (cron-style) schedule, frequencies that are not for bulk syncs offered last, and the
// time fields a schedule's frequency uses ranked first. The service's front door (index.ts) registers it.
import type { KeyFit, KeyProviderContext, ProvidedValue, ValueProvider, ValueProviderContext } from '../completion/providers';
import type { JsonPath } from '../document/document';
import { SCHEDULE_TIME_FIELDS } from '../schema/docs';
import { frequencyFields, isSchedulePath, schemaBranches } from '../schema/lookup';
import { type SchemaNode, typesOf } from '../schema/schema';
import { WEEK_DAYS } from './values';

/** What `*` means in each field of a custom schedule. */
const CRON_WORDS: Record<string, string> = {
  minute: 'every minute',
  hour: 'every hour',
  day_of_month: 'every day of the month',
  month: 'every month',
  day_of_week: 'every day of the week',
};

function lastKey(path: JsonPath): string | undefined {
  const last = path[path.length - 1];
  return typeof last === 'string' ? last : undefined;
}

/** Whether the schema takes free strings here (a string branch without an enum). */
function takesStrings(schema: SchemaNode | undefined): boolean {
  return schemaBranches(schema).some((branch) => !branch.enum && typesOf(branch).includes('string'));
}

/** The frequency next to a value or name in a schedule object, as typed. */
function scheduleFrequency(objectPath: JsonPath, siblings: ValueProviderContext['siblings']): string | undefined {
  return isSchedulePath(objectPath) ? siblings.get('frequency')?.value : undefined;
}

function dayNameValues(): ProvidedValue[] {
  return WEEK_DAYS.map((day) => ({
    value: day,
    rank: 'choice',
    documentation: `Runs on ${day[0].toUpperCase()}${day.slice(1)}s (times are UTC). Numbers \`"0"\` (Sunday) to \`"6"\` (Saturday) are also accepted.`,
  }));
}

function cronWildcard(key: string): ProvidedValue {
  return {
    value: '*',
    rank: 'top',
    detail: CRON_WORDS[key],
    documentation: `\`*\` means ${CRON_WORDS[key]}. Custom schedules also take cron-style steps (\`*/15\`), ranges (\`1-5\`) and lists (\`1,15\`). Times are UTC.`,
  };
}

function scheduleValues(context: ValueProviderContext): ProvidedValue[] | undefined {
  const key = lastKey(context.path);
  if (!key || !takesStrings(context.schema)) return undefined;
  const values: ProvidedValue[] = key === 'day_of_week' ? dayNameValues() : [];
  const inSchedule = context.path.length >= 2;
  const frequency = inSchedule ? scheduleFrequency(context.path.slice(0, -1), context.siblings) : undefined;
  if (frequency === 'custom' && CRON_WORDS[key]) values.push(cronWildcard(key));
  return values;
}

/** A frequency the schema lists that bulk syncs do not use (it has no entry in the frequency table). */
function isOtherFrequency(context: ValueProviderContext, value: unknown): boolean {
  return lastKey(context.path) === 'frequency' && typeof value === 'string' && !Object.hasOwn(frequencyFields(), value);
}

function scheduleKeyFit(context: KeyProviderContext, key: string): KeyFit | undefined {
  const frequency = scheduleFrequency(context.objectPath, context.siblings);
  const table = frequencyFields();
  // An own entry only: a typed frequency such as `constructor` names no fields.
  const used = frequency !== undefined && Object.hasOwn(table, frequency) ? table[frequency] : undefined;
  if (used && SCHEDULE_TIME_FIELDS.has(key)) return used.includes(key) ? 'expected' : 'unlikely';
  if (key === 'id' && isSchedulePath(context.objectPath)) return 'unlikely';
  return undefined;
}

export const scheduleValueProvider: ValueProvider = {
  name: 'schedule',
  values: scheduleValues,
  replacesExamples: (context) => lastKey(context.path) === 'day_of_week',
  discourages: isOtherFrequency,
  keyFit: scheduleKeyFit,
  snippetChoices: (key) => (key === 'day_of_week' ? WEEK_DAYS : undefined),
};
