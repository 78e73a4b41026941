// Live account data for the editor and the CLI: the only place that talks to the network for it.
//
// Features never wait on it. They read `snapshot()` (whatever is cached) and call `want()` with the ids
// a document names; missing or stale items are fetched in the background and listeners are told
// when something arrived. Answers are cached per account for a few minutes; failures are not kept as
// data (a failed item is simply unknown, so checks that need it are skipped), and are asked again on
// the next use after a short pause, or at once on `refresh()`. What each kind of data is and how it
// is read is resources.ts; the cache by typed key is cache.ts. The status an editor shows is built
// from the snapshot by the LSP adapter (lsp/accountBridge.ts).
import { apiSuffixHint } from '../api/urlHint';
import { ApiConfigError, ApiError, PolytomicClient } from '../api';
import { DEFAULT_BASE_URL } from '../api/config';
import { Gate, type GatesByUrl } from '../api/gate';
import { type AccountConnection, type AccountSnapshot, type AccountSource, isConnectionIdLike, type Known } from '../service';
import { accountIdentity, apiConfigFor, type Credentials, credentialsFrom, credentialsProblem, hasKey } from './credentials';
import { type Failure, ResourceCache } from './cache';
import { type Outcome, RESOURCES, type ResourceKey, type ResourceKind, type ResourceTable } from './resources';

export const ACCOUNT_TIMEOUT_MS = 5_000;
export const ACCOUNT_TTL_MS = 5 * 60_000;
export const FAILURE_PAUSE_MS = 10_000;

export interface AccountManagerOptions {
  /** Per request; no retries, so this is also the longest a fetch takes. Default 5 s. */
  timeoutMs?: number;
  /** How long an answer is served without asking again. Default 5 minutes. */
  ttlMs?: number;
  /** After a failure, uses within this pause do not ask again (refresh always does). Default 10 s. */
  failurePauseMs?: number;
  /** Learn which connections can be sources and destinations, for ordering completion. Default true. */
  probeRoles?: boolean;
  /** At most this many connections are probed per connection list. Default 50. */
  maxProbes?: number;
  /** Probes run at most this many at a time, so they never crowd out what a document needs. Default 4. */
  probeConcurrency?: number;
  /** Listeners are told of changes at most this often. Default 25 ms. */
  changeDelayMs?: number;
  /** One line per failed request (already free of the key); an unexpected error's stack follows it. */
  log?: (line: string) => void;
  now?: () => number;
  /** Gates by API URL shared with the process's other API clients, so a 429 to any slows all. */
  gates?: GatesByUrl;
  /** Replaces entries of the fetch/normalize table (resources.ts); tests use it to make a read fail unexpectedly. */
  resources?: Partial<ResourceTable>;
}

/** The connection ids a document names, by the role it gives them. */
export interface AccountNeeds {
  sources?: readonly string[];
  targets?: readonly string[];
  /** Ids that must exist (looked up one by one when the list does not have them). */
  connections?: readonly string[];
}

/** Everything cached for one account (base URL + version + organization + key hash). */
class AccountStore {
  readonly cache = new ResourceCache();
  readonly wanted = { sources: new Set<string>(), targets: new Set<string>(), connections: new Set<string>() };
  /** Bumped by refresh: answers to requests from before it are dropped. */
  epoch = 0;
  constructor(
    readonly identity: string,
    readonly client: PolytomicClient | undefined,
    readonly configProblem: string | undefined,
    readonly host: string,
  ) {}
}

const MAX_STORES = 4;
const MAX_WANTED = 200;

const CONNECTIONS = { kind: 'connections' } as const;
const ME = { kind: 'me' } as const;
const POLICIES = { kind: 'policies' } as const;
const source = (id: string) => ({ kind: 'source', id }) as const;
const target = (id: string) => ({ kind: 'target', id }) as const;

/** Where the API in use is, for the status an editor shows. */
export interface AccountEndpoint {
  /** The host, or a phrase when the URL cannot be read. */
  host: string;
  /** The base URL requests go to; undefined when the settings cannot be used. */
  apiUrl?: string;
  /** True while the organization's name (/api/me) is on its way. */
  organizationLoading: boolean;
}

export class AccountManager {
  private readonly timeoutMs: number;
  private readonly ttlMs: number;
  private readonly failurePauseMs: number;
  private readonly probeRoles: boolean;
  private readonly maxProbes: number;
  private readonly changeDelayMs: number;
  private readonly log?: (line: string) => void;
  private readonly now: () => number;
  /** Background probes run a few at a time. */
  private readonly limiter: Gate;

  private readonly stores = new Map<string, AccountStore>();
  private store: AccountStore | undefined;
  private current: Credentials | undefined;
  /** False: nothing is read on its own (documents opened, completion); only refresh() and load() read. */
  private automatic = true;
  private revision = 1;
  /** Bumped only when data arrives, fails or is dropped (not when a request starts). */
  private settled = 1;
  private emittedSettled = 1;
  private cached: AccountSnapshot | undefined;
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly changeListeners = new Set<(snapshot: AccountSnapshot) => void>();
  private readonly updateListeners = new Set<() => void>();
  private readonly resources: ResourceTable;
  private readonly gates: GatesByUrl | undefined;
  private disposed = false;

  constructor(options: AccountManagerOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? ACCOUNT_TIMEOUT_MS;
    this.ttlMs = options.ttlMs ?? ACCOUNT_TTL_MS;
    this.failurePauseMs = options.failurePauseMs ?? FAILURE_PAUSE_MS;
    this.probeRoles = options.probeRoles ?? true;
    this.maxProbes = options.maxProbes ?? 50;
    this.changeDelayMs = options.changeDelayMs ?? 25;
    this.log = options.log;
    this.now = options.now ?? Date.now;
    this.limiter = new Gate(Math.max(1, options.probeConcurrency ?? 4));
    this.resources = { ...RESOURCES, ...options.resources };
    this.gates = options.gates;
  }

  // ---- credentials ------------------------------------------------------------------------------

  /** Switches to an account (or to none). The account's data is fetched in the background. */
  setCredentials(given: Credentials | undefined): void {
    // The one shape, whoever built it: an organization id without a key kind means an organization key.
    const credentials = given && credentialsFrom(given);
    this.current = credentials && hasKey(credentials) ? credentials : undefined;
    if (!credentials || !hasKey(credentials)) {
      this.store = undefined;
      this.changed();
      return;
    }
    const identity = accountIdentity(credentials);
    let store = this.stores.get(identity);
    if (!store) {
      store = this.createStore(identity, credentials);
      this.stores.set(identity, store);
      while (this.stores.size > MAX_STORES) this.stores.delete(this.stores.keys().next().value as string);
    }
    const switched = this.store !== store;
    this.store = store;
    if (switched) this.changed();
    this.ensureBase();
  }

  /**
   * Whether account data is read on its own, as documents name it. When off, only an explicit action
   * reads it: Refresh Account Data, Create, `check --online`.
   */
  setAutomatic(automatic: boolean): void {
    if (this.automatic === automatic) return;
    this.automatic = automatic;
    this.changed();
    if (automatic) this.ensureBase();
  }

  /** The account in use (with its key), or undefined when signed out. For operations such as Create. */
  credentials(): Credentials | undefined {
    return this.current && { ...this.current };
  }

  private createStore(identity: string, credentials: Credentials): AccountStore {
    const host = hostOf(credentials.apiUrl);
    const problem = credentialsProblem(credentials);
    if (problem) return new AccountStore(identity, undefined, problem.message, host);
    try {
      // A retry would only make an editor wait longer; the next use asks again anyway.
      const client = new PolytomicClient(apiConfigFor(credentials, { timeoutMs: this.timeoutMs, maxRetries: 0 }), this.gates ? { gates: this.gates } : {});
      return new AccountStore(identity, client, undefined, host);
    } catch (error) {
      const reason = error instanceof ApiConfigError ? error.message : 'The API settings cannot be used.';
      return new AccountStore(identity, undefined, reason, host);
    }
  }

  // ---- reading ----------------------------------------------------------------------------------

  /** What is known now. Cheap: rebuilt only after a change. */
  snapshot(): AccountSnapshot {
    if (this.cached && this.cached.revision === this.revision) return this.cached;
    this.cached = this.build();
    return this.cached;
  }

  /** The API in use, or undefined when signed out. */
  endpoint(): AccountEndpoint | undefined {
    const store = this.store;
    if (!store) return undefined;
    return { host: store.host, apiUrl: store.client?.config.baseUrl, organizationLoading: store.cache.isLoading(ME) };
  }

  /** Called when data arrives, fails or is dropped (not when a request starts). */
  onDidChange(listener: (snapshot: AccountSnapshot) => void): { dispose(): void } {
    this.changeListeners.add(listener);
    return { dispose: () => this.changeListeners.delete(listener) };
  }

  /** Called after any change, a request starting included (at most every `changeDelayMs`): for a status line. */
  onDidUpdate(listener: () => void): { dispose(): void } {
    this.updateListeners.add(listener);
    return { dispose: () => this.updateListeners.delete(listener) };
  }

  // ---- fetching ---------------------------------------------------------------------------------

  /** Whether want() fetches anything now (signed in, fetching automatically): a caller may skip working out its needs. */
  wantsNeeds(): boolean {
    return Boolean(this.store?.client) && this.automatic;
  }

  /** Starts fetching what a document needs and is not cached; never waits. */
  want(needs: AccountNeeds): void {
    const store = this.store;
    if (!store?.client || !this.automatic) return;
    this.ensureBase();
    for (const id of ids(needs.sources)) {
      remember(store.wanted.sources, id);
      void this.ensure(store, source(id));
    }
    for (const id of ids(needs.targets)) {
      remember(store.wanted.targets, id);
      void this.ensure(store, target(id));
    }
    for (const id of ids(needs.connections)) {
      remember(store.wanted.connections, id);
      void this.lookupIfUnlisted(store, id);
    }
  }

  /** Fetches what `needs` names and waits until every answer (or failure) is in. For the CLI. */
  async load(needs: AccountNeeds): Promise<void> {
    const store = this.store;
    if (!store?.client) return;
    for (const id of ids(needs.sources)) remember(store.wanted.sources, id);
    for (const id of ids(needs.targets)) remember(store.wanted.targets, id);
    for (const id of ids(needs.connections)) remember(store.wanted.connections, id);
    await Promise.all([
      this.ensure(store, CONNECTIONS),
      this.ensure(store, ME),
      this.ensure(store, POLICIES),
      ...ids(needs.sources).map((id) => this.ensure(store, source(id))),
      ...ids(needs.targets).map((id) => this.ensure(store, target(id))),
    ]);
    await Promise.all(ids(needs.connections).map((id) => this.lookupIfUnlisted(store, id)));
  }

  /** Forgets the current account's data and fetches it again; resolves when every answer (or failure) is in. */
  async refresh(): Promise<void> {
    const store = this.store;
    if (!store) return;
    store.epoch++;
    store.cache.clear();
    this.changed();
    if (store.client) {
      await Promise.all([
        this.ensure(store, CONNECTIONS, true),
        this.ensure(store, ME, true),
        this.ensure(store, POLICIES, true),
        ...[...store.wanted.sources].map((id) => this.ensure(store, source(id), true)),
        ...[...store.wanted.targets].map((id) => this.ensure(store, target(id), true)),
      ]);
      await Promise.all([...store.wanted.connections].map((id) => this.lookupIfUnlisted(store, id)));
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.changeTimer);
    for (const store of this.stores.values()) store.cache.abortAll();
    this.changeListeners.clear();
    this.updateListeners.clear();
  }

  private ensureBase(): void {
    const store = this.store;
    if (!store?.client || !this.automatic) return;
    void this.ensure(store, CONNECTIONS);
    void this.ensure(store, ME);
    void this.ensure(store, POLICIES);
  }

  private async lookupIfUnlisted(store: AccountStore, id: string): Promise<void> {
    await this.ensure(store, CONNECTIONS);
    const list = store.cache.entry(CONNECTIONS);
    if (list?.outcome.kind !== 'data') return;
    const listed = list.outcome.value.some((c) => c.id.toLowerCase() === id);
    if (!listed) await this.ensure(store, { kind: 'connection', id });
  }

  /** Fetches `key` unless a fresh answer is cached or a request is on its way; resolves when settled. */
  private ensure(store: AccountStore, key: ResourceKey, force = false, queued = false): Promise<void> {
    const cache = store.cache;
    const running = cache.request(key);
    if (running) return running.promise;
    const entry = cache.entry(key);
    const now = this.now();
    if (!force && entry && now - entry.fetchedAt < this.ttlMs) return Promise.resolve();
    const failure = cache.failure(key);
    if (!force && !entry && failure && now - failure.at < this.failurePauseMs) return Promise.resolve();
    if (!store.client || this.disposed) return Promise.resolve();

    const client = store.client;
    const epoch = store.epoch;
    const controller = new AbortController();
    const request = () => readResource(this.resources, client, key, controller.signal);
    const promise = (queued ? this.limiter.run(request) : request()).then(
      (outcome) => {
        if (store.epoch !== epoch) return;
        cache.answered(key, { outcome, fetchedAt: this.now() });
      },
      (error: unknown) => {
        if (store.epoch !== epoch) return;
        const failure = describeFailure(error);
        cache.failed(key, { ...failure, at: this.now() });
        const line = `Account data: ${key.kind} could not be read: ${failure.message}`;
        // An error that is not the API's is a bug: its stack says where.
        this.log?.(error instanceof ApiError ? line : `${line}\n${stackOf(error)}`);
      },
    ).finally(() => {
      cache.ended(key, controller);
      if (store.epoch !== epoch) return;
      if (store === this.store) this.changed();
      if (key.kind === 'connections') this.afterConnections(store);
    }).catch(() => undefined); // Never rejects: failures are recorded above, and callers do not wait on them.

    cache.started(key, { promise, controller });
    if (store === this.store) this.changed(false);
    return promise;
  }

  /** Once the list is in: look up wanted ids it lacks, and learn each connection's roles. */
  private afterConnections(store: AccountStore): void {
    const list = store.cache.entry(CONNECTIONS);
    if (list?.outcome.kind !== 'data') return;
    for (const id of store.wanted.connections) void this.lookupIfUnlisted(store, id);
    if (!this.probeRoles) return;
    const connections = list.outcome.value.slice(0, this.maxProbes);
    for (const connection of connections) {
      const id = connection.id.toLowerCase();
      if (!store.cache.entry(source(id))) void this.ensure(store, { kind: 'source-role', id }, false, true);
      void this.ensure(store, target(id), false, true);
    }
  }

  // ---- snapshot and change events ---------------------------------------------------------------

  /**
   * Records a change. Listeners hear of settled changes only (an answer, a failure, a cleared cache),
   * so starting a request never makes the editor re-ask for diagnostics by itself.
   */
  private changed(settled = true): void {
    this.revision++;
    if (settled) this.settled++;
    if (this.disposed || this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      const snapshot = this.snapshot();
      if (this.settled !== this.emittedSettled) {
        this.emittedSettled = this.settled;
        for (const listener of this.changeListeners) listener(snapshot);
      }
      for (const listener of this.updateListeners) listener();
    }, this.changeDelayMs);
  }

  private build(): AccountSnapshot {
    const store = this.store;
    const revision = this.revision;
    if (!store) {
      return {
        revision,
        state: 'signed-out',
        message: 'No Polytomic API key is set: live account data (connections, schemas, modes) is off.',
        connections: { status: 'unknown' },
        connectionLookups: new Map(),
        sources: new Map(),
        targets: new Map(),
        policies: { status: 'unknown' },
      };
    }
    const freshAfter = this.now() - this.ttlMs;
    const cache = store.cache;
    const connections = cache.known(CONNECTIONS, freshAfter);
    const me = cache.known(ME, freshAfter);
    const organizationName = me.status === 'ready' && typeof me.value.organization_name === 'string' ? me.value.organization_name : undefined;

    const sources = new Map<string, Known<AccountSource>>();
    for (const id of new Set([...cache.ids('source'), ...cache.ids('source-role')])) {
      sources.set(id, preferFull(cache.known(source(id), freshAfter), cache.known({ kind: 'source-role', id }, freshAfter)));
    }
    const targets = new Map(Array.from(cache.ids('target'), (id) => [id, cache.known(target(id), freshAfter)] as const));
    const connectionLookups = new Map(Array.from(cache.ids('connection'), (id) => [id, cache.known({ kind: 'connection', id }, freshAfter)] as const));

    const { state, message } = this.describeState(store, connections, organizationName);
    return {
      revision,
      state,
      message,
      organizationName,
      connections,
      connectionLookups,
      sources,
      targets,
      policies: cache.known(POLICIES, freshAfter),
    };
  }

  private describeState(store: AccountStore, connections: Known<readonly AccountConnection[]>, organizationName: string | undefined): Pick<AccountSnapshot, 'state' | 'message'> {
    if (store.configProblem) return { state: 'misconfigured', message: `Live account data is off: ${store.configProblem}` };
    switch (connections.status) {
      case 'ready': {
        const n = connections.value.length;
        return { state: 'online', message: `Signed in to ${organizationName ?? store.host}: ${n} connection${n === 1 ? '' : 's'}.` };
      }
      case 'failed': {
        const failure = store.cache.failure(CONNECTIONS);
        if (failure?.unauthorized) return { state: 'signed-out', message: `The API at ${store.host} rejected the API key: ${failure.message}` };
        const hint = failure?.notFound && store.client ? apiSuffixHint(store.client.config.baseUrl)?.replace('Set --api-url (or POLYTOMIC_API_URL)', 'Set polysync.apiUrl') : undefined;
        return { state: 'offline', message: `Account data could not be read from ${store.host}, so checks that need the account are skipped: ${connections.message}${hint ? ` (${hint})` : ''}` };
      }
      default:
        if (!this.automatic && store.cache.loadingCount === 0) {
          return {
            state: 'offline',
            message: `Automatic account look-ups are off (polysync.account.automaticLookups), so checks that need the account are skipped; Refresh Account Data reads it from ${store.host}.`,
          };
        }
        return { state: 'loading', message: `Loading account data from ${store.host}...` };
    }
  }
}

// ---- helpers ------------------------------------------------------------------------------------------

function ids(list: readonly string[] | undefined): string[] {
  return [...new Set((list ?? []).filter(isConnectionIdLike).map((id) => id.trim().toLowerCase()))];
}

function remember(set: Set<string>, id: string): void {
  set.delete(id);
  set.add(id);
  while (set.size > MAX_WANTED) set.delete(set.values().next().value as string);
}

function hostOf(apiUrl: string | undefined): string {
  try {
    return new URL(apiUrl?.trim() || DEFAULT_BASE_URL).host;
  } catch {
    return 'the configured API URL';
  }
}

/** The source read with fields wins; the one read without them still lists every schema. */
function preferFull(full: Known<AccountSource>, role: Known<AccountSource>): Known<AccountSource> {
  if (full.status === 'ready' || full.status === 'refused') return full;
  if (role.status === 'ready' || role.status === 'refused') return role;
  if (full.status === 'loading' || role.status === 'loading') return { status: 'loading' };
  if (full.status === 'failed') return full;
  return role;
}

/** Statuses by which the API says "this connection cannot do that", as opposed to "try again". */
const REFUSALS = new Set([400, 404, 405, 422]);

/** Reads one key with its table entry; a refusal the kind keeps as an answer is an outcome, not a failure. */
async function readResource<K extends ResourceKind>(table: ResourceTable, client: PolytomicClient, key: ResourceKey<K>, signal: AbortSignal): Promise<Outcome<K>> {
  const entry = table[key.kind];
  try {
    const raw = await entry.fetch(client, 'id' in key ? key.id : '', { signal });
    return { kind: 'data', value: entry.normalize(raw) } as Outcome<K>;
  } catch (error) {
    if (error instanceof ApiError && error.status !== undefined && REFUSALS.has(error.status)) {
      const outcome = entry.onRefusal?.(error.status, error.apiMessage ?? error.message);
      if (outcome) return outcome as Outcome<K>;
    }
    throw error;
  }
}

function describeFailure(error: unknown): Omit<Failure, 'at'> {
  if (error instanceof ApiError) return { message: error.message, unauthorized: error.kind === 'unauthorized', ...(error.status === 404 ? { notFound: true } : {}) };
  return { message: 'the request could not be made.', unauthorized: false };
}

function stackOf(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
