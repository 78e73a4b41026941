// Sustained rate limiting loses nothing: the client honours Retry-After and X-RateLimit-Reset, lowers
// the requests it has in flight when 429s come, keeps going within a time budget and only then fails,
// naming the request. Schema reads right after a create are retried while the API refreshes its
// schema cache. Against the sandbox on 127.0.0.1 with its rate-limit and cache-refresh switches; the
// tests that spend a budget use a clock that moves only when the client waits.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AdaptiveGate, type ApiConfigInput, type ClientDeps, GatesByUrl, PolytomicClient } from '../../server/src/api';
import { readLiveSync } from '../../server/src/operations';
import type { Sandbox } from '../sandbox/server';
import { VALID_BODY, expectApiError, useSandbox } from './helpers';

const sandbox = useSandbox();

function client(sb: Sandbox, config: Partial<ApiConfigInput> = {}, deps: ClientDeps = {}): { client: PolytomicClient; log: string[] } {
  const log: string[] = [];
  return { client: new PolytomicClient({ baseUrl: sb.url, apiKey: sb.keys.user, backoffBaseMs: 5, timeoutMs: 5000, ...config }, { log: (l) => log.push(l), ...deps }), log };
}

/** A clock that moves only when the client waits; the waits are recorded. */
function fakeTime(): { deps: ClientDeps; waits: number[] } {
  let clock = 1_700_000_000_000;
  const waits: number[] = [];
  return {
    waits,
    deps: {
      now: () => clock,
      random: () => 0,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    },
  };
}

describe('sustained rate limiting', () => {
  test('a limit per time window: 24 reads at once all arrive, each 429 waited out as Retry-After says', async () => {
    const sb = sandbox.get();
    const ids = Array.from({ length: 24 }, (_, i) => sb.createSync({ ...structuredClone(VALID_BODY), name: `sync ${i}` }).id);
    sb.setReadBack({ rateLimit: { requests: 2, windowMs: 50 } });
    const { client: api } = client(sb);
    const read = await Promise.all(ids.map((id) => api.getBulkSync(id)));
    assert.deepEqual(read.map((s) => s.id), ids, 'every read answered, none dropped');
    const statuses = sb.state.requests.map((r) => r.status);
    assert.ok(statuses.filter((s) => s === 429).length > 0, 'the limit was met');
    assert.equal(statuses.filter((s) => s === 200).length, 24);
  });

  test('a limit on requests at once: the client halves what it has in flight on 429 and every request still succeeds', async () => {
    const sb = sandbox.get();
    const ids = Array.from({ length: 12 }, (_, i) => sb.createSync({ ...structuredClone(VALID_BODY), name: `sync ${i}` }).id);
    sb.setReadBack({ rateLimit: { concurrent: 2, retryAfterMs: 20 } });
    sb.setFault({ type: 'latency', phase: 'before-headers', ms: 60, path: '/api/bulk/syncs/' });
    const { client: api, log } = client(sb, { maxInFlight: 8 });
    assert.equal(api.inFlightLimit, 8);
    const read = await Promise.all(ids.map((id) => api.getBulkSync(id)));
    assert.deepEqual(read.map((s) => s.id), ids);
    assert.ok(sb.state.requests.some((r) => r.status === 429), 'the limit was met');
    assert.ok(api.inFlightLimit < 8, `in flight now at most ${api.inFlightLimit}`);
    assert.ok(log.some((l) => /rate limiting: at most [1-4] requests? in flight from now on/.test(l)), log.join('\n'));
  });

  test('Retry-After is honoured; without it, X-RateLimit-Reset (Unix seconds) is', async () => {
    const sb = sandbox.get();
    const { deps, waits } = fakeTime();
    const now = deps.now!();
    sb.setFault([
      { type: 'rate-limit', retryAfter: '3', times: 1 },
      { type: 'rate-limit', retryAfter: '', reset: String(Math.ceil(now / 1000) + 7), times: 1 },
    ]);
    const { client: api } = client(sb, {}, deps);
    await api.me();
    assert.equal(waits.length, 2);
    assert.equal(waits[0], 3000);
    // The reset is 7 s after the start; 3 s of it went on the first wait.
    assert.ok(waits[1] > 3000 && waits[1] <= 4000, `waited ${waits[1]} ms for the reset`);
  });

  test('the budget spent: it fails naming the request and the time, after as many tries as the budget allowed', async () => {
    const sb = sandbox.get();
    const id = sb.createSync(structuredClone(VALID_BODY)).id;
    sb.setFault({ type: 'rate-limit', retryAfter: '2' });
    const { deps, waits } = fakeTime();
    const { client: api } = client(sb, { rateLimitBudgetMs: 10_000 }, deps);
    const err = await expectApiError(() => api.getBulkSync(id));
    assert.equal(err.kind, 'rate-limited');
    assert.deepEqual(waits, [2000, 2000, 2000, 2000, 2000]);
    assert.equal(err.attempts, 6);
    assert.equal(sb.state.requests.length, 6);
    assert.match(err.message, new RegExp(`The API kept rate limiting for 10 s \\(10 s allowed\\); GET /api/bulk/syncs/${id} was not done\\. Gave up after 6 attempts\\.`));
  });

  test('maxRetries 0 still means one attempt, 429 or not', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'rate-limit', retryAfter: '1' });
    const err = await expectApiError(() => client(sb, { maxRetries: 0 }).client.me());
    assert.equal(err.status, 429);
    assert.equal(sb.state.requests.length, 1);
  });
});

describe('the adaptive gate', () => {
  test('clients sharing the gates of one process: a 429 to one slows every client of that API URL, not another URL', async () => {
    const sb = sandbox.get();
    const ids = Array.from({ length: 8 }, (_, i) => sb.createSync({ ...structuredClone(VALID_BODY), name: `sync ${i}` }).id);
    const gates = new GatesByUrl();
    const { client: first } = client(sb, { maxInFlight: 8 }, { gates });
    const { client: second } = client(sb, { maxInFlight: 8 }, { gates });
    const { client: alone } = client(sb, { maxInFlight: 8 });
    const { client: elsewhere } = client(sb, { maxInFlight: 8, baseUrl: sb.url.replace('127.0.0.1', 'localhost') }, { gates });
    assert.notEqual(new URL(sb.url).hostname, 'localhost');
    assert.equal(second.inFlightLimit, 8);
    sb.setReadBack({ rateLimit: { concurrent: 2, retryAfterMs: 20 } });
    sb.setFault({ type: 'latency', phase: 'before-headers', ms: 60, path: '/api/bulk/syncs/' });
    const read = await Promise.all(ids.map((id) => first.getBulkSync(id)));
    assert.deepEqual(read.map((s) => s.id), ids, 'every read answered');
    assert.ok(sb.state.requests.some((r) => r.status === 429), 'the limit was met');
    assert.ok(first.inFlightLimit < 8, `in flight now at most ${first.inFlightLimit}`);
    assert.equal(second.inFlightLimit, first.inFlightLimit, 'the other client of the same URL slowed down too, without a 429 of its own');
    assert.equal(alone.inFlightLimit, 8, 'a client with a gate of its own did not');
    assert.equal(elsewhere.inFlightLimit, 8, 'nor one of another URL');
  });

  test('halves on 429 down to one, grows back by one after enough calm answers, and admits waiting tasks in order', async () => {
    const changes: number[] = [];
    const gate = new AdaptiveGate(8, 3, (limit) => changes.push(limit));
    gate.rateLimited();
    gate.rateLimited();
    gate.rateLimited();
    gate.rateLimited();
    assert.equal(gate.limit, 1);
    assert.deepEqual(changes, [4, 2, 1]);
    gate.answered();
    gate.answered();
    assert.equal(gate.limit, 1, 'not yet');
    gate.answered();
    assert.equal(gate.limit, 2);
    gate.answered();
    gate.rateLimited();
    assert.equal(gate.limit, 1, 'a 429 resets the calm count');

    const order: number[] = [];
    let open = 0;
    let peak = 0;
    const task = (n: number) => async () => {
      open += 1;
      peak = Math.max(peak, open);
      await new Promise((r) => setImmediate(r));
      order.push(n);
      open -= 1;
    };
    await Promise.all([1, 2, 3, 4].map((n) => gate.run(task(n))));
    assert.equal(peak, 1);
    assert.deepEqual(order, [1, 2, 3, 4]);
  });
});

describe('schema reads during a cache refresh', () => {
  test('right after a create, the schema list answering 422 "cache refresh in progress" is read again with growing waits', async () => {
    const sb = sandbox.get();
    sb.setReadBack({ schemaCacheRefresh: true, schemaCacheRefreshReads: 4 });
    const { deps, waits } = fakeTime();
    const { client: api } = client(sb, { backoffBaseMs: 500 }, deps);
    const created = await api.createBulkSync(VALID_BODY);
    const live = await readLiveSync(api, created.id);
    assert.deepEqual(live.schemas.map((s) => s.id).sort(), ['Account', 'Contact']);
    assert.deepEqual(waits, [250, 500, 1000, 2000]);
    const list = sb.state.requests.filter((r) => r.path.endsWith('/schemas'));
    assert.deepEqual(list.map((r) => r.status), [422, 422, 422, 422, 200]);
  });

  test('ten tries at most: then it fails saying the cache was still being refreshed', async () => {
    const sb = sandbox.get();
    sb.setReadBack({ schemaCacheRefresh: true, schemaCacheRefreshReads: 50 });
    const { deps, waits } = fakeTime();
    const { client: api } = client(sb, { backoffBaseMs: 500 }, deps);
    const created = await api.createBulkSync(VALID_BODY);
    const err = await expectApiError(() => api.listBulkSyncSchemas(created.id));
    assert.equal(err.status, 422);
    assert.equal(sb.state.requests.filter((r) => r.path.endsWith('/schemas')).length, 10);
    assert.ok(waits.every((w, i) => i === 0 || w >= waits[i - 1]), `growing waits ${waits}`);
    assert.ok(Math.max(...waits) <= 10_000, 'each wait is bounded');
    assert.match(err.message, /still being refreshed after 10 tries/);
  });

  test('a 422 that is not a cache refresh is not retried', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'status', status: 422, path: '/api/bulk/syncs/x/schemas' });
    const err = await expectApiError(() => client(sb).client.listBulkSyncSchemas('x'));
    assert.equal(err.status, 422);
    assert.equal(sb.state.requests.length, 1);
  });
});
