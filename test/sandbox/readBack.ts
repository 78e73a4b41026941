// How the sandbox reads back what it was sent. By default it is a mirror: a sync reads back as it was
// created or replaced. Polytomic's own clients show that the real API is not one (see "What the API
// does on read and update that its reference does not promise" in the API notes): each of those
// behaviours is a switch here, so a client can be tested against every combination of them.

import type { AdditionalSchedule, BulkSyncResponse } from '../../server/src/api/types';

export interface RateLimit {
  /** More than this many /api/ requests open at once: the extra ones get 429. */
  concurrent?: number;
  /** More than `requests` within one `windowMs` window: 429 until the window ends. */
  requests?: number;
  windowMs?: number;
  /** Retry-After for a 429 of the `concurrent` limit (default 1000 ms); a window's 429 waits for its end. */
  retryAfterMs?: number;
}

export interface ReadBack {
  /** Defaults the connections declare are filled into destination_configuration and source_configuration. */
  configurationDefaults: boolean;
  /** Schedule fields left unset read back as "". */
  emptyScheduleFields: boolean;
  /** Each additional schedule gets an id and created/updated stamps; one sent with a known id keeps it. */
  scheduleIds: boolean;
  /** A PUT without `schemas` selects every schema of the source; a PUT with `schemas` sets the selection to them. */
  putSelectsSchemas: boolean;
  /** A schema update that leaves out `user_output_name` resets it (the schema's and its fields'). */
  outputNamesReset: boolean;
  /** The first read of a new sync's schema list answers 422 "cache refresh in progress". */
  schemaCacheRefresh: boolean;
  /** How many reads of the schema list answer so (default 1). */
  schemaCacheRefreshReads?: number;
  /** Top-level fields a PUT answers 200 for but keeps as they were. */
  putKeeps: string[];
  /**
   * A change to a sync's schemas (a PATCH of its schema list, or an edit made in Polytomic) leaves the
   * sync's `updated_at` as it was. The API does not say which way it goes (server/src/api/inferred.ts).
   */
  schemaEditsKeepSyncStamp: boolean;
  /** Top-level fields a create answers for but does not store: the sync gets the sandbox's default for them. */
  createKeeps?: string[];
  /** Sustained rate limiting with Retry-After and X-RateLimit-Reset; none when undefined. */
  rateLimit?: RateLimit;
}

/** Today's sandbox: what was sent is what is read. */
export const MIRROR: Readonly<ReadBack> = Object.freeze({
  configurationDefaults: false,
  emptyScheduleFields: false,
  scheduleIds: false,
  putSelectsSchemas: false,
  outputNamesReset: false,
  schemaCacheRefresh: false,
  schemaEditsKeepSyncStamp: false,
  putKeeps: [],
});

/** Every read-back behaviour on (rate limiting is set on its own: it slows every test down). */
export const REALISTIC: Readonly<ReadBack> = Object.freeze({
  configurationDefaults: true,
  emptyScheduleFields: true,
  scheduleIds: true,
  putSelectsSchemas: true,
  outputNamesReset: true,
  schemaCacheRefresh: true,
  schemaEditsKeepSyncStamp: true,
  putKeeps: ['disable_record_timestamps'],
});

/** The boolean switches, by the name used on the command line and in the environment. */
export const SWITCHES = {
  'configuration-defaults': 'configurationDefaults',
  'empty-schedule-fields': 'emptyScheduleFields',
  'schedule-ids': 'scheduleIds',
  'put-selects-schemas': 'putSelectsSchemas',
  'output-names-reset': 'outputNamesReset',
  'schema-cache-refresh': 'schemaCacheRefresh',
  'schema-edits-keep-sync-stamp': 'schemaEditsKeepSyncStamp',
} as const satisfies Record<string, keyof ReadBack>;

export type SwitchName = keyof typeof SWITCHES;

/** A create body without the fields the read-back says a create does not store. */
export function createdBody(body: Record<string, unknown>, readBack: ReadBack): Record<string, unknown> {
  if (!readBack.createKeeps?.length) return body;
  const out = { ...body };
  for (const key of readBack.createKeeps) delete out[key];
  return out;
}

/** A read-back from a preset and changes: `realistic`, `mirror`, or a comma list of switch names. */
export function readBackFrom(spec: string): ReadBack | { error: string } {
  const words = spec.split(',').map((w) => w.trim()).filter(Boolean);
  const out: ReadBack = { ...MIRROR, putKeeps: [] };
  for (const word of words) {
    if (word === 'realistic') Object.assign(out, { ...REALISTIC, putKeeps: [...REALISTIC.putKeeps] });
    else if (word === 'mirror') Object.assign(out, { ...MIRROR, putKeeps: [] });
    else if (word.startsWith('no-') && word.slice(3) in SWITCHES) out[SWITCHES[word.slice(3) as SwitchName]] = false;
    else if (word in SWITCHES) out[SWITCHES[word as SwitchName]] = true;
    else return { error: `unknown read-back behaviour "${word}"; use realistic, mirror, or ${Object.keys(SWITCHES).join(', ')} (each also as no-NAME)` };
  }
  return out;
}

/** `concurrent:N`, `requests:N/MS`, or both joined by a comma; Retry-After of the concurrent limit with `retry-after:MS`. */
export function rateLimitFrom(spec: string): RateLimit | { error: string } {
  const out: RateLimit = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    let m: RegExpExecArray | null;
    if ((m = /^concurrent:(\d+)$/.exec(part)) && Number(m[1]) > 0) out.concurrent = Number(m[1]);
    else if ((m = /^requests:(\d+)\/(\d+)$/.exec(part)) && Number(m[1]) > 0 && Number(m[2]) > 0) {
      out.requests = Number(m[1]);
      out.windowMs = Number(m[2]);
    } else if ((m = /^retry-after:(\d+)$/.exec(part))) out.retryAfterMs = Number(m[1]);
    else return { error: `cannot read rate limit "${part}"; use concurrent:N, requests:N/MS (N requests per MS milliseconds) and retry-after:MS` };
  }
  if (out.concurrent === undefined && out.requests === undefined) return { error: 'a rate limit needs concurrent:N or requests:N/MS' };
  return out;
}

/** Why a read-back received on the admin route is refused, or undefined. */
export function checkReadBack(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the read-back must be an object';
  const known = new Set<string>([...Object.values(SWITCHES), 'putKeeps', 'createKeeps', 'rateLimit', 'schemaCacheRefreshReads']);
  for (const [key, v] of Object.entries(value)) {
    if (!known.has(key)) return `unknown read-back key "${key}"; use ${[...known].join(', ')}`;
    if (key === 'putKeeps' && (!Array.isArray(v) || v.some((f) => typeof f !== 'string'))) return 'putKeeps must be a list of field names';
    if (key === 'createKeeps' && (!Array.isArray(v) || v.some((f) => typeof f !== 'string'))) return 'createKeeps must be a list of field names';
    if (key === 'rateLimit' && v !== null && (typeof v !== 'object' || Array.isArray(v))) return 'rateLimit must be an object or null';
    if (key === 'schemaCacheRefreshReads' && (typeof v !== 'number' || !Number.isInteger(v) || v < 1)) return 'schemaCacheRefreshReads must be a whole number, 1 or more';
    if (key !== 'putKeeps' && key !== 'createKeeps' && key !== 'rateLimit' && key !== 'schemaCacheRefreshReads' && typeof v !== 'boolean') return `${key} must be true or false`;
  }
  return undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The values a connection's configuration description gives the keys nobody set. Both forms the API
 * uses are read: a JSON Schema (`properties`, each with `default`; a string without one reads back as
 * "") and `key -> {default, required}` with nested `items`.
 */
export function configurationDefaults(description: unknown): Obj {
  if (!isObj(description)) return {};
  if (isObj(description.properties)) {
    const out: Obj = {};
    for (const [key, property] of Object.entries(description.properties)) {
      if (!isObj(property)) continue;
      if (property.default !== undefined && property.default !== null) out[key] = property.default;
      else if (property.type === 'object') out[key] = configurationDefaults(property);
      else if (property.type === 'string') out[key] = '';
    }
    return out;
  }
  const out: Obj = {};
  for (const [key, entry] of Object.entries(description)) {
    if (key.startsWith('$') || !isObj(entry)) continue;
    if (isObj(entry.items)) out[key] = configurationDefaults(entry.items);
    else if (entry.default !== undefined && entry.default !== null) out[key] = entry.default;
  }
  return out;
}

/** `value` with every key of `defaults` it lacks filled in, nested objects too; what was set wins. */
export function fillDefaults(value: unknown, defaults: Obj): unknown {
  if (Object.keys(defaults).length === 0) return value;
  if (value !== undefined && value !== null && !isObj(value)) return value;
  const out: Obj = { ...(value ?? {}) };
  for (const [key, fallback] of Object.entries(defaults)) {
    if (out[key] === undefined || out[key] === null) out[key] = structuredClone(fallback);
    else if (isObj(fallback) && isObj(out[key])) out[key] = fillDefaults(out[key], fallback);
  }
  return out;
}

const SCHEDULE_FIELDS = ['minute', 'hour', 'day_of_week', 'day_of_month', 'month'] as const;

function emptyFields<T extends object>(schedule: T): T {
  const out: Obj = { ...(schedule as Obj) };
  for (const key of SCHEDULE_FIELDS) if (out[key] === undefined || out[key] === null) out[key] = '';
  return out as T;
}

export interface Connections {
  sourceConfiguration(connectionId: string): unknown;
  destinationConfiguration(connectionId: string): unknown;
}

/**
 * A sync as stored after a create or a PUT, under `readBack`. `previous` is the sync before a PUT
 * (fields it keeps and schedule ids come from it); `newId` makes schedule ids; `stamp` is the time.
 */
export function storedSync(sync: BulkSyncResponse, readBack: ReadBack, connections: Connections, previous: BulkSyncResponse | undefined, newId: () => string, stamp: string): BulkSyncResponse {
  const out = structuredClone(sync) as BulkSyncResponse & Obj;
  if (previous) {
    for (const key of readBack.putKeeps) {
      const kept = (previous as Obj)[key];
      if (kept === undefined) delete out[key];
      else out[key] = structuredClone(kept);
    }
  }
  if (readBack.configurationDefaults) {
    out.destination_configuration = fillDefaults(out.destination_configuration, configurationDefaults(connections.destinationConfiguration(out.destination_connection_id))) as Obj;
    const source = fillDefaults(out.source_configuration, configurationDefaults(connections.sourceConfiguration(out.source_connection_id)));
    out.source_configuration = isObj(source) && Object.keys(source).length > 0 ? source : (out.source_configuration ?? null);
  }
  if (readBack.scheduleIds && Array.isArray(out.additional_schedules)) {
    const known = new Map((previous?.additional_schedules ?? []).map((s) => [(s as Obj).id, s as Obj]));
    out.additional_schedules = out.additional_schedules.map((schedule) => {
      const s = schedule as AdditionalSchedule & Obj;
      const before = typeof s.id === 'string' ? known.get(s.id) : undefined;
      if (before) return { ...s, created_at: before.created_at, created_by: before.created_by, updated_at: stamp, updated_by: out.updated_by };
      return { ...s, id: newId(), created_at: stamp, created_by: out.updated_by, updated_at: stamp, updated_by: out.updated_by };
    });
  }
  if (readBack.emptyScheduleFields) {
    if (out.default_schedule) out.default_schedule = emptyFields(out.default_schedule);
    if (Array.isArray(out.additional_schedules)) out.additional_schedules = out.additional_schedules.map(emptyFields);
  }
  return out;
}

/** Answers whether a request may go on, or the 429 headers it gets; counts it against the window. */
export class RateLimiter {
  private windowStart = 0;
  private count = 0;

  constructor(private readonly now: () => number = Date.now) {}

  check(limit: RateLimit | undefined, inFlight: number): Record<string, string> | undefined {
    if (!limit) return undefined;
    const now = this.now();
    if (limit.requests !== undefined) {
      const windowMs = limit.windowMs ?? 1000;
      if (now - this.windowStart >= windowMs) {
        this.windowStart = now;
        this.count = 0;
      }
      if (this.count >= limit.requests) return limitedHeaders(this.windowStart + windowMs - now, now, limit.requests);
      this.count += 1;
    }
    if (limit.concurrent !== undefined && inFlight > limit.concurrent) return limitedHeaders(limit.retryAfterMs ?? 1000, now, limit.concurrent);
    return undefined;
  }

  reset(): void {
    this.windowStart = 0;
    this.count = 0;
  }
}

/** Retry-After in seconds (fractions when under a minute's precision matters) and X-RateLimit-Reset in epoch seconds. */
function limitedHeaders(waitMs: number, now: number, limit: number): Record<string, string> {
  const wait = Math.max(0, waitMs);
  const seconds = Number.isInteger(wait / 1000) ? String(wait / 1000) : (wait / 1000).toFixed(3);
  return {
    'Retry-After': seconds,
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': String(Math.ceil((now + wait) / 1000)),
  };
}

/** The value of `--name VALUE` or `--name=VALUE`; undefined when absent. */
function flag(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i === -1) return undefined;
  return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : (argv[i + 1] ?? '');
}

export const READ_BACK_HELP = `--realistic             every read-back behaviour the real API may have (same as --read-back realistic)
--read-back LIST        realistic, mirror (the default), or switches: ${Object.keys(SWITCHES).join(', ')};
                        no-NAME turns one off (e.g. realistic,no-schema-cache-refresh)
--put-keeps FIELDS      top-level fields a PUT answers 200 for but keeps (comma list; realistic: ${REALISTIC.putKeeps.join(', ')})
--create-keeps FIELDS   top-level fields a create answers for but does not store (comma list; none by default)
--rate-limit SPEC       sustained 429s: concurrent:N (more than N at once), requests:N/MS (N per MS ms),
                        retry-after:MS (Retry-After of the concurrent limit)
Environment: POLYSYNC_SANDBOX_READ_BACK, POLYSYNC_SANDBOX_PUT_KEEPS, POLYSYNC_SANDBOX_RATE_LIMIT (flags win).
`;

/** The read-back the sandbox's command line and environment ask for. */
export function readBackOptions(argv: string[], env: Record<string, string | undefined>): ReadBack | { error: string } {
  const spec = argv.includes('--realistic') ? 'realistic' : (flag(argv, '--read-back') ?? env.POLYSYNC_SANDBOX_READ_BACK ?? 'mirror');
  const readBack = readBackFrom(spec);
  if ('error' in readBack) return readBack;
  const keeps = flag(argv, '--put-keeps') ?? env.POLYSYNC_SANDBOX_PUT_KEEPS;
  if (keeps !== undefined) readBack.putKeeps = keeps.split(',').map((k) => k.trim()).filter(Boolean);
  const createKeeps = flag(argv, '--create-keeps') ?? env.POLYSYNC_SANDBOX_CREATE_KEEPS;
  if (createKeeps !== undefined) readBack.createKeeps = createKeeps.split(',').map((k) => k.trim()).filter(Boolean);
  const limit = flag(argv, '--rate-limit') ?? env.POLYSYNC_SANDBOX_RATE_LIMIT;
  if (limit !== undefined && limit !== '') {
    const rateLimit = rateLimitFrom(limit);
    if ('error' in rateLimit) return rateLimit;
    readBack.rateLimit = rateLimit;
  }
  return readBack;
}

/** One line saying how the sandbox reads back, for its start-up banner. */
export function describeReadBack(readBack: ReadBack): string {
  const on: string[] = (Object.entries(SWITCHES) as [SwitchName, keyof ReadBack][]).filter(([, key]) => readBack[key] === true).map(([name]) => name);
  if (readBack.putKeeps.length) on.push(`put-keeps ${readBack.putKeeps.join(',')}`);
  if (readBack.createKeeps?.length) on.push(`create-keeps ${readBack.createKeeps.join(',')}`);
  if (readBack.rateLimit) on.push(`rate-limit ${JSON.stringify(readBack.rateLimit)}`);
  return on.length ? on.join('; ') : 'mirror (syncs read back as they were sent)';
}
