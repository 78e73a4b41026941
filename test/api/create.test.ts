// Creating a bulk sync against the sandbox over real HTTP: success and each class of refusal.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { PolytomicClient } from '../../server/src/api';
import { IDS, VALID_BODY, clientFor, createKeys, expectApiError, useSandbox } from './helpers';

const sandbox = useSandbox();

describe('createBulkSync succeeds', () => {
  test('returns the created sync, which the API then lists and reads back', async () => {
    const sb = sandbox.get();
    const client = clientFor(sb);
    const sync = await client.createBulkSync(VALID_BODY);
    assert.match(sync.id, /^[0-9a-f-]{36}$/);
    assert.equal(sync.name, 'Salesforce to Snowflake');
    assert.equal(sync.mode, 'replicate');
    assert.equal(sync.default_schedule?.frequency, 'daily');
    assert.equal(sb.state.syncs.length, 1);
    assert.deepEqual((await client.listBulkSyncs()).map((s) => s.id), [sync.id]);
    assert.equal((await client.getBulkSync(sync.id)).name, sync.name);
  });

  test('sends the version, a JSON content type, a fresh idempotency key per call and the exact body', async () => {
    const sb = sandbox.get();
    const client = clientFor(sb);
    await client.createBulkSync(VALID_BODY);
    await client.createBulkSync({ ...VALID_BODY, name: 'Second' });
    const posts = sb.state.requests.filter((r) => r.method === 'POST');
    assert.equal(posts.length, 2);
    for (const r of posts) {
      assert.equal(r.headers['x-polytomic-version'], '2025-09-18');
      assert.equal(r.headers['content-type'], 'application/json');
      assert.match(r.idempotencyKey ?? '', /^[A-Za-z0-9_-]{8,255}$/);
    }
    assert.notEqual(posts[0].idempotencyKey, posts[1].idempotencyKey);
    assert.equal(posts[0].body, JSON.stringify(VALID_BODY));
    assert.equal(sb.state.syncs.length, 2);
  });

  test('a user key goes as Bearer, an organization key as Basic base64("org:key")', async () => {
    const sb = sandbox.get();
    await clientFor(sb).createBulkSync(VALID_BODY);
    const org = clientFor(sb, { apiKey: sb.keys.organization, organizationId: sb.organizationId });
    const sync = await org.createBulkSync({ ...VALID_BODY, name: 'By the organization key' });
    const [userReq, orgReq] = sb.state.requests;
    assert.equal(userReq.headers.authorization, `Bearer ${sb.keys.user}`);
    assert.equal(userReq.authScheme, 'Bearer');
    const expected = Buffer.from(`${sb.organizationId}:${sb.keys.organization}`).toString('base64');
    assert.equal(orgReq.headers.authorization, `Basic ${expected}`);
    assert.equal(orgReq.principal, 'organization');
    assert.equal(sync.created_by?.type, 'apikey');
  });

  test('an older API version is sent as configured and echoed by the API', async () => {
    const sb = sandbox.get();
    const client = clientFor(sb, { version: '2024-02-08' });
    const { default_schedule, ...rest } = VALID_BODY;
    await client.createBulkSync({ ...rest, schedule: default_schedule });
    assert.equal(sb.state.requests[0].headers['x-polytomic-version'], '2024-02-08');
    assert.equal(sb.state.syncs.length, 1);
  });

  test('a caller-supplied idempotency key is sent as is; an invalid one is refused before sending', async () => {
    const sb = sandbox.get();
    const client = clientFor(sb);
    await client.createBulkSync(VALID_BODY, { idempotencyKey: 'my-own-key_0001' });
    assert.deepEqual(createKeys(sb), ['my-own-key_0001']);
    const err = await expectApiError(() => client.createBulkSync(VALID_BODY, { idempotencyKey: 'short' }));
    assert.equal(err.kind, 'bad-request');
    assert.equal(err.sent, 'no');
    assert.equal(sb.state.requests.length, 1);
  });
});

describe('createBulkSync is refused', () => {
  test('401 for an unknown key: not retried, nothing created', async () => {
    const sb = sandbox.get();
    const err = await expectApiError(() => clientFor(sb, { apiKey: 'not-a-sandbox-key' }).createBulkSync(VALID_BODY));
    assert.equal(err.kind, 'unauthorized');
    assert.equal(err.status, 401);
    assert.equal(err.sent, 'no');
    assert.match(err.message, /HTTP 401 Unauthorized/);
    assert.match(err.message, /invalid API key/);
    assert.match(err.message, /No bulk sync was created\./);
    assert.equal(sb.state.requests.length, 1);
    assert.equal(sb.state.syncs.length, 0);
  });

  test('401 names Basic when an organization key is sent as Bearer', async () => {
    const sb = sandbox.get();
    const err = await expectApiError(() => clientFor(sb, { apiKey: sb.keys.organization }).createBulkSync(VALID_BODY));
    assert.equal(err.status, 401);
    assert.match(err.message, /Basic/);
  });

  test('403 for a read-only key', async () => {
    const sb = sandbox.get();
    const err = await expectApiError(() => clientFor(sb, { apiKey: sb.keys.readonly }).createBulkSync(VALID_BODY));
    assert.equal(err.kind, 'forbidden');
    assert.equal(err.status, 403);
    assert.equal(err.sent, 'no');
    assert.match(err.message, /HTTP 403 Forbidden.*may not create bulk syncs/);
    assert.equal(sb.state.syncs.length, 0);
  });

  test('400 for wrong types, with the fields named', async () => {
    const sb = sandbox.get();
    const err = await expectApiError(() =>
      clientFor(sb).createBulkSync({ ...VALID_BODY, concurrency_limit: 'four', default_schedule: { frequency: 'hourly', minute: 15 } }),
    );
    assert.equal(err.kind, 'bad-request');
    assert.equal(err.status, 400);
    assert.equal(err.sent, 'no');
    assert.match(err.message, /HTTP 400 Bad Request/);
    assert.deepEqual(err.fields.map((f) => f.path), [['concurrency_limit'], ['default_schedule', 'minute']]);
    assert.equal(sb.state.requests.length, 1, '4xx is not retried');
  });

  test('422 for values the organization cannot satisfy, each field with its path and message', async () => {
    const sb = sandbox.get();
    const err = await expectApiError(() =>
      clientFor(sb).createBulkSync({
        ...VALID_BODY,
        destination_connection_id: IDS.s3,
        destination_configuration: { format: 'xml' },
        mode: 'replicate',
        normalize_names: 'Enabled',
        schemas: ['Account', 'Invoice', { id: 'Contact', fields: ['Id', 'Nickname'] }],
      }),
    );
    assert.equal(err.kind, 'invalid');
    assert.equal(err.status, 422);
    assert.equal(err.sent, 'no');
    assert.match(err.message, /^HTTP 422 Unprocessable Entity from POST \/api\/bulk\/syncs: /);
    const byPath = new Map(err.fields.map((f) => [JSON.stringify(f.path), f.message]));
    assert.match(byPath.get('["mode"]') ?? '', /supports only snapshot/);
    assert.match(byPath.get('["normalize_names"]') ?? '', /not one of enabled, disabled, legacy/);
    assert.match(byPath.get('["destination_configuration","format"]') ?? '', /csv, json, parquet/);
    assert.match(byPath.get('["schemas",1]') ?? '', /unknown schema "Invoice"/);
    assert.match(byPath.get('["schemas",2,"fields",1]') ?? '', /unknown field "Nickname"/);
    assert.equal(sb.state.syncs.length, 0);
  });

  test('422 for an unknown connection and for a source used as destination', async () => {
    const sb = sandbox.get();
    const client = clientFor(sb);
    const unknown = await expectApiError(() =>
      client.createBulkSync({ ...VALID_BODY, source_connection_id: '00000000-0000-4000-8000-000000000000' }),
    );
    assert.deepEqual(unknown.fields.map((f) => f.path), [['source_connection_id']]);
    assert.match(unknown.message, /no connection with id 00000000-0000-4000-8000-000000000000/);
    const swapped = await expectApiError(() =>
      client.createBulkSync({ ...VALID_BODY, destination_connection_id: IDS.hubspot }),
    );
    assert.equal(swapped.status, 422);
    assert.deepEqual(swapped.fields.map((f) => f.path), [['destination_connection_id']]);
    assert.match(swapped.message, /cannot be used as a bulk sync destination/);
  });

  test('422 when the same idempotency key comes back with a different body', async () => {
    const sb = sandbox.get();
    const client = clientFor(sb);
    await client.createBulkSync(VALID_BODY, { idempotencyKey: 'reused-key-123' });
    const err = await expectApiError(() => client.createBulkSync({ ...VALID_BODY, name: 'Other' }, { idempotencyKey: 'reused-key-123' }));
    assert.equal(err.status, 422);
    assert.match(err.message, /already used with a different request body/);
    assert.equal(sb.state.syncs.length, 1);
  });

  test('500 is retried with the same key, then reported as nothing created', async () => {
    const sb = sandbox.get();
    sb.setFault({ type: 'status', status: 500 });
    const err = await expectApiError(() => clientFor(sb).createBulkSync(VALID_BODY));
    assert.equal(err.kind, 'server');
    assert.equal(err.status, 500);
    assert.equal(err.attempts, 3);
    assert.equal(err.sent, 'no');
    assert.match(err.message, /HTTP 500 Internal Server Error from POST \/api\/bulk\/syncs: injected failure 500/);
    assert.match(err.message, /Gave up after 3 attempts\. No bulk sync was created\.$/);
    const keys = createKeys(sb);
    assert.equal(keys.length, 3);
    assert.equal(new Set(keys).size, 1);
    assert.equal(err.idempotencyKey, keys[0]);
  });
});

describe('the sandbox itself', () => {
  const raw = (url: string, init: { method?: string; headers?: Record<string, string>; body?: string }) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const req = http.request(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end(init.body);
    });

  test('answers malformed JSON with 400 and an unsupported version with 400, echoing the version it serves', async () => {
    const sb = sandbox.get();
    const auth = { Authorization: `Bearer ${sb.keys.user}` };
    const malformed = await raw(`${sb.url}/api/bulk/syncs`, { method: 'POST', headers: auth, body: '{"name": ' });
    assert.equal(malformed.status, 400);
    assert.equal(JSON.parse(malformed.body).key, 'invalid_json');
    assert.equal(malformed.headers['x-polytomic-version'], '2025-09-18');
    const old = await raw(`${sb.url}/api/me`, { headers: { ...auth, 'X-Polytomic-Version': '2023-04-25' } });
    assert.equal(old.headers['x-polytomic-version'], '2023-04-25');
    const bad = await raw(`${sb.url}/api/me`, { headers: { ...auth, 'X-Polytomic-Version': '2019-01-01' } });
    assert.equal(bad.status, 400);
    assert.match(JSON.parse(bad.body).message, /unsupported X-Polytomic-Version/);
    const missing = await raw(`${sb.url}/api/me`, {});
    assert.equal(missing.status, 401);
  });

  test('takes faults over its admin route', async () => {
    const sb = sandbox.get();
    const set = await raw(`${sb.url}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ type: 'status', status: 503, times: 1 }) });
    assert.equal(set.status, 200);
    const client = new PolytomicClient({ baseUrl: sb.url, apiKey: sb.keys.user, maxRetries: 0 });
    const err = await expectApiError(() => client.me());
    assert.equal(err.status, 503);
    assert.equal((await client.me()).email, 'dana@sandbox.example');
    const rejected = await raw(`${sb.url}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ type: 'explode' }) });
    assert.equal(rejected.status, 400);
    const state = JSON.parse((await raw(`${sb.url}/__sandbox/state`, {})).body);
    assert.equal(state.data.requests, 2);
  });

  test('takes the plan of the next executions over its admin route, and refuses a bad one', async () => {
    const sb = sandbox.get();
    const put = (body: unknown) => raw(`${sb.url}/__sandbox/executions`, { method: 'PUT', body: JSON.stringify(body) });
    const set = await put({ durationMs: 0, outcome: 'failed' });
    assert.equal(set.status, 200);
    assert.deepEqual(JSON.parse(set.body).data, { previous: { durationMs: 3000, outcome: 'completed' }, plan: { durationMs: 0, outcome: 'failed' } });
    const client = clientFor(sb);
    const sync = await client.createBulkSync(VALID_BODY);
    const started = await client.startBulkSyncExecution(sync.id);
    const status = await client.getBulkSyncStatus(sync.id);
    assert.equal(status.current_execution, null);
    assert.equal(status.last_execution?.id, started.id);
    assert.equal(status.last_execution?.status, 'failed');
    for (const bad of [{ durationMs: -1 }, { outcome: 'exploded' }, { speed: 2 }, [1]]) assert.equal((await put(bad)).status, 400, JSON.stringify(bad));
    assert.deepEqual(JSON.parse((await raw(`${sb.url}/__sandbox/executions`, {})).body).data, { plan: { durationMs: 0, outcome: 'failed' } });
  });
});
