// Finds the schedule objects of a document: the default schedule and each additional schedule.
import { type JsonNode, propertyValue } from './document';

export interface ScheduleObject {
  node: JsonNode;
  /** True for items of `additional_schedules`, which also take resync_mode, selective_mode, schemas. */
  additional: boolean;
}

export function scheduleObjects(root: JsonNode): ScheduleObject[] {
  const out: ScheduleObject[] = [];
  const main = propertyValue(root, 'default_schedule');
  if (main?.type === 'object') out.push({ node: main, additional: false });
  const more = propertyValue(root, 'additional_schedules');
  if (more?.type === 'array') {
    for (const item of more.children ?? []) if (item.type === 'object') out.push({ node: item, additional: true });
  }
  return out;
}

/** The items of the top-level `schemas` array. */
export function schemaItems(root: JsonNode): JsonNode[] {
  const schemas = propertyValue(root, 'schemas');
  return schemas?.type === 'array' ? (schemas.children ?? []) : [];
}

/** The id a `schemas` item selects: the string itself, or the `id` of the object form. */
export function schemaItemId(item: JsonNode): { id: string; node: JsonNode } | undefined {
  if (item.type === 'string') return { id: item.value as string, node: item };
  if (item.type === 'object') {
    const id = propertyValue(item, 'id');
    if (id?.type === 'string') return { id: id.value as string, node: id };
  }
  return undefined;
}
