// Live account data for the editor and the CLI: the only place that talks to the network for it.
//
// Features never wait on it. They read `snapshot()` (whatever is cached) and call `want()` with the ids
// a document names; missing or stale items are fetched in the background and listeners are told
// when something arrived. Answers are cached per account for a few minutes; failures are not kept as
// data (a failed item is simply unknown, so checks that need it are skipped), and are asked again on
// the next use after a short pause, or at once on `refresh()`.
import { ApiConfigError, ApiError, PolytomicClient } from '../api';
import { DEFAULT_BASE_URL } from '../api/config';
import { Gate } from '../api/gate';
import type { AccountStatusParams } from '../../../protocol/messages';
import {
  type AccountConnection,
  type AccountPolicy,
  type AccountSnapshot,
  type AccountSource,
  type AccountTarget,
  isConnectionIdLike,
  type Known,
} from '../service/account/snapshot';
import { accountIdentity, apiConfigFor, type Credentials, credentialsFrom, credentialsProblem, hasKey } from './credentials';
import { toConnection, toConnections, toPolicies, toSource, toTarget } from './normalize';

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
  /** One line per failed request (already free of the key). */
  log?: (line: string) => void;
  now?: () => number;
}

/** The connection ids a document names, by the role it gives them. */
export interface AccountNeeds {
  sources?: readonly string[];
  targets?: readonly string[];
  /** Ids that must exist (looked up one by one when the list does not have them). */
  connections?: readonly string[];
}

type Outcome = { kind: 'data'; value: unknown } | { kind: 'refused'; message: string };

interface Entry {
  outcome: Outcome;
  fetchedAt: number;
}

interface Failure {
  message: string;
  at: number;
  unauthorized: boolean;
}

/** Everything cached for one account (base URL + version + organization + key hash). */
class AccountStore {
  readonly entries = new Map<string, Entry>();
  readonly failures = new Map<string, Failure>();
  readonly inflight = new Map<string, { promise: Promise<void>; controller: AbortController }>();
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
  private lastStatus = '';
  private readonly changeListeners = new Set<(snapshot: AccountSnapshot) => void>();
  private readonly statusListeners = new Set<(status: AccountStatusParams) => void>();
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
      const client = new PolytomicClient(apiConfigFor(credentials, { timeoutMs: this.timeoutMs, maxRetries: 0 }), {});
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

  status(): AccountStatusParams {
    const { organizationName, ...snapshot } = this.snapshot();
    let { state, message } = snapshot;
    const store = this.store;
    // The status bar names the organization: while /api/me is still on its way, keep saying "loading"
    // rather than show the host for a moment and then the name. Features use the data meanwhile.
    if (state === 'online' && organizationName === undefined && store?.inflight.has('me')) {
      state = 'loading';
      message = `Loading account data from ${store.host}...`;
    }
    const status: AccountStatusParams = { state, message };
    if (organizationName) status.organizationName = organizationName;
    if (this.store?.client) status.apiUrl = this.store.client.config.baseUrl;
    return status;
  }

  onDidChange(listener: (snapshot: AccountSnapshot) => void): { dispose(): void } {
    this.changeListeners.add(listener);
    return { dispose: () => this.changeListeners.delete(listener) };
  }

  /** Called with the status whenever its state, message or organization changes. */
  onDidChangeStatus(listener: (status: AccountStatusParams) => void): { dispose(): void } {
    this.statusListeners.add(listener);
    return { dispose: () => this.statusListeners.delete(listener) };
  }

  // ---- fetching ---------------------------------------------------------------------------------

  /** Starts fetching what a document needs and is not cached; never waits. */
  want(needs: AccountNeeds): void {
    const store = this.store;
    if (!store?.client || !this.automatic) return;
    this.ensureBase();
    for (const id of ids(needs.sources)) {
      remember(store.wanted.sources, id);
      void this.ensure(store, `source:${id}`);
    }
    for (const id of ids(needs.targets)) {
      remember(store.wanted.targets, id);
      void this.ensure(store, `target:${id}`);
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
      this.ensure(store, 'connections'),
      this.ensure(store, 'me'),
      this.ensure(store, 'policies'),
      ...ids(needs.sources).map((id) => this.ensure(store, `source:${id}`)),
      ...ids(needs.targets).map((id) => this.ensure(store, `target:${id}`)),
    ]);
    await Promise.all(ids(needs.connections).map((id) => this.lookupIfUnlisted(store, id)));
  }

  /** Forgets the current account's data and fetches it again; resolves with the new status. */
  async refresh(): Promise<AccountStatusParams> {
    const store = this.store;
    if (!store) return this.status();
    store.epoch++;
    for (const { controller } of store.inflight.values()) controller.abort();
    store.inflight.clear();
    store.entries.clear();
    store.failures.clear();
    this.changed();
    if (store.client) {
      await Promise.all([
        this.ensure(store, 'connections', true),
        this.ensure(store, 'me', true),
        this.ensure(store, 'policies', true),
        ...[...store.wanted.sources].map((id) => this.ensure(store, `source:${id}`, true)),
        ...[...store.wanted.targets].map((id) => this.ensure(store, `target:${id}`, true)),
      ]);
      await Promise.all([...store.wanted.connections].map((id) => this.lookupIfUnlisted(store, id)));
    }
    return this.status();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.changeTimer);
    for (const store of this.stores.values()) for (const { controller } of store.inflight.values()) controller.abort();
    this.changeListeners.clear();
    this.statusListeners.clear();
  }

  private ensureBase(): void {
    const store = this.store;
    if (!store?.client || !this.automatic) return;
    void this.ensure(store, 'connections');
    void this.ensure(store, 'me');
    void this.ensure(store, 'policies');
  }

  private async lookupIfUnlisted(store: AccountStore, id: string): Promise<void> {
    await this.ensure(store, 'connections');
    const list = store.entries.get('connections');
    if (list?.outcome.kind !== 'data') return;
    const listed = (list.outcome.value as AccountConnection[]).some((c) => c.id.toLowerCase() === id);
    if (!listed) await this.ensure(store, `connection:${id}`);
  }

  /** Fetches `key` unless a fresh answer is cached or a request is on its way; resolves when settled. */
  private ensure(store: AccountStore, key: string, force = false, queued = false): Promise<void> {
    const running = store.inflight.get(key);
    if (running) return running.promise;
    const entry = store.entries.get(key);
    const now = this.now();
    if (!force && entry && now - entry.fetchedAt < this.ttlMs) return Promise.resolve();
    const failure = store.failures.get(key);
    if (!force && !entry && failure && now - failure.at < this.failurePauseMs) return Promise.resolve();
    if (!store.client || this.disposed) return Promise.resolve();

    const client = store.client;
    const epoch = store.epoch;
    const controller = new AbortController();
    const request = () => fetchResource(client, key, controller.signal);
    const promise = (queued ? this.limiter.run(request) : request()).then(
      (outcome) => {
        if (store.epoch !== epoch) return;
        store.entries.set(key, { outcome, fetchedAt: this.now() });
        store.failures.delete(key);
      },
      (error: unknown) => {
        if (store.epoch !== epoch) return;
        const failure = describeFailure(error);
        // A stale answer is not kept past a failed refresh: what is shown must be known to be current.
        store.entries.delete(key);
        store.failures.set(key, { ...failure, at: this.now() });
        this.log?.(`Account data: ${key.split(':')[0]} could not be read: ${failure.message}`);
      },
    ).finally(() => {
      if (store.inflight.get(key)?.controller === controller) store.inflight.delete(key);
      if (store.epoch !== epoch) return;
      if (store === this.store) this.changed();
      if (key === 'connections') this.afterConnections(store);
    }).catch(() => undefined); // Never rejects: failures are recorded above, and callers do not wait on them.

    store.inflight.set(key, { promise, controller });
    if (store === this.store) this.changed(false);
    return promise;
  }

  /** Once the list is in: look up wanted ids it lacks, and learn each connection's roles. */
  private afterConnections(store: AccountStore): void {
    const list = store.entries.get('connections');
    if (list?.outcome.kind !== 'data') return;
    for (const id of store.wanted.connections) void this.lookupIfUnlisted(store, id);
    if (!this.probeRoles) return;
    const connections = (list.outcome.value as AccountConnection[]).slice(0, this.maxProbes);
    for (const connection of connections) {
      const id = connection.id.toLowerCase();
      if (!store.entries.has(`source:${id}`)) void this.ensure(store, `source-role:${id}`, false, true);
      void this.ensure(store, `target:${id}`, false, true);
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
      const status = this.status();
      const signature = JSON.stringify(status);
      if (signature !== this.lastStatus) {
        this.lastStatus = signature;
        for (const listener of this.statusListeners) listener(status);
      }
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
    const item = <T>(key: string, map: (value: unknown) => T): Known<T> => known(store, key, map, this.now() - this.ttlMs);
    const connections = item('connections', (v) => v as AccountConnection[]);
    const me = item('me', (v) => v as { organization_name?: string });
    const organizationName = me.status === 'ready' && typeof me.value.organization_name === 'string' ? me.value.organization_name : undefined;

    const idsWith = (prefix: string) => {
      const out = new Set<string>();
      for (const map of [store.entries, store.failures, store.inflight]) {
        for (const key of map.keys()) if (key.startsWith(prefix)) out.add(key.slice(prefix.length));
      }
      return out;
    };
    const sources = new Map<string, Known<AccountSource>>();
    for (const id of new Set([...idsWith('source:'), ...idsWith('source-role:')])) {
      sources.set(id, preferFull(item(`source:${id}`, (v) => v as AccountSource), item(`source-role:${id}`, (v) => v as AccountSource)));
    }
    const targets = new Map<string, Known<AccountTarget>>();
    for (const id of idsWith('target:')) targets.set(id, item(`target:${id}`, (v) => v as AccountTarget));
    const connectionLookups = new Map<string, Known<AccountConnection | null>>();
    for (const id of idsWith('connection:')) connectionLookups.set(id, item(`connection:${id}`, (v) => v as AccountConnection | null));

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
      policies: item('policies', (v) => v as AccountPolicy[]),
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
        const failure = store.failures.get('connections');
        if (failure?.unauthorized) return { state: 'signed-out', message: `The API at ${store.host} rejected the API key: ${failure.message}` };
        return { state: 'offline', message: `Account data could not be read from ${store.host}, so checks that need the account are skipped: ${connections.message}` };
      }
      default:
        if (!this.automatic && store.inflight.size === 0) {
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

function known<T>(store: AccountStore, key: string, map: (value: unknown) => T, freshAfter: number): Known<T> {
  const entry = store.entries.get(key);
  if (entry) {
    if (entry.outcome.kind === 'refused') return { status: 'refused', message: entry.outcome.message };
    const value = map(entry.outcome.value);
    return entry.fetchedAt < freshAfter ? { status: 'ready', value, stale: true } : { status: 'ready', value };
  }
  if (store.inflight.has(key)) return { status: 'loading' };
  const failure = store.failures.get(key);
  if (failure) return { status: 'failed', message: failure.message };
  return { status: 'unknown' };
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

async function fetchResource(client: PolytomicClient, key: string, signal: AbortSignal): Promise<Outcome> {
  const colon = key.indexOf(':');
  const kind = colon < 0 ? key : key.slice(0, colon);
  const id = colon < 0 ? '' : key.slice(colon + 1);
  const options = { signal };
  try {
    switch (kind) {
      case 'connections':
        return { kind: 'data', value: toConnections(await client.listConnections(options)) };
      case 'me':
        return { kind: 'data', value: await client.me(options) };
      case 'policies':
        return { kind: 'data', value: toPolicies(await client.listPolicies(options)) };
      case 'connection':
        return { kind: 'data', value: toConnection(await client.getConnection(id, options)) ?? null };
      case 'source':
        return { kind: 'data', value: toSource(await client.getBulkSyncSource(id, true, options), true) };
      case 'source-role':
        return { kind: 'data', value: toSource(await client.getBulkSyncSource(id, false, options), false) };
      case 'target':
        return { kind: 'data', value: toTarget(await client.getBulkSyncTarget(id, options)) };
      default:
        throw new Error(`unknown account resource ${kind}`);
    }
  } catch (error) {
    if (error instanceof ApiError && error.status !== undefined && REFUSALS.has(error.status)) {
      if (kind === 'connection' && error.status === 404) return { kind: 'data', value: null };
      if (kind === 'source' || kind === 'source-role' || kind === 'target') {
        return { kind: 'refused', message: error.apiMessage ?? error.message };
      }
    }
    throw error;
  }
}

function describeFailure(error: unknown): Omit<Failure, 'at'> {
  if (error instanceof ApiError) return { message: error.message, unauthorized: error.kind === 'unauthorized' };
  return { message: 'the request could not be made.', unauthorized: false };
}
