// How the client behaves when the network or the server misbehaves: timeouts before and after
// the request is sent, dropped connections, retries, rate limits, redirects and bad bodies.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { PolytomicClient } from '../../server/src/api';
import { startSandbox } from '../sandbox/server';
import { VALID_BODY, clientFor, createKeys, expectApiError, useSandbox, waitUntil } from './helpers';

const sandbox = useSandbox();

describe('timeouts', () => {
  test('after the request was sent: outcome unknown, and the same key later returns the sync that was made', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'latency', phase: 'before-headers', ms: 1500, times: 1 });
    const client = clientFor(sb, { timeoutMs: 200, maxRetries: 0 });
    const err = await expectApiError(() => client.createBulkSync(VALID_BODY));
    assert.equal(err.kind, 'timeout');
    assert.equal(err.sent, 'unknown');
    assert.match(err.message, /No response from 127\.0\.0\.1:\d+ within 0\.2 s after the request was sent/);
    assert.match(err.message, /may or may not have been created/);
    assert.equal(sb.state.syncs.length, 1, 'the sandbox did create it');

    const again = await client.createBulkSync(VALID_BODY, { idempotencyKey: err.idempotencyKey });
    assert.equal(again.id, sb.state.syncs[0].id);
    assert.equal(sb.state.syncs.length, 1);
  });

  test('before the request could be sent: nothing was sent', async () => {
    const sb = sandbox.get();
    // The sandbox never reads this request, so a body larger than the socket buffers cannot be
    // handed over completely.
    sb.setFault({ type: 'stall', times: 1 });
    const client = clientFor(sb, { timeoutMs: 400, maxRetries: 0 });
    const err = await expectApiError(() => client.createBulkSync({ ...VALID_BODY, padding: 'x'.repeat(24 * 1024 * 1024) }));
    assert.equal(err.kind, 'timeout');
    assert.equal(err.sent, 'no');
    assert.match(err.message, /Could not send the request to 127\.0\.0\.1:\d+ within 0\.4 s/);
    assert.match(err.message, /No bulk sync was created\./);
    assert.equal(sb.state.syncs.length, 0);
  });

  test('retries after a timeout reuse the idempotency key and create exactly one sync', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'latency', phase: 'before-headers', ms: 1500, times: 2 });
    const client = clientFor(sb, { timeoutMs: 200, maxRetries: 2 });
    const sync = await client.createBulkSync(VALID_BODY);
    const keys = createKeys(sb);
    assert.equal(keys.length, 3);
    assert.equal(new Set(keys).size, 1);
    assert.equal(sb.state.syncs.length, 1);
    assert.equal(sync.id, sb.state.syncs[0].id);
  });

  test('a request still being processed answers 409, and waiting for it yields the one sync', async () => {
    const sb = sandbox.get();
    // The first attempt times out while the sandbox is still processing it. The waits between
    // attempts follow the sandbox's state instead of the clock: the first retry goes out at once
    // (so it meets the create in flight, with a 1.6 s margin for a loaded machine), and later ones
    // only once the create has finished, so the outcome does not hang on how fast the backoff runs.
    sb.setFault({ type: 'latency', phase: 'processing', ms: 2000, times: 1 });
    const conflictSeen = () => sb.state.requests.some((r) => r.method === 'POST' && r.status === 409);
    const sleep = async () => {
      if (conflictSeen()) await waitUntil(() => sb.state.syncs.length === 1, 'the first attempt finishes processing', 10_000);
    };
    const client = clientFor(sb, { timeoutMs: 400, maxRetries: 6 }, { sleep });
    const sync = await client.createBulkSync(VALID_BODY);
    const posts = sb.state.requests.filter((r) => r.method === 'POST');
    assert.ok(posts.some((r) => r.status === 409), `statuses: ${posts.map((r) => r.status).join(',')}`);
    assert.equal(new Set(posts.map((r) => r.idempotencyKey)).size, 1);
    assert.equal(sb.state.syncs.length, 1);
    assert.equal(sync.id, sb.state.syncs[0].id);
  });

  test('a second caller with the same key while the first is processing gets a conflict', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'latency', phase: 'processing', ms: 400, times: 1 });
    const first = clientFor(sb).createBulkSync(VALID_BODY, { idempotencyKey: 'shared-key-0001' });
    await sb.waitForRequests(1);
    const err = await expectApiError(() => clientFor(sb, { maxRetries: 0 }).createBulkSync(VALID_BODY, { idempotencyKey: 'shared-key-0001' }));
    assert.equal(err.kind, 'conflict');
    assert.equal(err.status, 409);
    assert.equal(err.sent, 'unknown');
    assert.match(err.message, /still being processed/);
    await first;
    assert.equal(sb.state.syncs.length, 1);
  });

  test('a response body that stops halfway times out; a 2xx status means the sync exists', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'latency', phase: 'slow-body', ms: 1500, times: 1 });
    const err = await expectApiError(() => clientFor(sb, { timeoutMs: 250, maxRetries: 0 }).createBulkSync(VALID_BODY));
    assert.equal(err.kind, 'timeout');
    assert.equal(err.status, 200);
    assert.equal(err.sent, 'yes');
    assert.match(err.message, /HTTP 200, then: The response from .* did not finish within 0\.25 s/);
    assert.equal(sb.state.syncs.length, 1);
  });

  test('a cancelled create reports the outcome of what was sent', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'latency', phase: 'processing', ms: 1000, times: 1 });
    const controller = new AbortController();
    const pending = expectApiError(() => clientFor(sb).createBulkSync(VALID_BODY, { signal: controller.signal }));
    await sb.waitForRequests(1);
    controller.abort();
    const err = await pending;
    assert.equal(err.kind, 'cancelled');
    assert.equal(err.sent, 'unknown');
    assert.equal(sb.state.requests.length, 1, 'not retried after cancelling');
    // "unknown" was the honest answer: the API went on to create it.
    await waitUntil(() => sb.state.syncs.length === 1, 'the sandbox finishes the cancelled create');
  });
});

describe('dropped connections', () => {
  test('dropped after the request was read: outcome unknown; a retry with the key returns the one sync', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'drop', when: 'after-read', times: 1 });
    const err = await expectApiError(() => clientFor(sb, { maxRetries: 0 }).createBulkSync(VALID_BODY));
    assert.equal(err.kind, 'network');
    assert.equal(err.sent, 'unknown');
    assert.match(err.message, /closed before a response arrived/);
    assert.equal(sb.state.syncs.length, 1);

    sb.reset();
    sb.setFault({ type: 'drop', when: 'after-read', times: 2 });
    const sync = await clientFor(sb).createBulkSync(VALID_BODY);
    assert.equal(sb.state.syncs.length, 1);
    assert.equal(sync.id, sb.state.syncs[0].id);
    assert.equal(new Set(createKeys(sb)).size, 1);
    assert.equal(createKeys(sb).length, 3);
  });

  test('dropped before the request was read: nothing was made, and the retry makes exactly one', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'drop', when: 'before-read', times: 1 });
    const sync = await clientFor(sb).createBulkSync(VALID_BODY);
    assert.equal(createKeys(sb).length, 2);
    assert.equal(new Set(createKeys(sb)).size, 1);
    assert.deepEqual(sb.state.syncs.map((s) => s.id), [sync.id]);
  });

  test('a refused connection means nothing was sent; it is retried, then reported', async () => {
    const port = await closedPort();
    const client = new PolytomicClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'sandbox-user-key', backoffBaseMs: 5, maxRetries: 1 });
    const err = await expectApiError(() => client.createBulkSync(VALID_BODY));
    assert.equal(err.kind, 'network');
    assert.equal(err.sent, 'no');
    assert.equal(err.attempts, 2);
    assert.match(err.message, new RegExp(`Could not connect to 127\\.0\\.0\\.1:${port}: connection refused`));
    assert.match(err.message, /No bulk sync was created\./);
  });
});

describe('retries', () => {
  test('5xx twice, then success: one sync, one idempotency key', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'status', status: 503, times: 2 });
    const sync = await clientFor(sb).createBulkSync(VALID_BODY);
    const keys = createKeys(sb);
    assert.equal(keys.length, 3);
    assert.equal(new Set(keys).size, 1);
    assert.deepEqual(sb.state.syncs.map((s) => s.id), [sync.id]);
  });

  test('GETs are retried too', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'status', status: 502, body: 'html', times: 1, method: 'GET' });
    const connections = await clientFor(sb).listConnections();
    assert.equal(connections.length, 6);
    assert.equal(sb.state.requests.length, 2);
  });

  test('429 waits for Retry-After in seconds', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'rate-limit', retryAfter: '1', times: 1 });
    const waits: number[] = [];
    const client = clientFor(sb, {}, { sleep: (ms) => (waits.push(ms), new Promise((r) => setTimeout(r, ms))) });
    await client.createBulkSync(VALID_BODY);
    assert.deepEqual(waits, [1000]);
    const [first, second] = sb.state.requests;
    assert.ok(second.receivedAt - first.receivedAt >= 950, `second request came ${second.receivedAt - first.receivedAt} ms later`);
    assert.equal(first.idempotencyKey, second.idempotencyKey);
    assert.equal(sb.state.syncs.length, 1);
  });

  test('429 understands Retry-After as an HTTP date', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'rate-limit', retryAfter: new Date(Date.now() + 3000).toUTCString(), times: 1 });
    const waits: number[] = [];
    const client = clientFor(sb, {}, { sleep: async (ms) => void waits.push(ms) });
    await client.createBulkSync(VALID_BODY);
    assert.equal(waits.length, 1);
    assert.ok(waits[0] > 1000 && waits[0] <= 3000, `waited ${waits[0]} ms`);
  });

  test('429 asking for a longer wait than allowed is reported instead of waited out', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'rate-limit', retryAfter: '3600' });
    const err = await expectApiError(() => clientFor(sb, { maxRetryAfterMs: 30_000 }).createBulkSync(VALID_BODY));
    assert.equal(err.kind, 'rate-limited');
    assert.equal(err.status, 429);
    assert.equal(err.retryAfterMs, 3_600_000);
    assert.equal(err.sent, 'no');
    assert.match(err.message, /HTTP 429 Too Many Requests .*wait 3600 s/);
    assert.equal(sb.state.requests.length, 1);
  });

  test('backoff grows between attempts', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'status', status: 500 });
    const waits: number[] = [];
    const client = clientFor(sb, { backoffBaseMs: 100 }, { sleep: async (ms) => void waits.push(ms), random: () => 0.5 });
    await expectApiError(() => client.listPolicies());
    assert.deepEqual(waits, [75, 150]);
  });
});

describe('answers that are not the API JSON', () => {
  test('an HTML error page names the status and says it is HTML', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'status', status: 502, body: 'html' });
    const err = await expectApiError(() => clientFor(sb, { maxRetries: 0 }).createBulkSync(VALID_BODY));
    assert.equal(err.kind, 'server');
    assert.equal(err.status, 502);
    assert.match(err.message, /HTTP 502 Bad Gateway from POST \/api\/bulk\/syncs: the response is an HTML page/);
  });

  test('a truncated JSON error body and an empty one name the status', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'status', status: 500, body: 'truncated' });
    const truncated = await expectApiError(() => clientFor(sb, { maxRetries: 0 }).listConnections());
    assert.match(truncated.message, /HTTP 500 Internal Server Error from GET \/api\/connections: the response body is not valid JSON/);
    sb.setFault({ type: 'status', status: 504, body: 'empty' });
    const empty = await expectApiError(() => clientFor(sb, { maxRetries: 0 }).listConnections());
    assert.match(empty.message, /HTTP 504 Gateway Timeout from GET \/api\/connections: the response body is empty/);
  });

  test('invalid JSON in a 200 to a create: the sync exists, and the error says so', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'invalid-json', times: 1 });
    const err = await expectApiError(() => clientFor(sb).createBulkSync(VALID_BODY));
    assert.equal(err.kind, 'bad-response');
    assert.equal(err.status, 200);
    assert.equal(err.sent, 'yes');
    assert.equal(err.attempts, 1, 'a success is not re-sent');
    assert.match(err.message, /HTTP 200 OK from POST \/api\/bulk\/syncs, but the response body is not valid JSON/);
    assert.match(err.message, /probably created/);
    assert.equal(sb.state.syncs.length, 1);
  });

  test('truncated JSON in a 200 to a read', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'truncated-json', times: 1 });
    const err = await expectApiError(() => clientFor(sb).me());
    assert.equal(err.kind, 'bad-response');
    assert.match(err.message, /HTTP 200 OK from GET \/api\/me, but the response body is not valid JSON/);
  });
});

describe('redirects', () => {
  test('are not followed, so the key never reaches the other origin', async () => {
    const sb = sandbox.get();
    const other = await startSandbox();
    try {
      sb.setFault({ type: 'redirect', location: `${other.url}/api/bulk/syncs`, status: 307 });
      const err = await expectApiError(() => clientFor(sb).createBulkSync(VALID_BODY));
      assert.equal(err.kind, 'redirect');
      assert.equal(err.status, 307);
      assert.equal(err.sent, 'no');
      assert.match(err.message, new RegExp(`HTTP 307 Temporary Redirect from POST /api/bulk/syncs: the server redirects to host 127\\.0\\.0\\.1:${other.port}`));
      assert.match(err.message, /not followed/);
      assert.equal(sb.state.requests.length, 1, 'not retried');
      assert.equal(other.state.requests.length, 0);
    } finally {
      await other.close();
    }
  });
});

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
