// Account snapshots built by hand from the sandbox's fixtures, for testing the service features
// without any network: each item can be made ready, loading, failed or refused.
import { toConnections, toPolicies, toSource, toTarget } from '../../server/src/account/normalize';
import type { AccountConnection, AccountPolicy, AccountSnapshot, AccountSource, AccountTarget, Known } from '../../server/src/service/account/snapshot';
import { buildConnections, POLICIES } from '../sandbox/fixtures';

const fixtures = buildConnections();

export function sandboxSnapshot(options: {
  connections?: Known<readonly AccountConnection[]>;
  policies?: Known<readonly AccountPolicy[]>;
  /** Per lower-case id; defaults: every sandbox connection answered. */
  sources?: Map<string, Known<AccountSource>>;
  targets?: Map<string, Known<AccountTarget>>;
  lookups?: Map<string, Known<AccountConnection | null>>;
  withFields?: boolean;
} = {}): AccountSnapshot {
  const sources = new Map<string, Known<AccountSource>>();
  const targets = new Map<string, Known<AccountTarget>>();
  for (const c of fixtures) {
    const id = c.connection.id.toLowerCase();
    sources.set(id, c.source ? { status: 'ready', value: toSource(c.source, options.withFields ?? true) } : { status: 'refused', message: `connection "${c.connection.name}" cannot be used as a bulk sync source` });
    targets.set(id, c.target ? { status: 'ready', value: toTarget(c.target) } : { status: 'refused', message: `connection "${c.connection.name}" cannot be used as a bulk sync destination` });
  }
  return {
    revision: 1,
    state: 'online',
    message: 'Signed in to Sandbox Organization: 6 connections.',
    organizationName: 'Sandbox Organization',
    connections: options.connections ?? { status: 'ready', value: toConnections(fixtures.map((c) => c.connection)) },
    connectionLookups: options.lookups ?? new Map(),
    sources: options.sources ?? sources,
    targets: options.targets ?? targets,
    policies: options.policies ?? { status: 'ready', value: toPolicies(POLICIES) },
  };
}

/** The same snapshot with every item in `status` (nothing known). */
export function unknownSnapshot(status: 'loading' | 'failed' | 'unknown'): AccountSnapshot {
  const item = (status === 'failed' ? { status, message: 'HTTP 500' } : { status }) as Known<never>;
  const ids = fixtures.map((c) => c.connection.id.toLowerCase());
  return {
    ...sandboxSnapshot(),
    state: status === 'failed' ? 'offline' : 'loading',
    connections: item,
    policies: item,
    sources: new Map(ids.map((id) => [id, item])),
    targets: new Map(ids.map((id) => [id, item])),
  };
}
