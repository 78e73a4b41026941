// What the account layer reads, one entry per kind: the API call that fetches it and the normalizer
// that turns the answer into the snapshot's shape, and how an API refusal reads for that kind.
// A new kind of account data is one entry here, one field in ResourceValues, and its place in the
// snapshot (manager.ts `build`).
import type { PolytomicClient, RequestOptions } from '../api';
import type { AccountConnection, AccountPolicy, AccountSource, AccountTarget } from '../service';
import { toConnection, toConnections, toPolicies, toSource, toTarget } from './normalize';

/** The value each kind holds once normalized. */
export interface ResourceValues {
  connections: AccountConnection[];
  me: { organization_name?: string };
  policies: AccountPolicy[];
  /** One connection looked up by id; null when the API says it does not exist. */
  connection: AccountConnection | null;
  /** A source read with its schemas' fields. */
  source: AccountSource;
  /** A source read without fields: enough to learn that the connection can be a source. */
  'source-role': AccountSource;
  target: AccountTarget;
}

export type ResourceKind = keyof ResourceValues;

/** Kinds read once per account; the others are read per connection id. */
export type AccountWideKind = 'connections' | 'me' | 'policies';
export type PerConnectionKind = Exclude<ResourceKind, AccountWideKind>;

/** A cache key: the kind, and the connection id for the per-connection kinds. */
export type ResourceKey<K extends ResourceKind = ResourceKind> = K extends AccountWideKind ? { kind: K } : { kind: K; id: string };

/** What a read ended with: data, or the API's refusal kept as an answer ("this connection cannot be a source"). */
export type Outcome<K extends ResourceKind = ResourceKind> = { kind: 'data'; value: ResourceValues[K] } | { kind: 'refused'; message: string };

export interface ResourceEntry<K extends ResourceKind> {
  fetch(client: PolytomicClient, id: string, options: RequestOptions): Promise<unknown>;
  normalize(raw: unknown): ResourceValues[K];
  /**
   * How a refusal (400, 404, 405 or 422) reads for this kind: an outcome kept as an answer, or
   * undefined for a failure (not kept; asked again later).
   */
  onRefusal?(status: number, message: string): Outcome<K> | undefined;
}

export type ResourceTable = { [K in ResourceKind]: ResourceEntry<K> };

const refusedAsAnswer = (_status: number, message: string) => ({ kind: 'refused', message }) as const;

export const RESOURCES: ResourceTable = {
  connections: { fetch: (client, _id, options) => client.listConnections(options), normalize: toConnections },
  me: { fetch: (client, _id, options) => client.me(options), normalize: (raw) => raw as { organization_name?: string } },
  policies: { fetch: (client, _id, options) => client.listPolicies(options), normalize: toPolicies },
  connection: {
    fetch: (client, id, options) => client.getConnection(id, options),
    normalize: (raw) => toConnection(raw) ?? null,
    onRefusal: (status) => (status === 404 ? { kind: 'data', value: null } : undefined),
  },
  source: {
    fetch: (client, id, options) => client.getBulkSyncSource(id, true, options),
    normalize: (raw) => toSource(raw, true),
    onRefusal: refusedAsAnswer,
  },
  'source-role': {
    fetch: (client, id, options) => client.getBulkSyncSource(id, false, options),
    normalize: (raw) => toSource(raw, false),
    onRefusal: refusedAsAnswer,
  },
  target: {
    fetch: (client, id, options) => client.getBulkSyncTarget(id, options),
    normalize: toTarget,
    onRefusal: refusedAsAnswer,
  },
};

/** The string a key is cached under (`connections`, `source:<id>`). */
export function cacheKey(key: ResourceKey): string {
  return 'id' in key ? `${key.kind}:${key.id}` : key.kind;
}
