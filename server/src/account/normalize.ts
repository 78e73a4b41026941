// Turns API answers into the account snapshot's shapes. The API keeps its objects open (fields may be
// added or missing), so everything is read defensively: a malformed entry is dropped, never trusted.
import type { BulkSyncSource, BulkSyncTarget, Connection, Policy } from '../api/types';
import type {
  AccountConnection,
  AccountField,
  AccountMode,
  AccountPolicy,
  AccountSchema,
  AccountSource,
  AccountTarget,
  ConfigSetting,
} from '../service';

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function toConnection(raw: Connection | unknown): AccountConnection | undefined {
  if (!isObject(raw) || !str(raw.id)) return undefined;
  const type = raw.type;
  const typeId = isObject(type) ? str(type.id) : str(type);
  return {
    id: raw.id as string,
    name: str(raw.name) ?? (raw.id as string),
    typeId: typeId ?? 'unknown',
    typeName: isObject(type) ? str(type.name) : undefined,
    status: str(raw.status),
  };
}

export function toConnections(raw: unknown): AccountConnection[] {
  return Array.isArray(raw) ? raw.map(toConnection).filter((c): c is AccountConnection => c !== undefined) : [];
}

export function toPolicies(raw: Policy[] | unknown): AccountPolicy[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((p): AccountPolicy[] => {
    if (!isObject(p) || !str(p.id)) return [];
    return [{ id: p.id as string, name: str(p.name) ?? (p.id as string), system: typeof p.system === 'boolean' ? p.system : undefined }];
  });
}

function toField(raw: unknown): AccountField | undefined {
  if (typeof raw === 'string' && raw) return { id: raw };
  if (!isObject(raw) || !str(raw.id)) return undefined;
  return {
    id: raw.id as string,
    name: str(raw.name),
    type: str(raw.type),
    isPrimaryKey: typeof raw.is_primary_key === 'boolean' ? raw.is_primary_key : undefined,
  };
}

function toSchema(raw: unknown, withFields: boolean): AccountSchema | undefined {
  if (!isObject(raw) || !str(raw.id)) return undefined;
  const schema: AccountSchema = { id: raw.id as string, name: str(raw.name) };
  // A schema read with fields but without a `fields` array has fields we cannot know: leave it undefined.
  if (withFields && Array.isArray(raw.fields)) {
    schema.fields = raw.fields.map(toField).filter((f): f is AccountField => f !== undefined);
  }
  return schema;
}

export function toSource(raw: BulkSyncSource | unknown, withFields: boolean): AccountSource {
  const data = isObject(raw) ? raw : {};
  const schemas = Array.isArray(data.schemas) ? data.schemas.map((s) => toSchema(s, withFields)).filter((s): s is AccountSchema => s !== undefined) : [];
  const capabilities = isObject(data.capabilities) ? data.capabilities : {};
  return {
    schemas,
    fieldsIncluded: withFields,
    supportsTrackingFields: typeof capabilities.supports_tracking_fields === 'boolean' ? capabilities.supports_tracking_fields : undefined,
  };
}

function toMode(raw: unknown): AccountMode | undefined {
  if (typeof raw === 'string' && raw) return { id: raw };
  if (!isObject(raw) || !str(raw.id)) return undefined;
  return {
    id: raw.id as string,
    label: str(raw.label),
    description: str(raw.description),
    requiresIdentity: typeof raw.requires_identity === 'boolean' ? raw.requires_identity : undefined,
  };
}

export function toTarget(raw: BulkSyncTarget | unknown): AccountTarget {
  const data = isObject(raw) ? raw : {};
  const target: AccountTarget = { settings: readConfiguration(data.configuration) };
  if (Array.isArray(data.modes)) target.modes = data.modes.map(toMode).filter((m): m is AccountMode => m !== undefined);
  if (Array.isArray(data.supported_resync_modes)) {
    target.resyncModes = data.supported_resync_modes.filter((m): m is string => typeof m === 'string' && m !== '');
  }
  return target;
}

// ---- configuration descriptions -------------------------------------------------------------------

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

function jsonType(value: unknown): ConfigSetting['type'] {
  if (typeof value === 'string' && JSON_TYPES.has(value)) return value as ConfigSetting['type'];
  if (Array.isArray(value)) return value.find((t) => t !== 'null' && typeof t === 'string' && JSON_TYPES.has(t)) as ConfigSetting['type'];
  return undefined;
}

function typeOfDefault(value: unknown): ConfigSetting['type'] {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  if (t === 'string' || t === 'boolean' || t === 'number' || t === 'object') return t as ConfigSetting['type'];
  return undefined;
}

/**
 * A JSON Schema describes an object with `properties`; the other documented shape maps each key to
 * `{default, required}`. A map whose only key is named `properties` is told apart by `type`/`$schema`.
 */
function isJsonSchemaConfiguration(config: Obj): boolean {
  if (!isObject(config.properties)) return false;
  if (config.type === 'object' || typeof config.$schema === 'string' || Array.isArray(config.required)) return true;
  // `properties` as a map-shape key would itself look like `{default, required}`.
  const inner = config.properties;
  return !('required' in inner && typeof inner.required === 'boolean') && !('default' in inner);
}

/** Reads either configuration shape; undefined when there is no description to read. */
export function readConfiguration(config: unknown): ConfigSetting[] | undefined {
  if (!isObject(config)) return undefined;
  return isJsonSchemaConfiguration(config) ? fromJsonSchema(config, 0) : fromKeyMap(config, 0);
}

const MAX_DEPTH = 8;

function fromJsonSchema(schema: Obj, depth: number): ConfigSetting[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  return Object.entries(properties).map(([key, raw]) => {
    const prop = isObject(raw) ? raw : {};
    const setting: ConfigSetting = {
      key,
      required: required.has(key),
      hasDefault: 'default' in prop,
      default: prop.default,
      type: jsonType(prop.type) ?? (isObject(prop.properties) ? 'object' : typeOfDefault(prop.default)),
      title: str(prop.title),
      description: str(prop.description),
    };
    if (Array.isArray(prop.enum)) setting.enum = prop.enum;
    if (isObject(prop.properties) && depth < MAX_DEPTH) setting.children = fromJsonSchema(prop, depth + 1);
    return setting;
  });
}

function fromKeyMap(map: Obj, depth: number): ConfigSetting[] {
  return Object.entries(map).map(([key, raw]) => {
    if (!isObject(raw)) {
      // A bare value: read it as the default.
      return { key, required: false, hasDefault: true, default: raw, type: typeOfDefault(raw) };
    }
    const items = isObject(raw.items) ? raw.items : undefined;
    const setting: ConfigSetting = {
      key,
      required: raw.required === true,
      hasDefault: 'default' in raw,
      default: raw.default,
      type: jsonType(raw.type) ?? (items ? 'object' : typeOfDefault(raw.default)),
      title: str(raw.title) ?? str(raw.label),
      description: str(raw.description),
    };
    if (Array.isArray(raw.enum)) setting.enum = raw.enum;
    else if (Array.isArray(raw.options)) setting.enum = raw.options;
    if (items && depth < MAX_DEPTH) setting.children = fromKeyMap(items, depth + 1);
    return setting;
  });
}
