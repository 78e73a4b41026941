// What the signed-in account is known to hold, as the service features read it: connections, each
// connection's bulk sync source and destination descriptions, and permission policies. Pure data:
// fetching and caching live in server/src/account/. Every item says whether it is known, so a check
// runs only on complete data and is skipped (never guessed) otherwise.

/** `misconfigured`: a key is set but the settings around it cannot be used. */
export type AccountState = 'online' | 'offline' | 'signed-out' | 'loading' | 'misconfigured';

/**
 * One piece of account data:
 * - `ready`: the API answered; `value` is complete (it may be a few minutes old when `stale`);
 * - `refused`: the API answered that this does not apply, e.g. the connection is not a source;
 * - `loading`: asked, no answer yet;
 * - `failed`: no usable answer (network, timeout, 5xx, rejected key): checks that need it are skipped;
 * - `unknown`: never asked.
 */
export type Known<T> =
  | { status: 'ready'; value: T; stale?: boolean }
  | { status: 'refused'; message: string }
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'unknown' };

export interface AccountConnection {
  id: string;
  name: string;
  /** Connection type id, e.g. `salesforce`, `postgresql`. */
  typeId: string;
  typeName?: string;
  status?: string;
}

export interface AccountField {
  id: string;
  name?: string;
  type?: string;
  isPrimaryKey?: boolean;
}

export interface AccountSchema {
  id: string;
  name?: string;
  /** Undefined when the source was read without its fields. */
  fields?: readonly AccountField[];
}

export interface AccountSource {
  schemas: readonly AccountSchema[];
  /** Whether the fields of every schema were asked for (`include_fields=true`). */
  fieldsIncluded: boolean;
  supportsTrackingFields?: boolean;
}

/** One key of `destination_configuration`, from either documented shape of the API's description. */
export interface ConfigSetting {
  key: string;
  required: boolean;
  hasDefault: boolean;
  default?: unknown;
  /** JSON type when the description names or implies one. */
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';
  title?: string;
  description?: string;
  enum?: readonly unknown[];
  /** Keys of a nested object setting (`items` in the map shape, `properties` in JSON Schema). */
  children?: readonly ConfigSetting[];
}

export interface AccountMode {
  id: string;
  label?: string;
  description?: string;
  requiresIdentity?: boolean;
}

export interface AccountTarget {
  /** Undefined when the API gave no configuration description that could be read. */
  settings?: readonly ConfigSetting[];
  /** Undefined when the API did not list the modes. */
  modes?: readonly AccountMode[];
  resyncModes?: readonly string[];
}

export interface AccountPolicy {
  id: string;
  name: string;
  system?: boolean;
}

export interface AccountSnapshot {
  /** Grows with every change; identical revisions hold identical data. */
  readonly revision: number;
  readonly state: AccountState;
  readonly message: string;
  readonly organizationName?: string;
  readonly connections: Known<readonly AccountConnection[]>;
  /**
   * Connections asked for one by one because the list did not have them; `null` means the API
   * answered 404. Keys are lower-case ids.
   */
  readonly connectionLookups: ReadonlyMap<string, Known<AccountConnection | null>>;
  /** By lower-case connection id. */
  readonly sources: ReadonlyMap<string, Known<AccountSource>>;
  readonly targets: ReadonlyMap<string, Known<AccountTarget>>;
  readonly policies: Known<readonly AccountPolicy[]>;
}

const UNKNOWN: Known<never> = { status: 'unknown' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Only well-formed ids are worth a request; anything else is still being typed or is wrong offline. */
export function isConnectionIdLike(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value.trim());
}

export type ConnectionLookup =
  | { status: 'found'; connection: AccountConnection }
  | { status: 'missing' }
  | { status: 'unknown'; reason?: string };

/** What the account says about a connection id: found, confirmed missing (404), or not known yet. */
export function findConnection(snapshot: AccountSnapshot, id: string): ConnectionLookup {
  const key = id.trim().toLowerCase();
  const list = snapshot.connections;
  if (list.status === 'ready') {
    const found = list.value.find((c) => c.id.toLowerCase() === key);
    if (found) return { status: 'found', connection: found };
  }
  const lookup = snapshot.connectionLookups.get(key);
  if (lookup?.status === 'ready') return lookup.value ? { status: 'found', connection: lookup.value } : { status: 'missing' };
  return { status: 'unknown', reason: reasonOf(lookup ?? list) };
}

export function sourceOf(snapshot: AccountSnapshot, id: string): Known<AccountSource> {
  return snapshot.sources.get(id.trim().toLowerCase()) ?? UNKNOWN;
}

export function targetOf(snapshot: AccountSnapshot, id: string): Known<AccountTarget> {
  return snapshot.targets.get(id.trim().toLowerCase()) ?? UNKNOWN;
}

/** Whether a connection can take a role: true/false when the API said so, undefined when not known. */
export function canBe(snapshot: AccountSnapshot, id: string, role: 'source' | 'destination'): boolean | undefined {
  const item = role === 'source' ? sourceOf(snapshot, id) : targetOf(snapshot, id);
  if (item.status === 'ready') return true;
  if (item.status === 'refused') return false;
  return undefined;
}

/** Why an item is not known, in a few words, for hovers. */
export function reasonOf(item: Known<unknown>): string | undefined {
  switch (item.status) {
    case 'loading':
      return 'still loading';
    case 'failed':
      return item.message;
    default:
      return undefined;
  }
}

export function valueOf<T>(item: Known<T>): T | undefined {
  return item.status === 'ready' ? item.value : undefined;
}

/** The setting list at a path inside `destination_configuration` (`[]` is the top level). */
export function settingsAt(settings: readonly ConfigSetting[] | undefined, path: readonly (string | number)[]): readonly ConfigSetting[] | undefined {
  let current = settings;
  for (const segment of path) {
    if (!current || typeof segment !== 'string') return undefined;
    current = current.find((s) => s.key === segment)?.children;
  }
  return current;
}

/** A one-line name for a connection in messages: `"Orders DB" (postgresql)`. */
export function connectionLabel(connection: AccountConnection): string {
  return `"${connection.name}" (${connection.typeId})`;
}
