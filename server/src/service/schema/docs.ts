// Markdown that explains a property or a value, shared by hover and completion documentation.
import {
  descriptionOf,
  enumDescription,
  frequencyFields,
  isDeprecatedValue,
  omittedValue,
  sameValue,
  schemaBranches,
  typeLabel,
} from './lookup';
import type { SchemaNode } from './schema';
import { listValues } from './nearest';

export const SCHEDULE_TIME_FIELDS = new Set(['minute', 'hour', 'day_of_week', 'day_of_month', 'month']);

export interface PropertyDocOptions {
  required: boolean;
  /** Whether the property belongs to a schedule object, whose times are UTC. */
  inSchedule?: boolean;
  /** Include a `**key**: type` first line (hover has no separate title, completion shows `detail`). */
  heading?: boolean;
}

const code = (value: unknown) => `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;

/** The enum alternative of a schema, if any. */
function enumBranch(schema: SchemaNode | undefined): SchemaNode | undefined {
  return schemaBranches(schema).find((b) => Array.isArray(b.enum));
}

/** Description, type, allowed values, default and what happens when the property is left out. */
export function propertyMarkdown(key: string, schema: SchemaNode | undefined, options: PropertyDocOptions): string {
  const parts: string[] = [];
  if (options.heading) {
    parts.push(`**\`${key}\`**${options.required ? ' (required)' : ''}: \`${typeLabel(schema)}\``);
  }
  const description = descriptionOf(schema);
  if (description) parts.push(description);
  const facts: string[] = [];
  const enumSchema = enumBranch(schema);
  if (enumSchema?.enum) {
    const lines = enumSchema.enum.map((value) => {
      const text = enumSchema.enumDescriptions?.[enumSchema.enum!.indexOf(value)];
      const deprecated = isDeprecatedValue(enumSchema, value) ? ' *(deprecated)*' : '';
      return `- ${code(value)}${deprecated}${text ? `: ${text}` : ''}`;
    });
    facts.push(`**Allowed values:**\n\n${lines.join('\n')}`);
  }
  const defaultValue = schema?.default;
  if (defaultValue !== undefined) facts.push(`**Default:** ${code(defaultValue)}`);
  const omitted = schema?.['x-omitted'];
  if (omitted && !options.required) facts.push(`**When omitted:** ${omitted}`);
  else if (options.required) facts.push('**Required:** the API rejects a request without it.');
  if (options.inSchedule && SCHEDULE_TIME_FIELDS.has(key) && !/\bUTC\b/.test(description ?? '')) facts.push('Times are **UTC**.');
  parts.push(...facts);
  return parts.join('\n\n');
}

/** What one enum value does, and whether it is what the API uses when the property is left out. */
export function enumValueMarkdown(key: string | undefined, schema: SchemaNode, value: unknown, propertySchema?: SchemaNode): string {
  const parts: string[] = [];
  parts.push(enumDescription(schema, value) ?? `${code(value)}${key ? ` for \`${key}\`` : ''}.`);
  if (key === 'frequency' && typeof value === 'string') {
    const fields = frequencyFields()[value];
    if (fields) parts.push(fields.length ? `Uses ${listValues(fields, 'and')} (UTC).` : 'Takes no time fields.');
  }
  if (isOmittedValue(propertySchema ?? schema, value)) parts.push(`This is what the API does when \`${key ?? 'the field'}\` is left out.`);
  return parts.join('\n\n');
}

export function isOmittedValue(schema: SchemaNode | undefined, value: unknown): boolean {
  const omitted = omittedValue(schema);
  return omitted !== undefined && sameValue(omitted.value, value);
}

/** A true/false/null value of a property: what it means, from the property's description. */
export function literalValueMarkdown(key: string | undefined, schema: SchemaNode | undefined, value: boolean | null): string {
  const name = key ? `\`${key}\`` : 'the field';
  const parts: string[] = [];
  if (value === null) {
    parts.push(`\`null\` leaves ${name} unset, as if it were left out.`);
    const omitted = schema?.['x-omitted'];
    if (omitted) parts.push(`**When omitted:** ${omitted}`);
  } else {
    parts.push(`Sets ${name} to \`${value}\`.`);
    const description = descriptionOf(schema);
    if (description) parts.push(description);
    if (isOmittedValue(schema, value)) parts.push(`This is what the API does when ${name} is left out.`);
  }
  return parts.join('\n\n');
}
