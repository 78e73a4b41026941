// A Polytomic-compatible API on 127.0.0.1 for tests and demos: the endpoints Polysync calls,
// seeded with a fixed organization, with create-time validation, idempotency and fault injection.

import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { BulkSchema, BulkSyncResponse } from '../../server/src/api/types';
import { appSyncPageId, renderAppSyncPage } from './appPage';
import { type Fault, FaultList, type FaultRule, checkFaultRule } from './faults';
import { IDS, ORGANIZATION, POLICIES, PRINCIPALS, type Principal, SANDBOX_KEYS, type SandboxConnection, buildConnections, wideSource } from './fixtures';
import { type ReadBack, MIRROR, RateLimiter, checkReadBack, createdBody, storedSync } from './readBack';
import { type ExecutionPlan, type StoredSync, carryOutputNames, listItem, nextRun, pastExecution, patchSchemas, replaceSync, runningExecution, schemasFromCreate, settleExecutions, startExecution } from './syncs';
import { formatPath, validateCreate } from './validate';

export const SANDBOX_VERSIONS = ['2025-09-18', '2024-02-08', '2023-04-25', '2022-12-12', '2021-05-23'];
export const SANDBOX_DEFAULT_VERSION = '2025-09-18';
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  query: string;
  /** Header values as received (this is a test double holding fixture keys only). */
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
  authScheme: 'Bearer' | 'Basic' | 'none' | 'other';
  principal?: Principal;
  idempotencyKey?: string;
  version?: string;
  fault?: Fault['type'];
  /** Status of the answer, once sent; undefined when the connection was dropped or stalled. */
  status?: number;
}

export interface SandboxState {
  /** Every bulk sync that exists, in order of creation. */
  syncs: BulkSyncResponse[];
  /** Schema selections and executions of each sync, by id. */
  stored: Map<string, StoredSync>;
  /** Every /api/ request received, in order. */
  requests: RecordedRequest[];
  /** The most /api/ requests that were open at once since the last reset. */
  peakInFlight: number;
}

export interface SandboxOptions {
  port?: number;
  faults?: FaultRule[];
  /** How executions run: default 3 s, ending completed. */
  executions?: Partial<ExecutionPlan>;
  /** Start with one demo sync and a short run history (see seedDemo). */
  seed?: boolean;
  /** A web page origin allowed to call the API from a browser (CORS); none by default, as browsers then refuse. */
  allowOrigin?: string;
  /** How syncs read back (default: as they were sent; see readBack.ts). reset() returns to this. */
  readBack?: Partial<ReadBack>;
  /** Adds the source IDS.wideDb with this many tables (fixtures.ts wideSource). */
  wideSourceTables?: number;
  /** Keys of its own (default SANDBOX_KEYS), so two sandboxes can tell which key each request carried. */
  keys?: Partial<SandboxKeys>;
}

export type SandboxKeys = { readonly [K in keyof typeof SANDBOX_KEYS]: string };

export interface Sandbox {
  url: string;
  port: number;
  state: SandboxState;
  keys: SandboxKeys;
  organizationId: string;
  /** Replaces the active faults (null clears them). */
  setFault(rules: FaultRule | FaultRule[] | null): void;
  addFault(rule: FaultRule): void;
  /** Changes how the next executions run. */
  setExecutionPlan(plan: Partial<ExecutionPlan>): void;
  /** Allows a web page origin to call the API from a browser (CORS), or no origin (undefined). */
  setAllowedOrigin(origin: string | undefined): void;
  /** How syncs read back from now on; the switches not named keep their value. */
  setReadBack(change: Partial<ReadBack>): void;
  /** The read-back in force. */
  readonly readBack: Readonly<ReadBack>;
  /** Changes one schema of a sync as if someone edited it in Polytomic (bumps the sync's updated_at unless readBack.schemaEditsKeepSyncStamp). */
  editSchema(id: string, schemaId: string, change: (schema: BulkSchema) => void): void;
  /** Deletes a sync as if someone removed it in Polytomic. */
  deleteSync(id: string): boolean;
  /** Changes a sync as if someone edited it in Polytomic (bumps updated_at). */
  editSync(id: string, change: (sync: BulkSyncResponse) => void): void;
  /** Ends the running executions of a sync now (as planned: completed, failed...), for tests that follow one. */
  endExecutions(id: string): void;
  /** Creates the demo sync with a run history; answers its id. */
  seedDemo(): string;
  /** Creates a sync from a create body without a request (for tests that need many); answers it. */
  createSync(body: Record<string, unknown>): BulkSyncResponse;
  /** Forgets syncs, requests, idempotency records and faults; executions run as at the start again. */
  reset(): void;
  /** Resolves once at least `count` /api/ requests have arrived; rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type IdempotencyRecord = { hash: string; state: 'in-flight' } | { hash: string; state: 'done'; reply: Reply };

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const keys: SandboxKeys = { ...SANDBOX_KEYS, ...options.keys };
  let allowedOrigin = options.allowOrigin;
  const connections = new Map<string, SandboxConnection>(
    [...buildConnections(), ...(options.wideSourceTables ? [wideSource(options.wideSourceTables)] : [])].map((c) => [c.connection.id, c]),
  );
  const state: SandboxState = { syncs: [], stored: new Map(), requests: [], peakInFlight: 0 };
  let inFlight = 0;
  const executionPlan: ExecutionPlan = { durationMs: 3000, outcome: 'completed', ...options.executions };
  const startingPlan: ExecutionPlan = { ...executionPlan };
  const startingReadBack: ReadBack = { ...MIRROR, putKeeps: [], ...structuredClone(options.readBack ?? {}) };
  const readBack: ReadBack = structuredClone(startingReadBack);
  const limiter = new RateLimiter();
  /** Syncs whose schema list has not been read since they were created (see ReadBack.schemaCacheRefresh). */
  const cacheRefreshing = new Map<string, number>();
  const startRefresh = (id: string) => {
    if (readBack.schemaCacheRefresh) cacheRefreshing.set(id, readBack.schemaCacheRefreshReads ?? 1);
  };
  /** True when this read of the schema list is one the refresh answers. */
  const refreshing = (id: string): boolean => {
    const left = cacheRefreshing.get(id) ?? 0;
    if (left <= 0) return false;
    cacheRefreshing.set(id, left - 1);
    return true;
  };
  const connectionConfigs = {
    sourceConfiguration: (id: string) => connections.get(id)?.source?.configuration,
    destinationConfiguration: (id: string) => connections.get(id)?.target?.configuration,
  };
  let lastStamp = 0;
  /** A timestamp later than every one handed out before, so each change has its own updated_at. */
  const stamp = (): string => {
    lastStamp = Math.max(Date.now(), lastStamp + 1);
    return new Date(lastStamp).toISOString();
  };
  const sourceSchemas = (sync: BulkSyncResponse) => connections.get(sync.source_connection_id)?.source?.schemas ?? [];
  const removeSync = (id: string): boolean => {
    const index = state.syncs.findIndex((s) => s.id === id);
    if (index < 0) return false;
    state.syncs.splice(index, 1);
    state.stored.delete(id);
    return true;
  };
  const faults = new FaultList();
  if (options.faults) faults.set(options.faults);
  const idempotency = new Map<string, IdempotencyRecord>();
  const events = new EventEmitter();
  const sockets = new Set<Socket>();
  const closing = new AbortController();
  let seq = 0;
  // Bumped by reset(), so a request still being processed from before a reset leaves no trace.
  let generation = 0;

  const delay = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (closing.signal.aborted) return reject(new Error('sandbox closed'));
      const timer = setTimeout(() => {
        closing.signal.removeEventListener('abort', onClose);
        resolve();
      }, ms);
      const onClose = () => {
        clearTimeout(timer);
        reject(new Error('sandbox closed'));
      };
      closing.signal.addEventListener('abort', onClose, { once: true });
    });

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (closing.signal.aborted) return;
      process.stderr.write(`sandbox: ${err instanceof Error ? err.stack : String(err)}\n`);
      if (!res.headersSent) send(res, { status: 500, body: errorBody(500, 'internal', 'sandbox failure') });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/__sandbox/')) return admin(req, res, url, method);
    if (allowedOrigin !== undefined && req.headers.origin === allowedOrigin) {
      // A browser's preflight before a request with Authorization: answered, not recorded as an API call.
      if (method === 'OPTIONS' && req.headers['access-control-request-method']) {
        res.writeHead(204, {
          'Access-Control-Allow-Origin': allowedOrigin,
          'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
          'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? ''),
          'Access-Control-Max-Age': '600',
          Vary: 'Origin',
        });
        res.end();
        return;
      }
      res.setHeader('Access-Control-Allow-Origin', allowedOrigin);
      res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
      res.setHeader('Vary', 'Origin');
    }
    // The app's page of a sync (what Open in Polytomic opens), not an API request: not recorded.
    const pageId = method === 'GET' || method === 'HEAD' ? appSyncPageId(url.pathname) : undefined;
    if (pageId !== undefined) return appPage(res, pageId, method);

    const record: RecordedRequest = {
      seq: ++seq,
      method,
      path: url.pathname,
      query: url.search,
      headers: flattenHeaders(req.headers),
      body: '',
      receivedAt: Date.now(),
      authScheme: 'none',
      idempotencyKey: headerValue(req, 'idempotency-key'),
      version: headerValue(req, 'x-polytomic-version'),
    };
    state.requests.push(record);
    inFlight += 1;
    state.peakInFlight = Math.max(state.peakInFlight, inFlight);
    res.once('close', () => (inFlight -= 1));
    const fault = faults.take(method, url.pathname);
    record.fault = fault?.type;
    events.emit('request');
    // A fault that answers by itself decides the request; a slow answer is still counted.
    const limited = fault && fault.type !== 'latency' ? undefined : limiter.check(readBack.rateLimit, inFlight);
    if (limited) {
      await readBody(req);
      return deliver(req, res, { status: 429, headers: limited, body: errorBody(429, 'rate_limited', 'rate limit exceeded; retry after the time in Retry-After') }, undefined, record);
    }

    if (fault?.type === 'drop' && fault.when === 'before-read') {
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'stall') {
      req.pause(); // the socket stays open until the sandbox closes
      return;
    }
    const body = await readBody(req);
    record.body = body ?? '';
    const reply = body === undefined
      ? { status: 413, body: errorBody(413, 'too_large', 'request body too large') }
      : await answer(req, url, method, body, record, fault);
    if (fault?.type === 'drop' && fault.when === 'after-read') {
      req.socket.destroy();
      return;
    }
    await deliver(req, res, reply, fault, record);
  }

  function appPage(res: http.ServerResponse, id: string, method: string): void {
    const stored = state.stored.get(id);
    if (stored) settleExecutions(stored, Date.now());
    const page = renderAppSyncPage({
      id,
      sync: state.syncs.find((s) => s.id === id),
      connectionName: (connectionId) => connections.get(connectionId)?.connection.name,
      lastRun: stored?.executions[0]?.status,
    });
    res.writeHead(page.status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(page.html), 'Cache-Control': 'no-store' });
    res.end(method === 'HEAD' ? undefined : page.html);
  }

  async function answer(req: http.IncomingMessage, url: URL, method: string, body: string, record: RecordedRequest, fault: Fault | undefined): Promise<Reply> {
    const auth = authenticate(req.headers.authorization, keys);
    record.authScheme = auth.scheme;
    record.principal = auth.principal;
    if (fault?.type === 'status') return faultStatus(fault, req);
    if (fault?.type === 'rate-limit') {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== '') headers['Retry-After'] = fault.retryAfter;
      if (fault.reset !== undefined) headers['X-RateLimit-Reset'] = fault.reset;
      return { status: 429, headers, body: errorBody(429, 'rate_limited', 'too many requests') };
    }
    if (fault?.type === 'redirect') {
      return { status: fault.status ?? 307, headers: { Location: fault.location }, body: errorBody(fault.status ?? 307, 'moved', 'moved') };
    }

    const version = record.version ?? SANDBOX_DEFAULT_VERSION;
    if (!SANDBOX_VERSIONS.includes(version)) {
      return { status: 400, body: errorBody(400, 'invalid_version', `unsupported X-Polytomic-Version "${version}"; supported: ${SANDBOX_VERSIONS.join(', ')}`) };
    }
    if (!auth.principal) return { status: 401, body: errorBody(401, 'unauthorized', auth.problem ?? 'unauthorized') };

    const parts = url.pathname.replace(/\/+$/, '').split('/').slice(1).map(decodeURIComponent);
    const principal = auth.principal;
    if (parts[0] !== 'api') return notFound();
    const route = parts.slice(1);
    const only = (allowed: string, reply: () => Reply | Promise<Reply>) =>
      method === allowed ? reply() : { status: 405, headers: { Allow: allowed }, body: errorBody(405, 'method_not_allowed', `use ${allowed}`) };

    if (route[0] === 'bulk' && route[1] === 'syncs' && route.length === 2) {
      if (method === 'POST') return create(principal, body, record, version, fault);
      return only('GET', () => listSyncs(url));
    }
    if (route[0] === 'bulk' && route[1] === 'syncs' && route.length >= 3) {
      const reply = keepSync(route.slice(2), method, url, body, principal, version);
      if (fault?.type === 'delete-after') removeSync(route[2]);
      return reply;
    }
    if (route[0] === 'connections' && route.length === 1) {
      return only('GET', () => ({ status: 200, body: { data: [...connections.values()].map((c) => c.connection) } }));
    }
    if (route[0] === 'connections' && route.length >= 2) {
      const found = connections.get(route[1]);
      if (!found) return notFound(`no connection with id ${route[1]}`);
      if (route.length === 2) return only('GET', () => ({ status: 200, body: { data: found.connection } }));
      if (route.length === 4 && route[2] === 'bulksync' && route[3] === 'source') {
        return only('GET', () => sourceReply(found, url.searchParams.get('include_fields') === 'true'));
      }
      if (route.length === 4 && route[2] === 'bulksync' && route[3] === 'target') {
        return only('GET', () => targetReply(found));
      }
    }
    if (route[0] === 'permissions' && route[1] === 'policies' && route.length === 2) {
      return only('GET', () => ({ status: 200, body: { data: POLICIES } }));
    }
    if (route[0] === 'me' && route.length === 1) {
      return only('GET', () => ({ status: 200, body: { data: PRINCIPALS[principal].me } }));
    }
    return notFound();
  }

  async function create(principal: Principal, text: string, record: RecordedRequest, version: string, fault: Fault | undefined): Promise<Reply> {
    if (!PRINCIPALS[principal].canCreate) {
      return { status: 403, body: errorBody(403, 'forbidden', 'this API key may not create bulk syncs') };
    }
    const key = record.idempotencyKey;
    if (key !== undefined && !/^[A-Za-z0-9_-]{8,255}$/.test(key)) {
      return { status: 400, body: errorBody(400, 'invalid_idempotency_key', 'Idempotency-Key must be 8-255 letters, digits, "-" or "_"') };
    }
    const scope = key === undefined ? undefined : `${principal}:${key}`;
    const hash = createHash('sha256').update(text).digest('hex');
    if (scope) {
      const existing = idempotency.get(scope);
      if (existing?.state === 'in-flight') {
        return { status: 409, body: errorBody(409, 'idempotency_conflict', 'a request with this Idempotency-Key is still being processed') };
      }
      if (existing?.state === 'done') {
        if (existing.hash !== hash) {
          return { status: 422, body: errorBody(422, 'idempotency_key_reused', 'this Idempotency-Key was already used with a different request body') };
        }
        return { ...existing.reply, headers: { ...existing.reply.headers, 'Idempotent-Replayed': 'true' } };
      }
      idempotency.set(scope, { hash, state: 'in-flight' });
    }
    const startedIn = generation;
    try {
      if (fault?.type === 'latency' && fault.phase === 'processing') await delay(fault.ms);
      if (startedIn !== generation) return { status: 503, body: errorBody(503, 'reset', 'the sandbox was reset') };
      const reply = createReply(principal, text, version);
      if (scope) idempotency.set(scope, { hash, state: 'done', reply });
      return reply;
    } finally {
      if (scope && startedIn === generation && idempotency.get(scope)?.state === 'in-flight') idempotency.delete(scope);
    }
  }

  function createReply(principal: Principal, text: string, version: string): Reply {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      return { status: 400, body: errorBody(400, 'invalid_json', `malformed JSON in request body: ${(err as Error).message}`) };
    }
    const problems = validateCreate(body, {
      connections,
      policyIds: new Set(POLICIES.map((p) => p.id)),
      organizationId: ORGANIZATION.id,
      legacyVersion: version !== SANDBOX_DEFAULT_VERSION,
    });
    if (problems.length > 0) return problemsReply(problems);
    const at = stamp();
    const sync = storedSync(buildSync(createdBody(body as Record<string, unknown>, readBack), principal, version, at), readBack, connectionConfigs, undefined, randomUUID, at);
    addSync(sync, (body as Record<string, unknown>).schemas);
    startRefresh(sync.id);
    return { status: 200, body: { data: sync } };
  }

  function listSyncs(url: URL): Reply {
    const active = url.searchParams.get('active');
    const limit = Math.min(50, Math.max(1, Number(url.searchParams.get('limit') ?? 50) || 50));
    const start = Number(url.searchParams.get('page_token') ?? 0) || 0;
    const all = state.syncs
      .filter((s) => active === null || String(s.active) === active)
      .sort((a, b) => (b.updated_at ?? '').localeCompare(a.updated_at ?? ''));
    const page = all.slice(start, start + limit);
    const next = start + limit < all.length ? String(start + limit) : undefined;
    return { status: 200, body: { data: page, pagination: next ? { next_page_token: next } : {} } };
  }

  /** /api/bulk/syncs/{id}[/...]: read, replace, delete, schemas, executions, status. */
  function keepSync(rest: string[], method: string, url: URL, text: string, principal: Principal, version: string): Reply {
    const [id, part, schemaId] = rest;
    const stored = state.stored.get(id);
    if (!stored) return notFound(`no bulk sync with id ${id}`);
    const now = Date.now();
    settleExecutions(stored, now);
    const parsed = (): { ok: true; value: unknown } | { ok: false; reply: Reply } => {
      try {
        return { ok: true, value: text === '' ? {} : JSON.parse(text) };
      } catch (err) {
        return { ok: false, reply: { status: 400, body: errorBody(400, 'invalid_json', `malformed JSON in request body: ${(err as Error).message}`) } };
      }
    };
    if (rest.length === 1) {
      if (method === 'GET') return { status: 200, body: { data: stored.sync } };
      if (method === 'DELETE') {
        removeSync(id);
        return { status: 200 };
      }
      if (method !== 'PUT') return { status: 405, headers: { Allow: 'GET, PUT, DELETE' }, body: errorBody(405, 'method_not_allowed', 'use GET, PUT or DELETE') };
      if (!PRINCIPALS[principal].canCreate) return { status: 403, body: errorBody(403, 'forbidden', 'this API key may not change bulk syncs') };
      const body = parsed();
      if (!body.ok) return body.reply;
      const problems = validateCreate(body.value, { connections, policyIds: new Set(POLICIES.map((p) => p.id)), organizationId: ORGANIZATION.id, legacyVersion: version !== SANDBOX_DEFAULT_VERSION });
      // A PUT does not change schema selections, so the schemas it names are not checked.
      const relevant = problems.filter((p) => p.path[0] !== 'schemas');
      if (relevant.length > 0) return problemsReply(relevant);
      const at = stamp();
      const rebuilt = buildSync(body.value as Record<string, unknown>, principal, version, at);
      stored.sync = storedSync(replaceSync(stored.sync, rebuilt), readBack, connectionConfigs, stored.sync, randomUUID, at);
      if (readBack.putSelectsSchemas) {
        // The Terraform provider's reading: a PUT without `schemas` selects every schema, and one
        // with them sets the selection.
        const sent = (body.value as { schemas?: unknown }).schemas;
        const before = stored.schemas;
        stored.schemas = Array.isArray(sent) ? schemasFromCreate(sourceSchemas(stored.sync), sent) : before.map((s) => ({ ...s, enabled: true }));
        if (!readBack.outputNamesReset) carryOutputNames(before, stored.schemas);
      }
      state.syncs[state.syncs.findIndex((s) => s.id === id)] = stored.sync;
      return { status: 200, body: { data: stored.sync } };
    }
    if (part === 'schemas' && rest.length === 2) {
      if (method === 'GET' && refreshing(id)) {
        return { status: 422, body: errorBody(422, 'cache_refresh', 'schema cache refresh in progress; try again shortly') };
      }
      if (method === 'GET') {
        const enabledOnly = url.searchParams.get('filters')?.includes('enabled');
        return { status: 200, body: { data: stored.schemas.filter((s) => !enabledOnly || s.enabled).map(listItem) } };
      }
      if (method !== 'PATCH') return { status: 405, headers: { Allow: 'GET, PATCH' }, body: errorBody(405, 'method_not_allowed', 'use GET or PATCH') };
      if (!PRINCIPALS[principal].canCreate) return { status: 403, body: errorBody(403, 'forbidden', 'this API key may not change bulk syncs') };
      const body = parsed();
      if (!body.ok) return body.reply;
      const result = patchSchemas(stored, sourceSchemas(stored.sync), (body.value as { schemas?: unknown })?.schemas, !readBack.outputNamesReset);
      if ('error' in result) return { status: 422, body: errorBody(422, 'validation_failed', result.error) };
      if (!readBack.schemaEditsKeepSyncStamp) {
        stored.sync = { ...stored.sync, updated_at: stamp(), updated_by: PRINCIPALS[principal].actor };
        state.syncs[state.syncs.findIndex((s) => s.id === id)] = stored.sync;
      }
      return { status: 200, body: { data: result.changed } };
    }
    if (part === 'schemas' && rest.length === 3) {
      if (method !== 'GET') return { status: 405, headers: { Allow: 'GET' }, body: errorBody(405, 'method_not_allowed', 'use GET') };
      const schema = stored.schemas.find((s) => s.id === schemaId);
      return schema ? { status: 200, body: { data: schema } } : notFound(`no schema ${schemaId} in bulk sync ${id}`);
    }
    if (part === 'executions' && rest.length === 2) {
      if (method === 'POST') {
        const body = parsed();
        if (!body.ok) return body.reply;
        const running = runningExecution(stored);
        if (running) return { status: 409, body: errorBody(409, 'execution_running', `execution ${running.id} is already running`) };
        const execution = startExecution(stored, executionPlan, now, (body.value ?? {}) as Record<string, unknown>);
        return { status: 200, body: { data: execution } };
      }
      if (method !== 'GET') return { status: 405, headers: { Allow: 'GET, POST' }, body: errorBody(405, 'method_not_allowed', 'use GET or POST') };
      const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 100) || 100));
      const start = Number(url.searchParams.get('page_token') ?? 0) || 0;
      let list = stored.executions.filter((e) => url.searchParams.get('only_terminal') !== 'true' || e.completed_at);
      if (url.searchParams.get('ascending') === 'true') list = [...list].reverse();
      const next = start + limit < list.length ? String(start + limit) : undefined;
      return { status: 200, body: { data: list.slice(start, start + limit), pagination: next ? { next_page_token: next } : {} } };
    }
    if (part === 'executions' && rest.length === 3) {
      if (method !== 'GET') return { status: 405, headers: { Allow: 'GET' }, body: errorBody(405, 'method_not_allowed', 'use GET') };
      const execution = stored.executions.find((e) => e.id === schemaId);
      return execution ? { status: 200, body: { data: execution } } : notFound(`no execution ${schemaId} of bulk sync ${id}`);
    }
    if (part === 'status' && rest.length === 2) {
      if (method !== 'GET') return { status: 405, headers: { Allow: 'GET' }, body: errorBody(405, 'method_not_allowed', 'use GET') };
      const current = runningExecution(stored) ?? null;
      const last = stored.executions.find((e) => e.completed_at) ?? null;
      const schedule = stored.sync.active === false ? undefined : (stored.sync.default_schedule as Record<string, unknown> | undefined);
      return { status: 200, body: { data: { current_execution: current, last_execution: last, next_execution_time: nextRun(schedule, now), ingestion_status: null } } };
    }
    return notFound();
  }

  function problemsReply(problems: ReturnType<typeof validateCreate>): Reply {
    const status = problems.some((p) => p.status === 400) ? 400 : 422;
    const chosen = problems.filter((p) => p.status === status);
    const first = chosen[0];
    const summary = first.path.length > 0 ? `${formatPath(first.path)}: ${first.message}` : first.message;
    const message = chosen.length === 1 ? summary : `${summary} (and ${chosen.length - 1} more)`;
    return {
      status,
      body: errorBody(status, status === 400 ? 'bad_request' : 'validation_failed', message, {
        fields: chosen.map((p) => ({ field: formatPath(p.path), message: p.message })),
      }),
    };
  }

  function seedDemo(): string {
    const now = Date.now();
    const body = {
      name: 'Salesforce to Snowflake (nightly)',
      mode: 'replicate',
      source_connection_id: IDS.salesforce,
      destination_connection_id: IDS.snowflake,
      destination_configuration: { schema: 'SALESFORCE' },
      default_schedule: { frequency: 'daily', hour: '2', minute: '30' },
      schemas: [
        'Account',
        { id: 'Contact', fields: ['Id', 'AccountId', 'Name', { id: 'Email', obfuscate: true }, 'LastModifiedDate'] },
        { id: 'Opportunity', filters: [{ field_id: 'IsWon', function: 'True' }] },
      ],
    };
    // Fixed id and time, so the linked example in examples/ matches it exactly.
    const sync = buildSync(body, 'user', SANDBOX_DEFAULT_VERSION, DEMO_SYNC_UPDATED_AT);
    sync.id = DEMO_SYNC_ID;
    sync.default_schedule!.id = '4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a71';
    addSync(sync, body.schemas);
    const stored = state.stored.get(sync.id)!;
    const day = 24 * 60 * 60 * 1000;
    pastExecution(stored, now - 3 * day, 7 * 60 * 1000, 'completed');
    pastExecution(stored, now - 2 * day, 9 * 60 * 1000, 'failed');
    pastExecution(stored, now - day, 6 * 60 * 1000, 'completed');
    return sync.id;
  }

  function addSync(sync: BulkSyncResponse, bodySchemas: unknown): void {
    state.syncs.push(sync);
    state.stored.set(sync.id, { sync, schemas: schemasFromCreate(connections.get(sync.source_connection_id)?.source?.schemas ?? [], bodySchemas), executions: [] });
  }

  async function deliver(req: http.IncomingMessage, res: http.ServerResponse, reply: Reply, fault: Fault | undefined, record: RecordedRequest): Promise<void> {
    const version = record.version && SANDBOX_VERSIONS.includes(record.version) ? record.version : SANDBOX_DEFAULT_VERSION;
    let text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    let contentType = 'application/json; charset=utf-8';
    if (fault?.type === 'status') {
      if (fault.body === 'html') {
        contentType = 'text/html; charset=utf-8';
        text = `<html><head><title>${reply.status} Error</title></head><body><h1>${reply.status} Error</h1><p>upstream unavailable</p></body></html>`;
      } else if (fault.body === 'empty') text = '';
      else if (fault.body === 'truncated') text = text.slice(0, Math.floor(text.length / 2));
      else if (fault.body === 'echo-text') {
        contentType = 'text/plain; charset=utf-8';
        text = `${req.headers.authorization ?? ''} was rejected by the gateway`;
      }
    }
    if (fault?.type === 'truncated-json') text = text.slice(0, Math.floor(text.length / 2));
    if (fault?.type === 'invalid-json') text = `{data: ${text}}`;
    if (fault?.type === 'latency' && fault.phase === 'before-headers') await delay(fault.ms);

    const headers: Record<string, string> = { 'X-Polytomic-Version': version, ...reply.headers };
    if (text !== '') headers['Content-Type'] = contentType;
    headers['Content-Length'] = String(Buffer.byteLength(text));
    record.status = reply.status;
    res.writeHead(reply.status, headers);
    if (fault?.type === 'latency' && fault.phase === 'slow-body') {
      const buffer = Buffer.from(text);
      const half = Math.floor(buffer.length / 2);
      res.write(buffer.subarray(0, half));
      await delay(fault.ms);
      res.end(buffer.subarray(half));
    } else res.end(text);
  }

  async function admin(req: http.IncomingMessage, res: http.ServerResponse, url: URL, method: string): Promise<void> {
    const body = (await readBody(req)) ?? '';
    const path = url.pathname;
    const ok = (data: unknown) => send(res, { status: 200, body: { data } });
    if (path === '/__sandbox/state' && method === 'GET') {
      return ok({ syncs: state.syncs.length, requests: state.requests.length, faults: faults.active, bulk_syncs: state.syncs });
    }
    if (path === '/__sandbox/reset' && method === 'POST') {
      reset();
      return ok({ reset: true });
    }
    if (path === '/__sandbox/faults' && method === 'DELETE') {
      faults.clear();
      return ok({ faults: [] });
    }
    if (path === '/__sandbox/faults' && (method === 'POST' || method === 'PUT')) {
      let rules: unknown;
      try {
        rules = JSON.parse(body);
      } catch {
        return send(res, { status: 400, body: errorBody(400, 'invalid_json', 'body must be a fault rule or an array of them') });
      }
      const list = Array.isArray(rules) ? rules : [rules];
      const problem = list.map(checkFaultRule).find((p) => p !== undefined);
      if (problem) return send(res, { status: 400, body: errorBody(400, 'invalid_fault', problem) });
      faults.set(list as FaultRule[]);
      return ok({ faults: faults.active });
    }
    // How syncs read back: GET answers it; PUT changes the switches it names (see readBack.ts).
    if (path === '/__sandbox/read-back' && method === 'GET') return ok({ readBack });
    if (path === '/__sandbox/read-back' && method === 'PUT') {
      let change: unknown;
      try {
        change = JSON.parse(body);
      } catch {
        return send(res, { status: 400, body: errorBody(400, 'invalid_json', 'body must be an object of read-back switches') });
      }
      const problem = checkReadBack(change);
      if (problem) return send(res, { status: 400, body: errorBody(400, 'invalid_read_back', problem) });
      setReadBack(change as Partial<ReadBack>);
      return ok({ readBack });
    }
    // How the next executions run: {durationMs?, outcome?}; answers the plan before and after.
    if (path === '/__sandbox/executions' && method === 'GET') return ok({ plan: { ...executionPlan } });
    if (path === '/__sandbox/executions' && method === 'PUT') {
      let change: unknown;
      try {
        change = JSON.parse(body);
      } catch {
        return send(res, { status: 400, body: errorBody(400, 'invalid_json', 'body must be {durationMs?, outcome?}') });
      }
      const problem = checkExecutionPlan(change);
      if (problem) return send(res, { status: 400, body: errorBody(400, 'invalid_plan', problem) });
      const previous = { ...executionPlan };
      Object.assign(executionPlan, change);
      return ok({ previous, plan: { ...executionPlan } });
    }
    send(res, { status: 404, body: errorBody(404, 'not_found', 'admin routes: GET /__sandbox/state, POST /__sandbox/reset, POST|DELETE /__sandbox/faults, GET|PUT /__sandbox/executions, GET|PUT /__sandbox/read-back') });
  }

  function reset(): void {
    generation += 1;
    state.syncs.length = 0;
    state.stored.clear();
    state.peakInFlight = 0;
    state.requests.length = 0;
    idempotency.clear();
    faults.clear();
    Object.assign(executionPlan, startingPlan);
    // A rate limit or create-keeps switched on since the start go too: assigning the starting switches would keep them.
    if (!startingReadBack.rateLimit) delete readBack.rateLimit;
    if (!startingReadBack.createKeeps) delete readBack.createKeeps;
    setReadBack(structuredClone(startingReadBack));
    limiter.reset();
    cacheRefreshing.clear();
  }

  function setReadBack(change: Partial<ReadBack>): void {
    Object.assign(readBack, structuredClone(change));
    if (change.rateLimit === null) delete readBack.rateLimit;
  }

  if (options.seed) seedDemo();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    keys,
    organizationId: ORGANIZATION.id,
    setAllowedOrigin: (origin) => {
      allowedOrigin = origin;
    },
    setFault: (rules) => faults.set(rules),
    addFault: (rule) => faults.add(rule),
    setExecutionPlan: (plan) => Object.assign(executionPlan, plan),
    setReadBack,
    get readBack() {
      return readBack;
    },
    editSchema(id, schemaId, change) {
      const stored = state.stored.get(id);
      const schema = stored?.schemas.find((s) => s.id === schemaId);
      if (!stored || !schema) throw new Error(`sandbox: no schema ${schemaId} in bulk sync ${id}`);
      change(schema);
      if (readBack.schemaEditsKeepSyncStamp) return;
      stored.sync = { ...stored.sync, updated_at: stamp() };
      state.syncs[state.syncs.findIndex((s) => s.id === id)] = stored.sync;
    },
    deleteSync: removeSync,
    editSync(id, change) {
      const stored = state.stored.get(id);
      if (!stored) throw new Error(`sandbox: no bulk sync ${id}`);
      const copy = structuredClone(stored.sync);
      change(copy);
      copy.updated_at = stamp();
      stored.sync = copy;
      state.syncs[state.syncs.findIndex((s) => s.id === id)] = copy;
    },
    endExecutions(id) {
      const stored = state.stored.get(id);
      if (!stored) throw new Error(`sandbox: no bulk sync ${id}`);
      const now = Date.now();
      for (const execution of stored.executions) if (!execution.completed_at) execution.__dueAt = Math.min(Number(execution.__dueAt), now);
      settleExecutions(stored, now);
    },
    seedDemo,
    createSync(body) {
      const problems = validateCreate(body, { connections, policyIds: new Set(POLICIES.map((p) => p.id)), organizationId: ORGANIZATION.id, legacyVersion: false });
      if (problems.length > 0) throw new Error(`sandbox: invalid body: ${problems.map((p) => `${formatPath(p.path)} ${p.message}`).join('; ')}`);
      const at = stamp();
      const sync = storedSync(buildSync(body, 'user', SANDBOX_DEFAULT_VERSION, at), readBack, connectionConfigs, undefined, randomUUID, at);
      addSync(sync, body.schemas);
      startRefresh(sync.id);
      return sync;
    },
    reset,
    waitForRequests(count, timeoutMs = 5000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (state.requests.length >= count) {
            clearTimeout(timer);
            events.off('request', check);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          events.off('request', check);
          reject(new Error(`sandbox: expected ${count} requests within ${timeoutMs} ms, got ${state.requests.length}`));
        }, timeoutMs);
        events.on('request', check);
        check();
      });
    },
    close() {
      closing.abort();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

/** The fixed id of the demo sync (seedDemo), so examples/ can link to it. */
export const DEMO_SYNC_ID = '4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a70';
const DEMO_SYNC_UPDATED_AT = '2026-01-05T08:00:00.000Z';

function buildSync(body: Record<string, unknown>, principal: Principal, version: string, now: string): BulkSyncResponse {
  const actor = PRINCIPALS[principal].actor;
  const schedule = (body.default_schedule ?? body.schedule) as { frequency: string };
  const { schemas: _schemas, schedule: _schedule, discover: _discover, ...rest } = body;
  return {
    id: randomUUID(),
    ...rest,
    name: body.name as string,
    active: (body.active as boolean | null | undefined) ?? true,
    mode: body.mode as string,
    source_connection_id: body.source_connection_id as string,
    destination_connection_id: body.destination_connection_id as string,
    source_configuration: (body.source_configuration as Record<string, unknown> | null | undefined) ?? null,
    destination_configuration: body.destination_configuration as Record<string, unknown>,
    default_schedule: { ...schedule, id: randomUUID(), created_at: now, created_by: actor, updated_at: now, updated_by: actor },
    additional_schedules: (body.additional_schedules as BulkSyncResponse['additional_schedules']) ?? [],
    automatically_add_new_fields: (body.automatically_add_new_fields as string | undefined) ?? 'all',
    automatically_add_new_objects: (body.automatically_add_new_objects as string | undefined) ?? (body.discover === true && version !== SANDBOX_DEFAULT_VERSION ? 'all' : 'none'),
    normalize_names: (body.normalize_names as string | undefined) ?? 'enabled',
    concurrency_limit: (body.concurrency_limit as number | null | undefined) ?? null,
    resync_concurrency_limit: (body.resync_concurrency_limit as number | null | undefined) ?? null,
    data_cutoff_timestamp: (body.data_cutoff_timestamp as string | null | undefined) ?? null,
    disable_record_timestamps: (body.disable_record_timestamps as boolean | null | undefined) ?? false,
    organization_id: ORGANIZATION.id,
    policies: (body.policies as string[] | null | undefined) ?? [IDS.policyDefault],
    created_at: now,
    created_by: actor,
    updated_at: now,
    updated_by: actor,
  };
}

function sourceReply(found: SandboxConnection, includeFields: boolean): Reply {
  if (!found.source) {
    return { status: 400, body: errorBody(400, 'not_a_source', `connection "${found.connection.name}" (${found.connection.type.id}) cannot be used as a bulk sync source`) };
  }
  const schemas = (found.source.schemas ?? []).map((s) => (includeFields ? s : { id: s.id, name: s.name }));
  return { status: 200, body: { data: { ...found.source, schemas } } };
}

function targetReply(found: SandboxConnection): Reply {
  if (!found.target) {
    return { status: 400, body: errorBody(400, 'not_a_destination', `connection "${found.connection.name}" (${found.connection.type.id}) cannot be used as a bulk sync destination`) };
  }
  const { requiredConfig: _required, enumConfig: _enum, ...target } = found.target;
  return { status: 200, body: { data: target } };
}

function faultStatus(fault: Extract<Fault, { type: 'status' }>, req: http.IncomingMessage): Reply {
  if (fault.body === 'echo') {
    const auth = req.headers.authorization ?? '';
    return {
      status: fault.status,
      body: errorBody(fault.status, 'echo', `rejected credentials ${auth}`, { fields: [{ field: 'name', message: `seen with ${auth}` }] }),
    };
  }
  return { status: fault.status, body: errorBody(fault.status, 'injected', `injected failure ${fault.status}`) };
}

interface AuthResult {
  scheme: RecordedRequest['authScheme'];
  principal?: Principal;
  problem?: string;
}

function authenticate(header: string | undefined, keys: SandboxKeys): AuthResult {
  if (!header) return { scheme: 'none', problem: 'missing Authorization header' };
  const [scheme, credential = ''] = header.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) {
    if (credential === keys.user) return { scheme: 'Bearer', principal: 'user' };
    if (credential === keys.readonly) return { scheme: 'Bearer', principal: 'readonly' };
    if (credential === keys.organization) {
      return { scheme: 'Bearer', problem: 'organization-scoped keys are sent as Basic base64("<organization id>:<key>")' };
    }
    return { scheme: 'Bearer', problem: 'invalid API key' };
  }
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const org = decoded.slice(0, colon);
    const key = decoded.slice(colon + 1);
    if (colon > 0 && org === ORGANIZATION.id && key === keys.organization) return { scheme: 'Basic', principal: 'organization' };
    return { scheme: 'Basic', problem: 'invalid organization id or organization API key' };
  }
  return { scheme: 'other', problem: 'unsupported Authorization scheme; use Bearer or Basic' };
}

/** Why a change of the execution plan is refused, or undefined when it is a valid one. */
function checkExecutionPlan(change: unknown): string | undefined {
  if (typeof change !== 'object' || change === null || Array.isArray(change)) return 'body must be {durationMs?, outcome?}';
  for (const key of Object.keys(change)) if (key !== 'durationMs' && key !== 'outcome') return `unknown key "${key}"; use durationMs and outcome`;
  const { durationMs, outcome } = change as { durationMs?: unknown; outcome?: unknown };
  if (durationMs !== undefined && (typeof durationMs !== 'number' || !Number.isFinite(durationMs) || durationMs < 0)) return 'durationMs must be a number of milliseconds, 0 or more';
  if (outcome !== undefined && outcome !== 'completed' && outcome !== 'failed' && outcome !== 'canceled') return 'outcome must be completed, failed or canceled';
  return undefined;
}

function errorBody(status: number, key: string, message: string, metadata: Record<string, unknown> = {}) {
  return { key, message, status, metadata };
}

function notFound(message = 'not found'): Reply {
  return { status: 404, body: errorBody(404, 'not_found', message) };
}

function send(res: http.ServerResponse, reply: Reply): void {
  const text = JSON.stringify(reply.body ?? {});
  res.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...reply.headers,
  });
  res.end(text);
}

/** The whole body as text, or undefined when it is larger than the limit. */
function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function headerValue(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

