// A Polytomic-compatible API on 127.0.0.1 for tests and demos: the endpoints Polysync calls,
// seeded with a fixed organization, with create-time validation, idempotency and fault injection.

import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { BulkSyncResponse } from '../../server/src/api/types';
import { type Fault, FaultList, type FaultRule, checkFaultRule } from './faults';
import { IDS, ORGANIZATION, POLICIES, PRINCIPALS, type Principal, SANDBOX_KEYS, type SandboxConnection, buildConnections } from './fixtures';
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
  /** Every bulk sync created, in order. */
  syncs: BulkSyncResponse[];
  /** Every /api/ request received, in order. */
  requests: RecordedRequest[];
}

export interface SandboxOptions {
  port?: number;
  faults?: FaultRule[];
}

export interface Sandbox {
  url: string;
  port: number;
  state: SandboxState;
  keys: typeof SANDBOX_KEYS;
  organizationId: string;
  /** Replaces the active faults (null clears them). */
  setFault(rules: FaultRule | FaultRule[] | null): void;
  addFault(rule: FaultRule): void;
  /** Forgets syncs, requests, idempotency records and faults. */
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
  const connections = new Map<string, SandboxConnection>(buildConnections().map((c) => [c.connection.id, c]));
  const state: SandboxState = { syncs: [], requests: [] };
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
    const fault = faults.take(method, url.pathname);
    record.fault = fault?.type;
    events.emit('request');

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

  async function answer(req: http.IncomingMessage, url: URL, method: string, body: string, record: RecordedRequest, fault: Fault | undefined): Promise<Reply> {
    const auth = authenticate(req.headers.authorization);
    record.authScheme = auth.scheme;
    record.principal = auth.principal;
    if (fault?.type === 'status') return faultStatus(fault, req);
    if (fault?.type === 'rate-limit') {
      return { status: 429, headers: { 'Retry-After': fault.retryAfter }, body: errorBody(429, 'rate_limited', 'too many requests') };
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
      return only('GET', () => ({ status: 200, body: { data: state.syncs } }));
    }
    if (route[0] === 'bulk' && route[1] === 'syncs' && route.length === 3) {
      return only('GET', () => {
        const sync = state.syncs.find((s) => s.id === route[2]);
        return sync ? { status: 200, body: { data: sync } } : notFound(`no bulk sync with id ${route[2]}`);
      });
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
    if (problems.length > 0) {
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
    const sync = buildSync(body as Record<string, unknown>, principal, version);
    state.syncs.push(sync);
    return { status: 200, body: { data: sync } };
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
    send(res, { status: 404, body: errorBody(404, 'not_found', 'admin routes: GET /__sandbox/state, POST /__sandbox/reset, POST|DELETE /__sandbox/faults') });
  }

  function reset(): void {
    generation += 1;
    state.syncs.length = 0;
    state.requests.length = 0;
    idempotency.clear();
    faults.clear();
  }

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
    keys: SANDBOX_KEYS,
    organizationId: ORGANIZATION.id,
    setFault: (rules) => faults.set(rules),
    addFault: (rule) => faults.add(rule),
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

function buildSync(body: Record<string, unknown>, principal: Principal, version: string): BulkSyncResponse {
  const now = new Date().toISOString();
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

function authenticate(header: string | undefined): AuthResult {
  if (!header) return { scheme: 'none', problem: 'missing Authorization header' };
  const [scheme, credential = ''] = header.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) {
    if (credential === SANDBOX_KEYS.user) return { scheme: 'Bearer', principal: 'user' };
    if (credential === SANDBOX_KEYS.readonly) return { scheme: 'Bearer', principal: 'readonly' };
    if (credential === SANDBOX_KEYS.organization) {
      return { scheme: 'Bearer', problem: 'organization-scoped keys are sent as Basic base64("<organization id>:<key>")' };
    }
    return { scheme: 'Bearer', problem: 'invalid API key' };
  }
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const org = decoded.slice(0, colon);
    const key = decoded.slice(colon + 1);
    if (colon > 0 && org === ORGANIZATION.id && key === SANDBOX_KEYS.organization) return { scheme: 'Basic', principal: 'organization' };
    return { scheme: 'Basic', problem: 'invalid organization id or organization API key' };
  }
  return { scheme: 'other', problem: 'unsupported Authorization scheme; use Bearer or Basic' };
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

