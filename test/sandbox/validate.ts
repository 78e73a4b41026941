// Checks a create request the way the API is documented to: wrong JSON types are 400, a
// well-formed request with values the organization cannot satisfy is 422. Every problem names
// its field so clients can point at it.

import type { SandboxConnection } from './fixtures';

export interface Problem {
  status: 400 | 422;
  path: (string | number)[];
  message: string;
}

export const MODES = ['snapshot', 'replicate'];
export const DISCOVER = ['all', 'onlyIncremental', 'onlyNonIncremental', 'none'];
export const NORMALIZE_NAMES = ['enabled', 'disabled', 'legacy'];
export const FREQUENCIES = ['manual', 'continuous', 'hourly', 'daily', 'weekly', 'custom', 'builder', 'runafter', 'multi', 'dbtcloud'];
export const RESYNC_MODES = ['normal', 'refetch', 'resync', 'rebuild'];
export const SELECTIVE_MODES = ['none', 'incrementalFields', 'nonincrementalFields'];
export const FILTER_FUNCTIONS = [
  'Equality', 'Inequality', 'IsNull', 'IsNotNull', 'True', 'False', 'OnOrAfter', 'OnOrBefore', 'GreaterThan',
  'GreaterThanEqual', 'LessThan', 'LessThanEqual', 'StringContains', 'StringStartsWith', 'StringEndsWith',
  'StringDoesNotContain', 'StringDoesNotStartWith', 'StringDoesNotEndWith', 'StringOneOf', 'StringNotOneOf', 'Between',
  'ArrayContains', 'ArrayDoesNotContain', 'InTheLast', 'RelativeOnOrBefore', 'RelativeOnOrAfter', 'StringLike',
  'StringNotLike', 'StringMatchesTrimmed',
];
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

type Json = unknown;
type Kind = 'string' | 'boolean' | 'integer' | 'object' | 'array';

export interface ValidationContext {
  connections: Map<string, SandboxConnection>;
  policyIds: Set<string>;
  organizationId: string;
  /** True for API versions before 2025-09-18, which take `schedule` instead of `default_schedule`. */
  legacyVersion: boolean;
}

export function validateCreate(body: Json, ctx: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  const bad = (path: Problem['path'], message: string) => problems.push({ status: 400, path, message });
  const invalid = (path: Problem['path'], message: string) => problems.push({ status: 422, path, message });

  if (!isObject(body)) {
    bad([], 'the request body must be a JSON object');
    return problems;
  }
  const typed = (key: string, kind: Kind, nullable = false): boolean => {
    const value = body[key];
    if (value === undefined || (nullable && value === null)) return false;
    if (!hasKind(value, kind)) {
      bad([key], `must be ${article(kind)}${nullable ? ' or null' : ''}`);
      return false;
    }
    return true;
  };

  // Types first (400).
  for (const key of ['name', 'mode', 'source_connection_id', 'destination_connection_id', 'automatically_add_new_fields', 'automatically_add_new_objects', 'normalize_names']) typed(key, 'string');
  for (const key of ['data_cutoff_timestamp', 'organization_id']) typed(key, 'string', true);
  for (const key of ['active', 'disable_record_timestamps']) typed(key, 'boolean', true);
  for (const key of ['concurrency_limit', 'resync_concurrency_limit']) typed(key, 'integer', true);
  typed('destination_configuration', 'object');
  typed('source_configuration', 'object', true);
  typed('additional_schedules', 'array', true);
  typed('policies', 'array', true);
  typed('schemas', 'array', true);

  const scheduleKey = ctx.legacyVersion && body.default_schedule === undefined && body.schedule !== undefined ? 'schedule' : 'default_schedule';
  const schedule = body[scheduleKey];
  if (schedule !== undefined && !isObject(schedule)) bad([scheduleKey], 'must be an object');
  if (isObject(schedule)) checkScheduleTypes(schedule, [scheduleKey], bad);
  if (Array.isArray(body.additional_schedules)) {
    body.additional_schedules.forEach((s, i) => {
      if (!isObject(s)) bad(['additional_schedules', i], 'must be an object');
      else {
        checkScheduleTypes(s, ['additional_schedules', i], bad);
        if (s.schemas !== undefined && s.schemas !== null && !isStringArray(s.schemas)) bad(['additional_schedules', i, 'schemas'], 'must be an array of strings');
      }
    });
  }
  if (Array.isArray(body.policies)) body.policies.forEach((p, i) => typeof p !== 'string' && bad(['policies', i], 'must be a string'));
  if (Array.isArray(body.schemas)) body.schemas.forEach((s, i) => checkSchemaTypes(s, i, bad));
  if (problems.length > 0) return problems;

  // Values (422).
  for (const key of ['name', 'source_connection_id', 'destination_connection_id', 'destination_configuration']) {
    if (body[key] === undefined) invalid([key], 'is required');
  }
  if (body.mode === undefined) invalid(['mode'], 'is required');
  if (typeof body.name === 'string' && body.name.trim() === '') invalid(['name'], 'must not be empty');
  if (schedule === undefined) {
    invalid(['default_schedule'], body.schedule !== undefined
      ? 'is required ("schedule" was replaced by "default_schedule" in API version 2025-09-18)'
      : 'is required');
  }
  if (body.discover !== undefined && !ctx.legacyVersion) {
    invalid(['discover'], 'was removed in API version 2025-09-18; use automatically_add_new_objects');
  }
  enumCheck(body.mode, MODES, ['mode'], invalid);
  enumCheck(body.normalize_names, NORMALIZE_NAMES, ['normalize_names'], invalid);
  enumCheck(body.automatically_add_new_fields, DISCOVER, ['automatically_add_new_fields'], invalid);
  enumCheck(body.automatically_add_new_objects, DISCOVER, ['automatically_add_new_objects'], invalid);
  for (const key of ['concurrency_limit', 'resync_concurrency_limit']) {
    const v = body[key];
    if (typeof v === 'number' && v < 1) invalid([key], 'must be at least 1');
  }
  if (typeof body.data_cutoff_timestamp === 'string' && !isDateTime(body.data_cutoff_timestamp)) {
    invalid(['data_cutoff_timestamp'], 'must be an RFC 3339 date-time such as 2024-01-31T00:00:00Z');
  }
  if (typeof body.organization_id === 'string' && body.organization_id !== ctx.organizationId) {
    invalid(['organization_id'], `unknown organization ${body.organization_id}`);
  }
  if (isObject(schedule)) checkScheduleValues(schedule, [scheduleKey], invalid);
  if (Array.isArray(body.additional_schedules)) {
    body.additional_schedules.forEach((s, i) => {
      if (!isObject(s)) return;
      checkScheduleValues(s, ['additional_schedules', i], invalid);
      enumCheck(s.resync_mode, RESYNC_MODES, ['additional_schedules', i, 'resync_mode'], invalid);
      enumCheck(s.selective_mode, SELECTIVE_MODES, ['additional_schedules', i, 'selective_mode'], invalid);
    });
  }
  if (Array.isArray(body.policies)) {
    body.policies.forEach((p, i) => {
      if (typeof p === 'string' && !ctx.policyIds.has(p)) invalid(['policies', i], `unknown policy ${p}`);
    });
  }

  const source = connectionFor(body.source_connection_id, 'source', ctx, invalid);
  const destination = connectionFor(body.destination_connection_id, 'destination', ctx, invalid);
  if (destination?.target) {
    const target = destination.target;
    const supported = (target.modes ?? []).map((m) => m.id);
    if (typeof body.mode === 'string' && MODES.includes(body.mode) && !supported.includes(body.mode)) {
      invalid(['mode'], `${destination.connection.name} supports only ${supported.join(', ')}`);
    }
    const config = body.destination_configuration;
    if (isObject(config)) {
      for (const key of target.requiredConfig) {
        if (config[key] === undefined || config[key] === '') invalid(['destination_configuration', key], `is required for ${destination.connection.type.id} destinations`);
      }
      for (const [key, allowed] of Object.entries(target.enumConfig ?? {})) {
        if (config[key] !== undefined && !allowed.includes(config[key] as string)) {
          invalid(['destination_configuration', key], `must be one of ${allowed.join(', ')}`);
        }
      }
    }
    if (Array.isArray(body.additional_schedules)) {
      body.additional_schedules.forEach((s, i) => {
        if (isObject(s) && typeof s.resync_mode === 'string' && RESYNC_MODES.includes(s.resync_mode) && !(target.supported_resync_modes ?? []).includes(s.resync_mode)) {
          invalid(['additional_schedules', i, 'resync_mode'], `${destination.connection.name} supports only ${(target.supported_resync_modes ?? []).join(', ')}`);
        }
      });
    }
  }
  if (source?.source) checkSchemasAgainstSource(body, source, invalid);
  return problems;
}

function connectionFor(id: Json, role: 'source' | 'destination', ctx: ValidationContext, invalid: (p: Problem['path'], m: string) => void): SandboxConnection | undefined {
  if (typeof id !== 'string') return undefined;
  const key = `${role}_connection_id`;
  const found = ctx.connections.get(id);
  if (!found) {
    invalid([key], `no connection with id ${id}`);
    return undefined;
  }
  const usable = role === 'source' ? found.source : found.target;
  if (!usable) {
    invalid([key], `connection "${found.connection.name}" (${found.connection.type.id}) cannot be used as a bulk sync ${role}`);
    return undefined;
  }
  return found;
}

function checkSchemasAgainstSource(body: Record<string, Json>, source: SandboxConnection, invalid: (p: Problem['path'], m: string) => void): void {
  const schemas = new Map((source.source?.schemas ?? []).map((s) => [s.id, s]));
  const where = `source "${source.connection.name}"`;
  if (Array.isArray(body.schemas)) {
    body.schemas.forEach((entry, i) => {
      const id = typeof entry === 'string' ? entry : isObject(entry) ? entry.id : undefined;
      const path: Problem['path'] = typeof entry === 'string' ? ['schemas', i] : ['schemas', i, 'id'];
      if (typeof id !== 'string') return;
      const schema = schemas.get(id);
      if (!schema) {
        invalid(path, `unknown schema "${id}" for ${where}`);
        return;
      }
      if (!isObject(entry)) return;
      const fieldIds = new Set((schema.fields ?? []).map((f) => f.id));
      if (Array.isArray(entry.fields)) {
        entry.fields.forEach((field, j) => {
          const fid = typeof field === 'string' ? field : isObject(field) ? field.id : undefined;
          const fpath: Problem['path'] = typeof field === 'string' ? ['schemas', i, 'fields', j] : ['schemas', i, 'fields', j, 'id'];
          if (typeof fid === 'string' && !fieldIds.has(fid)) invalid(fpath, `unknown field "${fid}" in schema "${id}"`);
        });
      }
      if (Array.isArray(entry.filters)) {
        entry.filters.forEach((filter, j) => {
          if (!isObject(filter)) return;
          enumCheck(filter.function, FILTER_FUNCTIONS, ['schemas', i, 'filters', j, 'function'], invalid);
          if (filter.function === undefined) invalid(['schemas', i, 'filters', j, 'function'], 'is required');
          if (typeof filter.field_id === 'string' && !fieldIds.has(filter.field_id)) {
            invalid(['schemas', i, 'filters', j, 'field_id'], `unknown field "${filter.field_id}" in schema "${id}"`);
          }
        });
      }
      if (typeof entry.tracking_field === 'string') {
        if (!source.source?.capabilities?.supports_tracking_fields) {
          invalid(['schemas', i, 'tracking_field'], `${where} does not support tracking fields`);
        } else if (!fieldIds.has(entry.tracking_field)) {
          invalid(['schemas', i, 'tracking_field'], `unknown field "${entry.tracking_field}" in schema "${id}"`);
        }
      }
      if (typeof entry.data_cutoff_timestamp === 'string' && !isDateTime(entry.data_cutoff_timestamp)) {
        invalid(['schemas', i, 'data_cutoff_timestamp'], 'must be an RFC 3339 date-time');
      }
    });
  }
  if (Array.isArray(body.additional_schedules)) {
    body.additional_schedules.forEach((s, i) => {
      if (!isObject(s) || !Array.isArray(s.schemas)) return;
      s.schemas.forEach((id, j) => {
        if (typeof id === 'string' && !schemas.has(id)) invalid(['additional_schedules', i, 'schemas', j], `unknown schema "${id}" for ${where}`);
      });
    });
  }
}

const SCHEDULE_STRINGS = ['frequency', 'minute', 'hour', 'day_of_week', 'day_of_month', 'month', 'id'];

function checkScheduleTypes(s: Record<string, Json>, at: Problem['path'], bad: (p: Problem['path'], m: string) => void): void {
  for (const key of SCHEDULE_STRINGS) {
    if (s[key] !== undefined && s[key] !== null && typeof s[key] !== 'string') bad([...at, key], 'must be a string');
  }
}

function checkScheduleValues(s: Record<string, Json>, at: Problem['path'], invalid: (p: Problem['path'], m: string) => void): void {
  if (s.frequency === undefined) invalid([...at, 'frequency'], 'is required');
  enumCheck(s.frequency, FREQUENCIES, [...at, 'frequency'], invalid);
  const ranges: [string, number, number][] = [['minute', 0, 59], ['hour', 0, 23], ['day_of_month', 1, 31], ['month', 1, 12]];
  for (const [key, min, max] of ranges) {
    const v = s[key];
    if (typeof v === 'string' && v !== '' && !(/^\d{1,2}$/.test(v) && Number(v) >= min && Number(v) <= max)) {
      invalid([...at, key], `must be a number from ${min} to ${max}, written as a string`);
    }
  }
  const day = s.day_of_week;
  if (typeof day === 'string' && day !== '' && !DAYS.includes(day.toLowerCase()) && !/^[0-6]$/.test(day)) {
    invalid([...at, 'day_of_week'], 'must be a day name such as "monday" or a number from 0 to 6');
  }
}

function checkSchemaTypes(s: Json, i: number, bad: (p: Problem['path'], m: string) => void): void {
  if (typeof s === 'string') return;
  if (!isObject(s)) {
    bad(['schemas', i], 'must be a schema id or an object');
    return;
  }
  if (typeof s.id !== 'string') bad(['schemas', i, 'id'], 'must be a string');
  for (const key of ['enabled', 'disable_data_cutoff']) {
    if (s[key] !== undefined && s[key] !== null && typeof s[key] !== 'boolean') bad(['schemas', i, key], 'must be a boolean or null');
  }
  for (const key of ['partition_key', 'tracking_field', 'data_cutoff_timestamp']) {
    if (s[key] !== undefined && s[key] !== null && typeof s[key] !== 'string') bad(['schemas', i, key], 'must be a string or null');
  }
  if (s.fields !== undefined && s.fields !== null) {
    if (!Array.isArray(s.fields)) bad(['schemas', i, 'fields'], 'must be an array');
    else s.fields.forEach((f, j) => {
      if (typeof f !== 'string' && !(isObject(f) && typeof f.id === 'string')) bad(['schemas', i, 'fields', j], 'must be a field id or an object with an "id"');
    });
  }
  if (s.filters !== undefined && s.filters !== null) {
    if (!Array.isArray(s.filters)) bad(['schemas', i, 'filters'], 'must be an array');
    else s.filters.forEach((f, j) => !isObject(f) && bad(['schemas', i, 'filters', j], 'must be an object'));
  }
}

function enumCheck(value: Json, allowed: string[], path: Problem['path'], invalid: (p: Problem['path'], m: string) => void): void {
  if (typeof value === 'string' && !allowed.includes(value)) {
    invalid(path, `"${value}" is not one of ${allowed.join(', ')}`);
  }
}

function hasKind(value: Json, kind: Kind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
  }
}

function article(kind: Kind): string {
  return kind === 'integer' || kind === 'object' || kind === 'array' ? `an ${kind}` : `a ${kind}`;
}

function isStringArray(value: Json): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
}

export function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function formatPath(path: Problem['path']): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}
