// Network faults network.test.ts does not reach: a host that does not resolve, answers cut off in the
// middle of the body (a success and a refusal), bodies trickled in slowly, rate limiting that never
// ends, and an HTML gateway page before a success. For each: the message a user reads, whether a
// sync may exist (`sent`), how many syncs the sandbox really made, and that a planted key shows up
// in no message, log line, stack or serialised error.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { inspect } from 'node:util';
import { type ApiConfigInput, type ClientDeps, PolytomicClient } from '../../server/src/api';
import type { ApiError } from '../../server/src/api/errors';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { type FaultProxy, startFaultProxy } from './faults-proxy';
import { VALID_BODY, createKeys, expectApiError, waitUntil } from './helpers';

const PLANTED = 'PLANTED-key-4b1e8d2f9c7a51e0';
const ORG = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01';
const KEY_FORMS = [PLANTED, 'key-4b1e8d2f', Buffer.from(PLANTED).toString('base64'), Buffer.from(`${ORG}:${PLANTED}`).toString('base64')];

/**
 * A host that fails to resolve without a packet leaving the machine: `.invalid` never resolves
 * (RFC 6761), and a label longer than 63 characters cannot even be put in a DNS query, so the
 * resolver gives up before sending one. (A short `x.invalid` is still sent to the configured
 * nameserver, as strace shows.)
 */
const UNRESOLVABLE = `${'a'.repeat(70)}.invalid`;

let sandbox: Sandbox;
let proxy: FaultProxy;
before(async () => {
  sandbox = await startSandbox();
  proxy = await startFaultProxy(sandbox.url, { planted: PLANTED, real: sandbox.keys.user });
});
after(async () => {
  await proxy.close();
  await sandbox.close();
});

interface Run {
  client: PolytomicClient;
  log: string[];
}

/** A client with the planted key at `baseUrl`, its log lines collected; the sandbox starts afresh. */
function clientAt(baseUrl: string, config: Partial<ApiConfigInput> = {}, deps: ClientDeps = {}): Run {
  sandbox.reset();
  const log: string[] = [];
  const client = new PolytomicClient({ baseUrl, apiKey: PLANTED, backoffBaseMs: 5, timeoutMs: 5000, ...config }, { log: (line) => log.push(line), ...deps });
  return { client, log };
}

/** Through the fault proxy, which swaps the planted key for the sandbox's. */
const viaProxy = (config: Partial<ApiConfigInput> = {}, deps: ClientDeps = {}) => clientAt(proxy.url, config, deps);

function assertNoKey(err: ApiError, log: string[]): void {
  const places = [err.message, String(err), err.stack ?? '', JSON.stringify(err), inspect(err, { depth: 10, showHidden: true }), ...log];
  for (const text of places) {
    for (const form of KEY_FORMS) assert.ok(!text.includes(form), `the key leaked into: ${text.slice(0, 300)}`);
  }
  assert.ok(log.length >= err.attempts, 'every attempt was logged');
}

describe('a host that does not resolve', () => {
  test('the label really is too long to be sent as a DNS query', () => {
    assert.ok(UNRESOLVABLE.split('.')[0].length > 63);
  });

  for (const organizationId of [undefined, ORG]) {
    test(`create and read fail with a clear message, nothing was sent (${organizationId ? 'Basic' : 'Bearer'} key)`, async () => {
      const log: string[] = [];
      const client = new PolytomicClient(
        { baseUrl: `https://${UNRESOLVABLE}`, apiKey: PLANTED, organizationId, backoffBaseMs: 5 },
        { log: (line) => log.push(line) },
      );
      const create = await expectApiError(() => client.createBulkSync(VALID_BODY));
      assert.equal(create.kind, 'network');
      assert.equal(create.sent, 'no');
      assert.equal(create.attempts, 3, 'a lookup failure may be passing: it is retried');
      assert.equal(
        create.message,
        `POST /api/bulk/syncs: Could not find the host of ${UNRESOLVABLE} (DNS lookup failed). Gave up after 3 attempts. No bulk sync was created.`,
      );
      assertNoKey(create, log);
      const read = await expectApiError(() => client.listConnections());
      assert.match(read.message, /^GET \/api\/connections: Could not find the host of a{70}\.invalid \(DNS lookup failed\)\. Gave up after 3 attempts\.$/);
      assertNoKey(read, log);
    });
  }
});

describe('an answer cut off in the middle of its body', () => {
  test('after a 200 to a create: the sync exists, and the error says so', async () => {
    const { client, log } = viaProxy({ maxRetries: 0 });
    proxy.plan({ kind: 'cut' });
    const err = await expectApiError(() => client.createBulkSync(VALID_BODY));
    assert.equal(err.kind, 'network');
    assert.equal(err.status, 200);
    assert.equal(err.sent, 'yes');
    assert.match(
      err.message,
      /^POST \/api\/bulk\/syncs: HTTP 200, then: The connection to 127\.0\.0\.1:\d+ closed before the response was complete\. The API reported success, so the bulk sync was probably created; check the list of bulk syncs\.$/,
    );
    assert.equal(sandbox.state.syncs.length, 1);
    assertNoKey(err, log);
    // Sending it again with the same idempotency key returns that sync instead of making another.
    const again = await client.createBulkSync(VALID_BODY, { idempotencyKey: err.idempotencyKey });
    assert.equal(again.id, sandbox.state.syncs[0].id);
    assert.equal(sandbox.state.syncs.length, 1);
  });

  test('with retries, the client asks again with the same key and returns the one sync', async () => {
    const { client } = viaProxy();
    proxy.plan({ kind: 'cut' }, { kind: 'cut', keep: 0 });
    const sync = await client.createBulkSync(VALID_BODY);
    assert.deepEqual(sandbox.state.syncs.map((s) => s.id), [sync.id]);
    const keys = createKeys(sandbox);
    assert.equal(keys.length, 3);
    assert.equal(new Set(keys).size, 1);
  });

  test('after a refusal (422): nothing was created and asking again would not help', async () => {
    const { client, log } = viaProxy();
    proxy.plan({ kind: 'cut' });
    const err = await expectApiError(() => client.createBulkSync({ ...VALID_BODY, mode: 'sometimes' }));
    assert.equal(err.status, 422);
    assert.equal(err.sent, 'no');
    assert.equal(err.attempts, 1);
    assert.match(err.message, /^POST \/api\/bulk\/syncs: HTTP 422, then: The connection to .* closed before the response was complete\. No bulk sync was created\.$/);
    assert.equal(sandbox.state.syncs.length, 0);
    assertNoKey(err, log);
  });

  test('a read is retried and then succeeds', async () => {
    const { client } = viaProxy();
    proxy.plan({ kind: 'cut' });
    const connections = await client.listConnections();
    assert.equal(connections.length, 6);
    assert.equal(sandbox.state.requests.length, 2);
  });
});

describe('a body that trickles in', () => {
  test('slowly but within the time limit: a normal success', async () => {
    const { client } = viaProxy({ timeoutMs: 3000 });
    proxy.plan({ kind: 'trickle', chunks: 8, everyMs: 40 });
    const sync = await client.createBulkSync(VALID_BODY);
    assert.deepEqual(sandbox.state.syncs.map((s) => s.id), [sync.id]);
    assert.equal(sandbox.state.requests.length, 1);
  });

  test('past the time limit: a timeout that knows the sync was made; the same key returns it', async () => {
    const { client, log } = viaProxy({ maxRetries: 0, timeoutMs: 400 });
    proxy.plan({ kind: 'trickle', chunks: 10, everyMs: 150 });
    const err = await expectApiError(() => client.createBulkSync(VALID_BODY));
    assert.equal(err.kind, 'timeout');
    assert.equal(err.status, 200);
    assert.equal(err.sent, 'yes');
    assert.match(err.message, /^POST \/api\/bulk\/syncs: HTTP 200, then: The response from 127\.0\.0\.1:\d+ did not finish within 0\.4 s\. The API reported success/);
    assertNoKey(err, log);
    const again = await client.createBulkSync(VALID_BODY, { idempotencyKey: err.idempotencyKey });
    assert.deepEqual(sandbox.state.syncs.map((s) => s.id), [again.id]);
  });
});

describe('rate limits and gateways', () => {
  test('429 on every attempt: the client keeps trying with growing waits until the time allowed is spent, says why, and nothing was created', async () => {
    // A clock that moves only when the client waits: the budget is spent without real time passing.
    let clock = 0;
    const waits: number[] = [];
    const { client, log } = viaProxy({ backoffBaseMs: 500, rateLimitBudgetMs: 10_000 }, {
      now: () => clock,
      random: () => 0,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    sandbox.setFault({ type: 'rate-limit', retryAfter: '0' });
    const err = await expectApiError(() => client.createBulkSync(VALID_BODY));
    assert.equal(err.kind, 'rate-limited');
    assert.equal(err.sent, 'no');
    assert.deepEqual(waits, [250, 500, 1000, 2000, 4000], 'Retry-After 0 on a sustained limit still gets growing waits');
    assert.equal(err.attempts, 6);
    assert.equal(
      err.message,
      'HTTP 429 Too Many Requests from POST /api/bulk/syncs: too many requests. Rate limited; the API asks to wait 0 s. The API kept rate limiting for 7.8 s (10 s allowed); POST /api/bulk/syncs was not done. Gave up after 6 attempts. No bulk sync was created.',
    );
    assert.equal(new Set(createKeys(sandbox)).size, 1, 'every attempt carried the same idempotency key');
    assert.equal(sandbox.state.syncs.length, 0);
    assertNoKey(err, log);
  });

  test('a 502 HTML page, then success: exactly one sync', async () => {
    const { client, log } = viaProxy();
    sandbox.setFault({ type: 'status', status: 502, body: 'html', times: 1 });
    const sync = await client.createBulkSync(VALID_BODY);
    assert.deepEqual(sandbox.state.syncs.map((s) => s.id), [sync.id]);
    assert.equal(new Set(createKeys(sandbox)).size, 1);
    assert.match(log[0], /attempt 1: 502 Bad Gateway/);
    for (const line of log) for (const form of KEY_FORMS) assert.ok(!line.includes(form));
  });
});

describe('the planted key stays out of errors and logs for every transport failure', () => {
  test('refused, stalled before sending, unanswered after sending, cut off, invalid JSON', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const closed = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const big = { ...VALID_BODY, padding: 'x'.repeat(24 * 1024 * 1024) };

    const cases: { name: string; run: () => Run; arrange?: () => void; body?: Record<string, unknown>; sent: ApiError['sent']; syncs: number }[] = [
      { name: 'refused', run: () => clientAt(closed, { maxRetries: 1 }), sent: 'no', syncs: 0 },
      // The sandbox never reads this body, so it cannot be handed over completely.
      { name: 'stalled before sending', run: () => clientAt(sandbox.url, { timeoutMs: 300, maxRetries: 0 }), arrange: () => sandbox.setFault({ type: 'stall' }), body: big, sent: 'no', syncs: 0 },
      { name: 'no answer after sending', run: () => viaProxy({ timeoutMs: 200, maxRetries: 1 }), arrange: () => sandbox.setFault({ type: 'latency', phase: 'before-headers', ms: 600 }), sent: 'unknown', syncs: 1 },
      { name: 'cut off after a 200', run: () => viaProxy({ maxRetries: 0 }), arrange: () => proxy.plan({ kind: 'cut' }), sent: 'yes', syncs: 1 },
      { name: 'invalid JSON in a 200', run: () => viaProxy(), arrange: () => sandbox.setFault({ type: 'invalid-json' }), sent: 'yes', syncs: 1 },
    ];
    for (const c of cases) {
      const { client, log } = c.run();
      c.arrange?.();
      const err = await expectApiError(() => client.createBulkSync(c.body ?? VALID_BODY));
      assert.equal(err.sent, c.sent, c.name);
      assertNoKey(err, log);
      if (c.syncs === 1) await waitUntil(() => sandbox.state.syncs.length === 1, `${c.name}: the sandbox finishes the create`);
      assert.equal(sandbox.state.syncs.length, c.syncs, `${c.name}: syncs created`);
    }
  });
});

describe('the status line decides, even when the body after it is lost', () => {
  // The sandbox answers this fault before doing anything, as the API does for its own 5xx.
  for (const [status, sent, attempts] of [
    [500, 'no', 3],
    [502, 'unknown', 3],
    [503, 'no', 3],
    [401, 'no', 1],
  ] as const) {
    test(`HTTP ${status}, then the connection drops: sent is "${sent}"`, async () => {
      const { client, log } = viaProxy();
      sandbox.setFault({ type: 'status', status, body: 'json' });
      proxy.plan({ kind: 'cut' }, { kind: 'cut' }, { kind: 'cut' });
      const err = await expectApiError(() => client.createBulkSync(VALID_BODY));
      assert.equal(err.status, status);
      assert.equal(err.sent, sent);
      assert.equal(err.attempts, attempts);
      assert.match(err.message, new RegExp(`^POST /api/bulk/syncs: HTTP ${status}, then: The connection to .* closed before the response was complete\\.`));
      assert.equal(sandbox.state.syncs.length, 0);
      assertNoKey(err, log);
    });
  }
});
