// The web build's transport (fetch, fetchTransport.ts) against the real sandbox on 127.0.0.1, through the
// same API client the Node transport serves: the answers, the retry with one Idempotency-Key, the bounds
// (timeout, size, cancellation), redirects not followed, and an unreachable API reported as the browser
// reports it, with the key in no message.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { describe, test } from 'node:test';
import { inspect } from 'node:util';
import { sendFetch } from '../../server/src/api/fetchTransport';
import { TransportError } from '../../server/src/api/http';
import { VALID_BODY, clientFor, createKeys, expectApiError, useSandbox } from './helpers';

const sandbox = useSandbox();
const web = { send: sendFetch };

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the fetch transport with the API client', () => {
  test('reads the account and creates exactly one sync', async () => {
    const sb = sandbox.get();
    const client = clientFor(sb, {}, web);
    const me = await client.me();
    assert.equal(me.organization_name, 'Sandbox Organization');
    const sync = await client.createBulkSync(VALID_BODY);
    assert.equal(sb.state.syncs.length, 1);
    assert.equal(sync.id, sb.state.syncs[0].id);
    const [created] = sb.state.requests.filter((r) => r.method === 'POST');
    assert.match(created.idempotencyKey ?? '', /^polysync-[0-9a-f-]{36}$/);
  });

  test('a dropped create is retried with the same Idempotency-Key and makes one sync', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'drop', when: 'after-read', times: 2 });
    const sync = await clientFor(sb, {}, web).createBulkSync(VALID_BODY);
    assert.equal(sb.state.syncs.length, 1);
    assert.equal(sync.id, sb.state.syncs[0].id);
    assert.equal(createKeys(sb).length, 3);
    assert.equal(new Set(createKeys(sb)).size, 1);
  });

  test('a refused key is the API answer, as with node:http', async () => {
    const sb = sandbox.get();
    const err = await expectApiError(() => clientFor(sb, { apiKey: 'not-the-sandbox-key-0001' }, web).me());
    assert.equal(err.kind, 'unauthorized');
    assert.equal(err.status, 401);
    assert.ok(!err.message.includes('not-the-sandbox-key-0001'));
  });

  test('an API that does not answer in time: a timeout naming the bound; a create may have happened', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'latency', phase: 'processing', ms: 1500, times: 1 });
    const err = await expectApiError(() => clientFor(sb, { timeoutMs: 250, maxRetries: 0 }, web).createBulkSync(VALID_BODY));
    assert.equal(err.kind, 'timeout');
    assert.equal(err.sent, 'unknown');
    assert.match(err.message, /No response from 127\.0\.0\.1:\d+ within 0\.25 s/);
  });

  test('a body that stops halfway times out after a 2xx status: the sync exists', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'latency', phase: 'slow-body', ms: 1500, times: 1 });
    const err = await expectApiError(() => clientFor(sb, { timeoutMs: 250, maxRetries: 0 }, web).createBulkSync(VALID_BODY));
    assert.equal(err.kind, 'timeout');
    assert.equal(err.status, 200);
    assert.equal(err.sent, 'yes');
    assert.match(err.message, /HTTP 200, then: The response from .* did not finish within 0\.25 s/);
  });

  test('cancelling stops the request and says so', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'latency', phase: 'processing', ms: 1000, times: 1 });
    const controller = new AbortController();
    const pending = expectApiError(() => clientFor(sb, {}, web).listConnections({ signal: controller.signal }));
    await sb.waitForRequests(1);
    controller.abort();
    const err = await pending;
    assert.equal(err.kind, 'cancelled');
    assert.equal(sb.state.requests.length, 1, 'not retried after cancelling');
  });

  test('an unreachable API is reported as the browser reports it, with the desktop app named', async () => {
    const port = await closedPort();
    const log: string[] = [];
    const client = clientFor({ url: `http://127.0.0.1:${port}`, keys: { user: 'PLANTED-key-6c2d9e1f' } } as never, {}, { ...web, log: (l) => log.push(l) });
    const err = await expectApiError(() => client.listConnections());
    assert.equal(err.kind, 'network');
    // The browser cannot tell a refused origin from a lost connection, so it is tried again like a reset.
    assert.equal(err.attempts, 3);
    assert.equal(log.filter((line) => / attempt \d: /.test(line)).length, 3);
    assert.match(err.message, /The browser could not reach 127\.0\.0\.1:\d+: the API does not accept requests from this page's origin \(CORS\), or the network is unreachable\. Account features need the desktop app here\./);
    for (const text of [err.message, inspect(err, { depth: 10 }), ...log]) assert.ok(!text.includes('PLANTED-key-6c2d9e1f'), text);
  });
});

describe('sendFetch on its own', () => {
  test('an answer over the size limit stops with too-large and its status', async () => {
    const sb = sandbox.get();
    const url = new URL('/api/connections', sb.url);
    const err = await sendFetch({ url, method: 'GET', headers: { Authorization: `Bearer ${sb.keys.user}` }, timeoutMs: 5000, maxResponseBytes: 64 }).then(
      () => assert.fail('expected too-large'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof TransportError);
    assert.equal(err.failure, 'too-large');
    assert.equal(err.status, 200);
  });

  test('a redirect is not followed: the 3xx comes back to the client', async () => {
    const server = net.createServer((socket) => {
      socket.once('data', () => socket.end('HTTP/1.1 302 Found\r\nLocation: https://elsewhere.invalid/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const res = await sendFetch({ url: new URL(`http://127.0.0.1:${port}/api/me`), method: 'GET', headers: {}, timeoutMs: 5000 });
      assert.equal(res.status, 302);
      assert.equal(res.headers.location, 'https://elsewhere.invalid/');
    } finally {
      server.close();
    }
  });

  test('a request cancelled before it starts is never sent', async () => {
    const sb = sandbox.get();
    const controller = new AbortController();
    controller.abort();
    const err = await sendFetch({ url: new URL('/api/me', sb.url), method: 'GET', headers: {}, timeoutMs: 5000, signal: controller.signal }).catch((e: unknown) => e);
    assert.ok(err instanceof TransportError);
    assert.equal(err.failure, 'aborted');
    assert.equal(err.requestWritten, false);
    assert.equal(sb.state.requests.length, 0);
  });
});
