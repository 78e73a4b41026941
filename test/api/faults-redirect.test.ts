// Redirects to another host: whatever the status, the client does not follow them, so the other
// host (a second loopback server on 127.0.0.2 that records what reaches it) never receives a
// request, let alone an Authorization header.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { PolytomicClient } from '../../server/src/api';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { VALID_BODY, expectApiError } from './helpers';

interface Recorder {
  url: string;
  host: string;
  requests: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** A server on 127.0.0.2 that answers everything with a plausible success and records the headers. */
async function startRecorder(): Promise<Recorder> {
  const requests: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.headers);
    req.resume();
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ data: { id: 'stolen', name: 'stolen' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.2:${port}`,
    host: `127.0.0.2:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let sandbox: Sandbox;
let other: Recorder;
before(async () => {
  sandbox = await startSandbox();
  other = await startRecorder();
});
after(async () => {
  await other.close();
  await sandbox.close();
});

const client = (organizationId?: string) =>
  new PolytomicClient({
    baseUrl: sandbox.url,
    apiKey: organizationId ? sandbox.keys.organization : sandbox.keys.user,
    organizationId,
    backoffBaseMs: 1,
  });

describe('redirects to another host are not followed', () => {
  test('the recorder on 127.0.0.2 does answer, with the Authorization it is sent', async () => {
    // Guards the tests below: were the client to follow, the recorder would see the request.
    const res = await fetch(`${other.url}/api/bulk/syncs`, { method: 'POST', headers: { Authorization: 'Bearer probe' }, body: '{}' });
    assert.equal(res.status, 200);
    assert.equal(other.requests.pop()?.authorization, 'Bearer probe');
  });

  for (const status of [301, 302, 303, 307, 308]) {
    test(`${status} on a create: reported, nothing created, nothing sent to the other host`, async () => {
      sandbox.reset();
      sandbox.setFault({ type: 'redirect', status, location: `${other.url}/api/bulk/syncs` });
      const err = await expectApiError(() => client().createBulkSync(VALID_BODY));
      assert.equal(err.kind, 'redirect');
      assert.equal(err.status, status);
      assert.equal(err.sent, 'no');
      assert.equal(err.attempts, 1, 'a redirect is not retried');
      assert.match(err.message, new RegExp(`^HTTP ${status} [A-Za-z ]+ from POST /api/bulk/syncs: the server redirects to host 127\\.0\\.0\\.2:\\d+\\. Redirects are not followed`));
      assert.match(err.message, /No bulk sync was created\.$/);
      assert.equal(sandbox.state.syncs.length, 0);
      assert.deepEqual(other.requests, []);
    });
  }

  test('reads and organization keys alike', async () => {
    sandbox.reset();
    sandbox.setFault({ type: 'redirect', status: 302, location: `${other.url}/api/connections` });
    for (const organizationId of [undefined, sandbox.organizationId]) {
      const err = await expectApiError(() => client(organizationId).listConnections());
      assert.equal(err.kind, 'redirect');
      assert.match(err.message, /^HTTP 302 Found from GET \/api\/connections: the server redirects to host 127\.0\.0\.2:\d+\./);
    }
    assert.deepEqual(other.requests, []);
  });

  test('a redirect to a path on the same host is not followed either', async () => {
    sandbox.reset();
    sandbox.setFault({ type: 'redirect', status: 308, location: '/api/v2/bulk/syncs', times: 1 });
    const err = await expectApiError(() => client().createBulkSync(VALID_BODY));
    assert.match(err.message, /the server redirects to a path on the same host\. Redirects are not followed/);
    assert.equal(sandbox.state.requests.length, 1, 'only the original request reached the sandbox');
    assert.equal(sandbox.state.syncs.length, 0);
  });
});

describe('ids taken from a document cannot steer a request elsewhere', () => {
  test('a connection id with slashes, dots and a query stays one path segment', async () => {
    // The language server fetches /bulksync/source for whatever source_connection_id a file names.
    sandbox.reset();
    const err = await expectApiError(() => client().getBulkSyncSource('../../me?steal=1#x', true));
    assert.equal(err.status, 404);
    assert.deepEqual(
      sandbox.state.requests.map((r) => r.path),
      ['/api/connections/..%2F..%2Fme%3Fsteal%3D1%23x/bulksync/source'],
      'the id arrived encoded, inside the connections path',
    );
    assert.deepEqual(other.requests, []);
  });
});
