// The cache of one account's data, by typed key (resources.ts): answers with when they arrived,
// failures with when they happened (never kept as data), and the requests on their way.
import type { Known } from '../service';
import { cacheKey, type Outcome, type PerConnectionKind, type ResourceKey, type ResourceKind, type ResourceValues } from './resources';

export interface Entry<K extends ResourceKind = ResourceKind> {
  outcome: Outcome<K>;
  fetchedAt: number;
}

export interface Failure {
  message: string;
  at: number;
  unauthorized: boolean;
  /** The API answered 404 (with a base URL ending in /api, the URL is the likely cause). */
  notFound?: boolean;
}

export interface Running {
  promise: Promise<void>;
  controller: AbortController;
}

export class ResourceCache {
  private readonly entries = new Map<string, Entry>();
  private readonly failures = new Map<string, Failure>();
  private readonly running = new Map<string, Running>();

  entry<K extends ResourceKind>(key: ResourceKey<K>): Entry<K> | undefined {
    return this.entries.get(cacheKey(key)) as Entry<K> | undefined;
  }

  /** Records an answer; a failure recorded before it is forgotten. */
  answered<K extends ResourceKind>(key: ResourceKey<K>, entry: Entry<K>): void {
    this.entries.set(cacheKey(key), entry as Entry);
    this.failures.delete(cacheKey(key));
  }

  /** Records a failure; a stale answer is not kept past it (what is shown must be known to be current). */
  failed(key: ResourceKey, failure: Failure): void {
    this.entries.delete(cacheKey(key));
    this.failures.set(cacheKey(key), failure);
  }

  failure(key: ResourceKey): Failure | undefined {
    return this.failures.get(cacheKey(key));
  }

  request(key: ResourceKey): Running | undefined {
    return this.running.get(cacheKey(key));
  }

  started(key: ResourceKey, running: Running): void {
    this.running.set(cacheKey(key), running);
  }

  /** The request for `key` ended; a newer one for the same key (after a refresh) is left alone. */
  ended(key: ResourceKey, controller: AbortController): void {
    if (this.running.get(cacheKey(key))?.controller === controller) this.running.delete(cacheKey(key));
  }

  isLoading(key: ResourceKey): boolean {
    return this.running.has(cacheKey(key));
  }

  get loadingCount(): number {
    return this.running.size;
  }

  /** The ids of a per-connection kind that have an answer, a failure or a request on its way. */
  ids(kind: PerConnectionKind): Set<string> {
    const prefix = `${kind}:`;
    const out = new Set<string>();
    for (const map of [this.entries, this.failures, this.running]) {
      for (const key of map.keys()) if (key.startsWith(prefix)) out.add(key.slice(prefix.length));
    }
    return out;
  }

  /** Stops every request on its way. */
  abortAll(): void {
    for (const { controller } of this.running.values()) controller.abort();
  }

  /** Forgets everything, after stopping the requests on their way. */
  clear(): void {
    this.abortAll();
    this.running.clear();
    this.entries.clear();
    this.failures.clear();
  }

  /** What is known of `key`, as the snapshot shows it; answers older than `freshAfter` are marked stale. */
  known<K extends ResourceKind>(key: ResourceKey<K>, freshAfter: number): Known<ResourceValues[K]> {
    const entry = this.entry(key);
    if (entry) {
      if (entry.outcome.kind === 'refused') return { status: 'refused', message: entry.outcome.message };
      const value = entry.outcome.value;
      return entry.fetchedAt < freshAfter ? { status: 'ready', value, stale: true } : { status: 'ready', value };
    }
    if (this.isLoading(key)) return { status: 'loading' };
    const failure = this.failure(key);
    if (failure) return { status: 'failed', message: failure.message };
    return { status: 'unknown' };
  }
}
