// Values inserted for missing properties: valid where a valid value can be guessed, otherwise an empty
// string the user has to fill in (an empty UUID keeps being reported, a made-up one would not be).
import { type JsonNode, type JsonPath, propertyValue } from '../document/document';
import { propertySchema, resolveSchema, schemaAtPath, type SchemaNode, typesOf } from '../schema/schema';

const SCHEDULE_FIELD_PLACEHOLDERS: Record<string, string> = {
  minute: '0',
  hour: '0',
  day_of_week: 'monday',
  day_of_month: '1',
  month: '1',
};

/** The schedule every new sync gets unless told otherwise: daily at midnight UTC. */
const DEFAULT_SCHEDULE = { frequency: 'daily', hour: '0', minute: '0' };

/** A frequency that uses the time fields a schedule already has, so no field becomes unused. */
function frequencyFor(schedule: JsonNode | undefined): string {
  const has = (key: string) => propertyValue(schedule, key) !== undefined;
  if (has('day_of_month') || has('month')) return 'custom';
  if (has('day_of_week')) return 'weekly';
  if (has('hour')) return 'daily';
  if (has('minute')) return 'hourly';
  return 'manual';
}

function isScheduleSchema(schema: SchemaNode | undefined): boolean {
  return Boolean(schema?.properties?.frequency && schema.properties.minute);
}

/** A placeholder value for property `key` of the object at `objectPath`. */
export function placeholderFor(objectPath: JsonPath, objectNode: JsonNode, key: string): unknown {
  const objectSchema = schemaAtPath(objectPath);
  if (objectPath.length === 0 && key === 'default_schedule') return { ...DEFAULT_SCHEDULE };
  if (isScheduleSchema(objectSchema)) {
    if (key === 'frequency') return frequencyFor(objectNode);
    if (key in SCHEDULE_FIELD_PLACEHOLDERS) return SCHEDULE_FIELD_PLACEHOLDERS[key];
  }
  const schema = resolveSchema(propertySchema(objectSchema, key));
  if (!schema) return '';
  if (isScheduleSchema(schema)) return { ...DEFAULT_SCHEDULE };
  return valueForSchema(schema);
}

function valueForSchema(schema: SchemaNode): unknown {
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const types = typesOf(schema).filter((t) => t !== 'null');
  switch (types[0]) {
    case 'object':
      return {};
    case 'array':
      return [];
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return schema.minimum ?? schema['x-inferredMinimum'] ?? 0;
    default:
      return '';
  }
}
