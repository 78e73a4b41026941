// The Polytomic API client shared by the language server, the VS Code extension and the CLI.
// Pure Node: no editor imports. Every failure is an ApiError whose message is safe to show.

import { utf8Encode } from '../util/bytes';
import { type ApiConfig, type ApiConfigInput, authorizationHeader, resolveConfig, secretForms } from './config';
import { ApiError, type SentOutcome, describeOutcome } from './errors';
import { redact } from './redact';
import { badSuccessBody, errorFromResponse, type ErrorContext, formatStatus, readJsonBody, sentence } from './responses';
import { AdaptiveGate, type GatesByUrl } from './gate';
import { backoffDelay, parseRateLimitReset, parseRetryAfter, sleep as realSleep } from './retry';
import { type HttpRequest, type HttpResponse, type HttpSend, TransportError } from './http';
import { send as platformSend } from './send';
import { INFERRED_REST_MAY_ANSWER_429 } from './inferred';
import type {
  BulkSchema,
  BulkSchemaListItem,
  BulkSyncExecution,
  BulkSyncRequest,
  BulkSyncResponse,
  BulkSyncStatus,
  BulkSyncSource,
  BulkSyncTarget,
  Connection,
  Me,
  Page,
  Policy,
  StartExecutionRequest,
} from './types';
import { VERSION } from '../version';

/** Sent with every request: the product and the version of this build (package.json's, set by the build). */
export const USER_AGENT = `polysync/${VERSION}`;

export interface ClientDeps {
  /** Waits between attempts; tests may shorten or record it. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  /** Jitter source for the backoff, in [0, 1). */
  random?: () => number;
  /** Receives one redacted line per attempt. */
  log?: (line: string) => void;
  /** How a request travels; the platform's own (node:http, or fetch in the web build) unless a test hands in another. */
  send?: HttpSend;
  /** The bound on requests in flight; clients that share one lower their pace together on 429s. */
  gate?: AdaptiveGate;
  /** Gates by API URL: this client takes the one for its URL (unless `gate` is given), shared with the other clients there. */
  gates?: GatesByUrl;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface CreateOptions extends RequestOptions {
  /** Reuse to retry a create whose outcome was unknown; a fresh one is made per call otherwise. */
  idempotencyKey?: string;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,255}$/;

export function newIdempotencyKey(): string {
  return `polysync-${globalThis.crypto.randomUUID()}`;
}

export function isValidIdempotencyKey(key: string): boolean {
  return IDEMPOTENCY_KEY.test(key);
}

type Method = HttpRequest['method'];

interface CallOptions extends RequestOptions {
  body?: unknown;
  idempotencyKey?: string;
  /**
   * False for a request that must not be repeated once it may have arrived (starting an execution):
   * it is sent again only when the API cannot have processed it (429, connection refused).
   */
  repeatable?: boolean;
  /** Answer the whole body (`data` plus `pagination`), not only `data`. */
  envelope?: boolean;
  /** A schema read: retried while the API answers that its schema cache is being refreshed. */
  cacheRefresh?: boolean;
}

/** Longest wait between two tries of a request the API keeps rate limiting without saying for how long. */
const MAX_RATE_LIMIT_BACKOFF_MS = 30_000;
/** Longest wait between two tries of a schema read during a cache refresh. */
const MAX_CACHE_REFRESH_BACKOFF_MS = 10_000;

/** What the API says while it refreshes a sync's schema cache (right after a create, or for a new source). */
export function isCacheRefresh(status: number, message: string | undefined): boolean {
  if (status !== 422 && status !== 400) return false;
  return /cache refresh|refreshing|did not provide any schemas/i.test(message ?? '');
}

export interface ListBulkSyncsOptions extends RequestOptions {
  active?: boolean;
  pageToken?: string;
  /** At most 50 per page. */
  limit?: number;
}

export interface ListExecutionsOptions extends RequestOptions {
  pageToken?: string;
  onlyTerminal?: boolean;
  ascending?: boolean;
  /** At most 100. */
  limit?: number;
}

/** What one attempt came to. */
type Step<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: ApiError;
      /** Whether this attempt may have created the sync. */
      sent: SentOutcome;
      /** The API itself answered for this idempotency key, so earlier attempts no longer matter. */
      authoritative: boolean;
      retry: boolean;
      retryAfterMs?: number;
      /** The API cannot have processed the request (a 429, a connection never made). */
      unprocessed?: boolean;
      /** A 429: retried within the rate-limit budget rather than the retry count. */
      rateLimited?: boolean;
      /** A schema read during a cache refresh: retried up to cacheRefreshRetries times. */
      cacheRefresh?: boolean;
    };

export class PolytomicClient {
  /** The settings in use, without the key. */
  readonly config: Readonly<Omit<ApiConfig, 'apiKey' | 'proxy'>>;
  // Truly private (#) so that inspecting or serialising the client cannot show the key.
  readonly #authorization: string;
  readonly #secrets: string[];
  // The proxy URL may carry the proxy's own password.
  readonly #proxy: string | undefined;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly log?: (line: string) => void;
  private readonly send: HttpSend;
  private readonly gate: AdaptiveGate;

  /** Throws ApiConfigError for a missing key, a non-https remote URL or an unsupported version. */
  constructor(input: ApiConfigInput, deps: ClientDeps = {}) {
    const { apiKey, proxy, ...config } = resolveConfig(input);
    this.config = config;
    this.#proxy = proxy;
    this.#authorization = authorizationHeader(apiKey, config.organizationId);
    this.#secrets = secretForms({ apiKey, organizationId: config.organizationId });
    this.sleep = deps.sleep ?? realSleep;
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.log = deps.log;
    this.send = deps.send ?? platformSend;
    this.gate = deps.gate ?? deps.gates?.gateFor(config.baseUrl, config.maxInFlight) ?? new AdaptiveGate(config.maxInFlight, 8, (limit) => this.trace(`rate limiting: at most ${limit} request${limit === 1 ? '' : 's'} in flight from now on`));
  }

  /** Requests this client lets be in flight now (lowered after 429s, grown back slowly). */
  get inFlightLimit(): number {
    return this.gate.limit;
  }

  /** POST /api/bulk/syncs. Retries reuse one Idempotency-Key, so at most one sync is created. */
  async createBulkSync(body: BulkSyncRequest | Record<string, unknown>, options: CreateOptions = {}): Promise<BulkSyncResponse> {
    const idempotencyKey = options.idempotencyKey ?? newIdempotencyKey();
    if (!isValidIdempotencyKey(idempotencyKey)) {
      throw new ApiError({
        kind: 'bad-request',
        sent: 'no',
        message: 'The idempotency key must be 8 to 255 letters, digits, "-" or "_". No bulk sync was created.',
      });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ApiError({ kind: 'bad-request', sent: 'no', message: 'The request body must be a JSON object. No bulk sync was created.' });
    }
    return this.call<BulkSyncResponse>('POST', '/api/bulk/syncs', { ...options, body, idempotencyKey });
  }

  listConnections(options?: RequestOptions): Promise<Connection[]> {
    return this.call<Connection[]>('GET', '/api/connections', options);
  }

  getConnection(id: string, options?: RequestOptions): Promise<Connection> {
    return this.call<Connection>('GET', `/api/connections/${segment(id, 'connection id')}`, options);
  }

  getBulkSyncSource(id: string, includeFields = false, options?: RequestOptions): Promise<BulkSyncSource> {
    const query = includeFields ? '?include_fields=true' : '';
    return this.call<BulkSyncSource>('GET', `/api/connections/${segment(id, 'connection id')}/bulksync/source${query}`, options);
  }

  getBulkSyncTarget(id: string, options?: RequestOptions): Promise<BulkSyncTarget> {
    return this.call<BulkSyncTarget>('GET', `/api/connections/${segment(id, 'connection id')}/bulksync/target`, options);
  }

  listPolicies(options?: RequestOptions): Promise<Policy[]> {
    return this.call<Policy[]>('GET', '/api/permissions/policies', options);
  }

  me(options?: RequestOptions): Promise<Me> {
    return this.call<Me>('GET', '/api/me', options);
  }

  /** One page of `GET /api/bulk/syncs`; `nextPageToken` is set only when the API gives one. */
  async listBulkSyncsPage(options: ListBulkSyncsOptions = {}): Promise<Page<BulkSyncResponse>> {
    const query = new URLSearchParams();
    if (options.active !== undefined) query.set('active', String(options.active));
    if (options.pageToken) query.set('page_token', options.pageToken);
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    const q = query.size > 0 ? `?${query}` : '';
    return toPage(await this.call<unknown>('GET', `/api/bulk/syncs${q}`, { ...options, envelope: true }));
  }

  /** Every bulk sync of the account, following `next_page_token` when the API gives one. */
  async listBulkSyncs(options: Omit<ListBulkSyncsOptions, 'pageToken'> = {}): Promise<BulkSyncResponse[]> {
    const all: BulkSyncResponse[] = [];
    const seen = new Set<string>();
    let pageToken: string | undefined;
    do {
      const page = await this.listBulkSyncsPage({ ...options, pageToken });
      all.push(...page.data);
      pageToken = page.nextPageToken;
      // A token seen before would loop forever; stop instead.
      if (pageToken !== undefined) {
        if (seen.has(pageToken)) break;
        seen.add(pageToken);
      }
    } while (pageToken !== undefined);
    return all;
  }

  getBulkSync(id: string, options?: RequestOptions & { refreshSchemas?: boolean }): Promise<BulkSyncResponse> {
    const q = options?.refreshSchemas ? '?refresh_schemas=true' : '';
    return this.call<BulkSyncResponse>('GET', `/api/bulk/syncs/${segment(id, 'bulk sync id')}${q}`, options);
  }

  /** PUT /api/bulk/syncs/{id}: a full replacement (left-out fields are reset); schema selections are not changed. */
  updateBulkSync(id: string, body: Record<string, unknown>, options?: RequestOptions): Promise<BulkSyncResponse> {
    return this.call<BulkSyncResponse>('PUT', `/api/bulk/syncs/${segment(id, 'bulk sync id')}`, { ...options, body });
  }

  /** The schema list: no `fields` and no `filters` (read each schema for them). */
  listBulkSyncSchemas(id: string, options?: RequestOptions): Promise<BulkSchemaListItem[]> {
    return this.call<BulkSchemaListItem[]>('GET', `/api/bulk/syncs/${segment(id, 'bulk sync id')}/schemas`, { ...options, cacheRefresh: true });
  }

  getBulkSyncSchema(id: string, schemaId: string, options?: RequestOptions): Promise<BulkSchema> {
    return this.call<BulkSchema>('GET', `/api/bulk/syncs/${segment(id, 'bulk sync id')}/schemas/${segment(schemaId, 'schema id')}`, { ...options, cacheRefresh: true });
  }

  /** PATCH /api/bulk/syncs/{id}/schemas: only the listed schemas change; `enabled: false` drops one. */
  updateBulkSyncSchemas(id: string, schemas: BulkSchema[], options?: RequestOptions): Promise<BulkSchema[]> {
    return this.call<BulkSchema[]>('PATCH', `/api/bulk/syncs/${segment(id, 'bulk sync id')}/schemas`, { ...options, body: { schemas } });
  }

  /** Starts an execution; 409 while one is running. Never repeated once it may have arrived. */
  startBulkSyncExecution(id: string, body: StartExecutionRequest = {}, options?: RequestOptions): Promise<BulkSyncExecution> {
    return this.call<BulkSyncExecution>('POST', `/api/bulk/syncs/${segment(id, 'bulk sync id')}/executions`, { ...options, body, repeatable: false });
  }

  /** One execution by its id (the status view shows only the current and the last one). */
  getBulkSyncExecution(id: string, executionId: string, options?: RequestOptions): Promise<BulkSyncExecution> {
    return this.call<BulkSyncExecution>('GET', `/api/bulk/syncs/${segment(id, 'bulk sync id')}/executions/${segment(executionId, 'execution id')}`, options);
  }

  getBulkSyncStatus(id: string, options?: RequestOptions): Promise<BulkSyncStatus> {
    return this.call<BulkSyncStatus>('GET', `/api/bulk/syncs/${segment(id, 'bulk sync id')}/status`, options);
  }

  async listBulkSyncExecutions(id: string, options: ListExecutionsOptions = {}): Promise<Page<BulkSyncExecution>> {
    const query = new URLSearchParams();
    if (options.pageToken) query.set('page_token', options.pageToken);
    if (options.onlyTerminal !== undefined) query.set('only_terminal', String(options.onlyTerminal));
    if (options.ascending !== undefined) query.set('ascending', String(options.ascending));
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    const q = query.size > 0 ? `?${query}` : '';
    return toPage(await this.call<unknown>('GET', `/api/bulk/syncs/${segment(id, 'bulk sync id')}/executions${q}`, { ...options, envelope: true }));
  }

  private async call<T>(method: Method, path: string, options: CallOptions = {}): Promise<T> {
    // Only POST /api/bulk/syncs creates a sync (with an Idempotency-Key); other POSTs are not repeatable.
    const isCreate = method === 'POST' && path === '/api/bulk/syncs';
    const repeatable = options.repeatable ?? true;
    const ctx: ErrorContext = { method, path: path.split('?')[0], secrets: this.#secrets };
    const payload = options.body === undefined ? undefined : encodeBody(options.body);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: this.#authorization,
      'X-Polytomic-Version': this.config.version,
      'User-Agent': USER_AGENT,
    };
    if (payload) headers['Content-Type'] = 'application/json';
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;

    const url = new URL(this.config.baseUrl + path);
    const maxAttempts = this.config.maxRetries + 1;
    const outcomes: SentOutcome[] = [];
    const firstSent = this.now();
    // Counted apart: a 429 spends the time budget, a cache refresh its own tries, anything else the retries.
    let failures = 0;
    let limited = 0;
    let refreshes = 0;
    for (let attempt = 1; ; attempt++) {
      const started = this.now();
      let step: Step<T>;
      try {
        const res = await this.gate.run(() => this.send({ url, method, headers, body: payload, timeoutMs: this.config.timeoutMs, signal: options.signal, proxy: this.#proxy }));
        if (res.status === 429) this.gate.rateLimited();
        else this.gate.answered();
        step = this.interpret<T>(res, ctx, isCreate, outcomes.includes('unknown'), options.envelope === true, options.cacheRefresh === true);
        this.trace(`${method} ${ctx.path} attempt ${attempt}: ${formatStatus(res)} in ${this.now() - started} ms`);
      } catch (err) {
        step = fromTransport(err, ctx, isCreate);
        this.trace(`${method} ${ctx.path} attempt ${attempt}: ${step.ok ? 'ok' : step.error.message}`);
      }
      if (step.ok) return step.value;
      if (!repeatable && step.retry && !step.unprocessed) step = { ...step, retry: false };

      outcomes.push(step.sent);
      const sent = !isCreate ? 'no' : step.authoritative ? step.sent : combine(outcomes);
      const fail = (error: ApiError = step.error) => finalError(error, { attempt, sent, isCreate, idempotencyKey: options.idempotencyKey });
      if (!step.retry) throw fail();
      let delay: number;
      if (step.rateLimited && this.config.maxRetries > 0) {
        limited += 1;
        // A 429 without a usable wait still gets a growing one, so a sustained limit is not hammered.
        delay = step.retryAfterMs !== undefined && step.retryAfterMs > 0 ? step.retryAfterMs : Math.min(backoffDelay(limited - 1, this.config.backoffBaseMs, this.random), MAX_RATE_LIMIT_BACKOFF_MS);
        const spent = this.now() - firstSent;
        if (spent + delay > this.config.rateLimitBudgetMs) throw fail(rateLimitSpent(step.error, ctx, spent, this.config.rateLimitBudgetMs));
      } else if (step.cacheRefresh) {
        refreshes += 1;
        if (refreshes > this.config.cacheRefreshRetries) throw fail(step.error.with({ message: `${sentence(step.error.message)} The schema cache was still being refreshed after ${refreshes} tries.` }));
        delay = Math.min(backoffDelay(refreshes - 1, this.config.backoffBaseMs, this.random), MAX_CACHE_REFRESH_BACKOFF_MS);
      } else {
        failures += 1;
        if (failures >= maxAttempts) throw fail();
        delay = step.retryAfterMs ?? backoffDelay(failures - 1, this.config.backoffBaseMs, this.random);
      }
      this.trace(`${method} ${ctx.path}: retrying in ${delay} ms`);
      try {
        await this.sleep(delay, options.signal);
      } catch {
        const cancelled = new ApiError({ kind: 'cancelled', message: `${method} ${ctx.path}: cancelled while waiting to retry.` });
        throw finalError(cancelled, { attempt, sent: isCreate ? combine(outcomes) : 'no', isCreate, idempotencyKey: options.idempotencyKey });
      }
    }
  }

  private interpret<T>(res: HttpResponse, ctx: ErrorContext, isCreate: boolean, earlierUnknown: boolean, envelope: boolean, cacheRefresh: boolean): Step<T> {
    const status = res.status;
    if (status >= 200 && status < 300) {
      const read = readJsonBody(res, ctx.secrets);
      const sent: SentOutcome = isCreate ? 'yes' : 'no';
      if (!read.ok) return { ok: false, error: badSuccessBody(res, ctx, read.problem), sent, authoritative: true, retry: false };
      const data = (read.value as { data?: unknown } | null)?.data;
      if (typeof read.value !== 'object' || read.value === null || data === undefined || data === null) {
        return { ok: false, error: badSuccessBody(res, ctx, 'the body has no "data" member'), sent, authoritative: true, retry: false };
      }
      return { ok: true, value: (envelope ? read.value : data) as T };
    }
    const retryAfterMs = status === 429 || status === 503
      ? (parseRetryAfter(res.headers['retry-after'], this.now()) ?? parseRateLimitReset(res.headers['x-ratelimit-reset'], this.now()))
      : undefined;
    const error = errorFromResponse(res, ctx, retryAfterMs);
    if (cacheRefresh && isCacheRefresh(status, error.apiMessage ?? error.message)) {
      return { ok: false, error, sent: 'no', authoritative: true, retry: true, cacheRefresh: true };
    }
    if (status === 408 || (status === 429 && INFERRED_REST_MAY_ANSWER_429) || status >= 500) {
      const waitTooLong = retryAfterMs !== undefined && retryAfterMs > this.config.maxRetryAfterMs;
      return {
        ok: false,
        error,
        // A 5xx from the API itself means it failed the request; a gateway's 502/504 means the API
        // may still have processed it. Retries reuse the idempotency key either way.
        sent: status === 502 || status === 504 ? 'unknown' : 'no',
        authoritative: false,
        retry: !waitTooLong,
        retryAfterMs,
        unprocessed: status === 429,
        rateLimited: status === 429,
      };
    }
    if (status === 409 && isCreate) {
      // Our own earlier attempt is still being processed: waiting gets its recorded outcome.
      return { ok: false, error, sent: 'unknown', authoritative: false, retry: earlierUnknown };
    }
    return { ok: false, error, sent: 'no', authoritative: true, retry: false };
  }

  private trace(line: string): void {
    this.log?.(redact(line, this.#secrets));
  }
}

function fromTransport<T>(err: unknown, ctx: ErrorContext, isCreate: boolean): Step<T> {
  const where = `${ctx.method} ${ctx.path}`;
  if (!(err instanceof TransportError)) {
    // Not expected (e.g. a header Node refuses); its text is not echoed in case it holds input.
    const error = new ApiError({ kind: 'network', message: `${where}: the request could not be made.` });
    return { ok: false, error, sent: 'no', authoritative: false, retry: false };
  }
  const written: SentOutcome = err.requestWritten ? 'unknown' : 'no';
  const message = `${where}: ${redact(err.message, ctx.secrets)}`;
  switch (err.failure) {
    case 'aborted':
      return { ok: false, error: new ApiError({ kind: 'cancelled', message }), sent: written, authoritative: false, retry: false };
    case 'too-large': {
      const created = isCreate && err.status !== undefined && err.status >= 200 && err.status < 300;
      return { ok: false, error: new ApiError({ kind: 'bad-response', message, status: err.status }), sent: created ? 'yes' : written, authoritative: created, retry: false };
    }
    case 'refused':
    case 'dns':
      return { ok: false, error: new ApiError({ kind: 'network', message }), sent: 'no', authoritative: false, retry: true, unprocessed: true };
    case 'browser-blocked':
      // The browser says the same for a refused origin and for a connection lost mid-request, and not
      // whether the request left: tried again like a reset (a create with its Idempotency-Key), outcome open.
      return { ok: false, error: new ApiError({ kind: 'network', message }), sent: written, authoritative: false, retry: true };
    case 'tls':
    case 'proxy':
      return { ok: false, error: new ApiError({ kind: 'network', message }), sent: 'no', authoritative: false, retry: false };
    default: {
      const kind = err.failure === 'timeout' ? 'timeout' : 'network';
      if (err.status !== undefined) {
        // The status line arrived but the body did not, and the status decides as it does for a whole
        // answer: a 2xx means the create happened; 409 (in flight) and a gateway's 502/504 leave it
        // open; any other status means it did not, and a refusal (3xx, 4xx but 408 and 429) would
        // be refused again.
        const ok = err.status >= 200 && err.status < 300;
        const open = err.status === 409 || err.status === 502 || err.status === 504;
        const refused = !ok && err.status < 500 && err.status !== 408 && err.status !== 409 && err.status !== 429;
        const sent: SentOutcome = ok ? 'yes' : open ? written : 'no';
        return {
          ok: false,
          error: new ApiError({ kind, status: err.status, message: `${where}: HTTP ${err.status}, then: ${redact(err.message, ctx.secrets)}` }),
          sent: isCreate ? sent : 'no',
          authoritative: ok || refused,
          retry: !refused,
        };
      }
      // With an Idempotency-Key even a create that may have arrived is safe to send again.
      return { ok: false, error: new ApiError({ kind, message }), sent: written, authoritative: false, retry: true };
    }
  }
}

/** The error for a request the API kept rate limiting until the time allowed ran out. */
function rateLimitSpent(error: ApiError, ctx: ErrorContext, spentMs: number, budgetMs: number): ApiError {
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  return error.with({
    message: `${sentence(error.message)} The API kept rate limiting for ${seconds(spentMs)} (${seconds(budgetMs)} allowed); ${ctx.method} ${ctx.path} was not done.`,
  });
}

function toPage<T>(envelope: unknown): Page<T> {
  const body = envelope as { data?: unknown; pagination?: { next_page_token?: unknown } | null };
  const data = Array.isArray(body.data) ? (body.data as T[]) : [];
  const token = body.pagination?.next_page_token;
  return { data, nextPageToken: typeof token === 'string' && token !== '' ? token : undefined };
}

function combine(outcomes: SentOutcome[]): SentOutcome {
  if (outcomes.includes('yes')) return 'yes';
  if (outcomes.includes('unknown')) return 'unknown';
  return 'no';
}

function finalError(
  error: ApiError,
  info: { attempt: number; sent: SentOutcome; isCreate: boolean; idempotencyKey?: string },
): ApiError {
  let message = sentence(error.message);
  if (info.attempt > 1) message += ` Gave up after ${info.attempt} attempts.`;
  if (info.isCreate) message += ` ${describeOutcome(info.sent)}`;
  return error.with({ message, sent: info.sent, attempts: info.attempt, idempotencyKey: info.idempotencyKey });
}

function encodeBody(body: unknown): Uint8Array {
  try {
    return utf8Encode(JSON.stringify(body));
  } catch {
    throw new ApiError({ kind: 'bad-request', sent: 'no', message: 'The request body cannot be written as JSON. No bulk sync was created.' });
  }
}

function segment(id: string, what: string): string {
  if (typeof id !== 'string' || id.trim() === '') {
    throw new ApiError({ kind: 'bad-request', sent: 'no', message: `The ${what} is empty.` });
  }
  return encodeURIComponent(id.trim());
}
