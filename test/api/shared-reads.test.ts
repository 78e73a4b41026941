// The language server's shared reads of live syncs (server/src/lsp/syncReads.ts) against the sandbox on
// 127.0.0.1: a state read of an unchanged 300-schema sync costs the sync and its schema list instead of
// 302 requests, requests made at the same time share one read, and a change made in Polytomic is still
// seen: at once when the sync's updated_at moves or its schema list changes, and within the full-read
// period when neither does (the sandbox switch schemaEditsKeepSyncStamp).
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { Gate } from '../../server/src/api/gate';
import { bodyOfLive, compareWithLive, gatedSyncApi, linkFor, readLiveSync, readStatus, type SyncApi, type SyncLink } from '../../server/src/operations';
import { SyncReads, type SyncReadPolicy } from '../../server/src/lsp/syncReads';
import { wideTableId } from '../sandbox/fixtures';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { WIDE_SOURCE_TABLES, wideSyncBody } from '../sandbox/wideSync';
import { clientFor } from './helpers';

const PERIOD_MS = 30 * 60_000;
let sandbox: Sandbox;
let clock = 0;
let link: SyncLink;
let body: Record<string, unknown>;

before(async () => {
  sandbox = await startSandbox({ wideSourceTables: WIDE_SOURCE_TABLES });
});
after(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  sandbox.reset();
  clock = 1_000_000;
  const sync = sandbox.createSync(wideSyncBody(1));
  const live = await readLiveSync(clientFor(sandbox), sync.id);
  link = linkFor(live);
  body = bodyOfLive(live);
  sandbox.state.requests.length = 0;
});

function shared(policy: Partial<SyncReadPolicy> = {}, reads = new SyncReads({ keepSchemas: true, fullReadEveryMs: PERIOD_MS, now: () => clock, ...policy })): { api: SyncApi; reads: SyncReads } {
  return { api: reads.over(gatedSyncApi(clientFor(sandbox), new Gate(4)), 'account-a'), reads };
}

/** The requests on bulk syncs since the last call, as `METHOD kind` counts. */
function takeRequests(): { total: number; schemaReads: number } {
  const taken = sandbox.state.requests.splice(0).filter((r) => r.path.startsWith('/api/bulk/syncs/'));
  return { total: taken.length, schemaReads: taken.filter((r) => r.method === 'GET' && /\/schemas\/[^/]+$/.test(r.path)).length };
}

const changePaths = async (api: SyncApi) => (await compareWithLive(api, link, body)).differences.map((d) => d.path);

/** One difference, in the fields of schema `id` (named `schemas[id].fields` or `schemas[id].fields[...]`). */
function assertFieldsOf(paths: string[], id: string): void {
  assert.equal(paths.length, 1, JSON.stringify(paths));
  assert.ok(paths[0].startsWith(`schemas[${id}].fields`), paths[0]);
}

test('a second state read of an unchanged 300-schema sync reads the sync and its schema list, not the 300 schemas', async () => {
  const { api } = shared();
  assert.deepEqual(await changePaths(api), []);
  assert.deepEqual(takeRequests(), { total: 302, schemaReads: 300 });
  clock += 5 * 60_000;
  const again = await compareWithLive(api, link, body);
  assert.deepEqual(again.differences, []);
  assert.equal(again.live.schemas.length, 300);
  assert.deepEqual(takeRequests(), { total: 2, schemaReads: 0 });
});

test('a schema edited in Polytomic (the sync\'s updated_at moves) is seen on the next read', async () => {
  const { api } = shared();
  await changePaths(api);
  takeRequests();
  sandbox.editSchema(link.sync_id, wideTableId(10), (schema) => {
    schema.fields = schema.fields?.map((f) => (f.id === 'status' ? { ...f, enabled: false } : f));
  });
  assertFieldsOf(await changePaths(api), wideTableId(10));
  assert.equal(takeRequests().schemaReads, 300, 'a moved updated_at says nothing about which schema changed: all are read again');
});

test('a schema dropped in Polytomic without moving updated_at is seen through the schema list', async () => {
  sandbox.setReadBack({ schemaEditsKeepSyncStamp: true });
  const { api } = shared();
  await changePaths(api);
  takeRequests();
  const stampBefore = sandbox.state.stored.get(link.sync_id)!.sync.updated_at;
  sandbox.editSchema(link.sync_id, wideTableId(20), (schema) => {
    schema.enabled = false;
  });
  assert.equal(sandbox.state.stored.get(link.sync_id)!.sync.updated_at, stampBefore, 'the switch keeps the stamp');
  assert.deepEqual(await changePaths(api), [`schemas[${wideTableId(20)}]`]);
  assert.deepEqual(takeRequests(), { total: 2, schemaReads: 0 }, 'the dropped schema is not read; the others are kept');
  sandbox.editSchema(link.sync_id, wideTableId(30), (schema) => {
    schema.tracking_field = 'created_at';
  });
  assert.deepEqual(await changePaths(api), [`schemas[${wideTableId(20)}]`, `schemas[${wideTableId(30)}].tracking_field`]);
  assert.deepEqual(takeRequests(), { total: 3, schemaReads: 1 }, 'only the schema whose list item changed is read again');
});

test('a field change that moves neither the stamp nor the list is seen once the kept reads reach the full-read period', async () => {
  sandbox.setReadBack({ schemaEditsKeepSyncStamp: true });
  const { api } = shared();
  await changePaths(api);
  takeRequests();
  sandbox.editSchema(link.sync_id, wideTableId(40), (schema) => {
    schema.fields = schema.fields?.map((f) => (f.id === 'status' ? { ...f, obfuscated: true } : f));
  });
  clock += PERIOD_MS - 1;
  // Inside the period the kept read answers: nothing the API said shows the change (the assumption's cost).
  assert.deepEqual(await changePaths(api), []);
  clock += 1;
  assertFieldsOf(await changePaths(api), wideTableId(40));
  assert.equal(takeRequests().schemaReads, 300);
});

test('with the inference off every read reads every schema again, and the same change is seen at once', async () => {
  sandbox.setReadBack({ schemaEditsKeepSyncStamp: true });
  const { api } = shared({ keepSchemas: false });
  await changePaths(api);
  takeRequests();
  sandbox.editSchema(link.sync_id, wideTableId(40), (schema) => {
    schema.fields = schema.fields?.map((f) => (f.id === 'status' ? { ...f, obfuscated: true } : f));
  });
  assertFieldsOf(await changePaths(api), wideTableId(40));
  assert.deepEqual(takeRequests(), { total: 302, schemaReads: 300 });
});

test('requests that need the same reads at the same time share them', async () => {
  const { api } = shared();
  const [a, b, status] = await Promise.all([compareWithLive(api, link, body), compareWithLive(api, link, body), readStatus(api, link.sync_id), readStatus(api, link.sync_id)]);
  assert.deepEqual(a.differences, []);
  assert.deepEqual(b.live, a.live);
  assert.equal(status.running, false);
  assert.deepEqual(takeRequests(), { total: 303, schemaReads: 300 }, 'one read of the sync, the list and each schema, one status');
});

test('a caller that cancels leaves the shared read to the others; it answers "cancelled"', async () => {
  const { api } = shared();
  sandbox.setFault({ type: 'latency', phase: 'before-headers', ms: 150, path: `/api/bulk/syncs/${link.sync_id}` });
  const controller = new AbortController();
  const cancelledOne = api.getBulkSync(link.sync_id, { signal: controller.signal });
  const other = api.getBulkSync(link.sync_id);
  controller.abort();
  await assert.rejects(cancelledOne, (error: Error & { kind?: string }) => error.kind === 'cancelled');
  assert.equal((await other).id, link.sync_id);
  assert.equal(takeRequests().total, 1);
});

test('a change sent through the shared reads, or another account, forgets what was kept', async () => {
  const { api, reads } = shared();
  await changePaths(api);
  takeRequests();
  await api.updateBulkSyncSchemas(link.sync_id, [{ id: wideTableId(50), enabled: false }]);
  takeRequests();
  assert.deepEqual(await changePaths(api), [`schemas[${wideTableId(50)}]`]);
  assert.equal(takeRequests().schemaReads, 299);
  const otherAccount = reads.over(gatedSyncApi(clientFor(sandbox), new Gate(4)), 'account-b');
  await changePaths(otherAccount);
  assert.equal(takeRequests().schemaReads, 299);
});

// The lens's reads (lsp/keepSync.ts asks SyncReads.schemaReadsFor how to read): the document's link
// vouches for the schemas it recorded until something says they changed, and a full read every period
// from the first state read is the safety net for the assumption being wrong.
const lensPaths = async (api: SyncApi, reads: SyncReads) => (await compareWithLive(api, link, body, { schemaReads: reads.schemaReadsFor(link.sync_id) })).differences.map((d) => d.path);

test('the lens: the first state read of a sync unchanged since the link reads no schema, and one full read each period', async () => {
  const { api, reads } = shared();
  assert.deepEqual(await lensPaths(api, reads), []);
  assert.deepEqual(takeRequests(), { total: 2, schemaReads: 0 });
  clock += PERIOD_MS - 1;
  assert.deepEqual(await lensPaths(api, reads), []);
  assert.deepEqual(takeRequests(), { total: 2, schemaReads: 0 });
  clock += 1;
  assert.deepEqual(await lensPaths(api, reads), []);
  assert.deepEqual(takeRequests(), { total: 302, schemaReads: 300 }, 'the full read is due');
  clock += 5 * 60_000;
  assert.deepEqual(await lensPaths(api, reads), []);
  assert.deepEqual(takeRequests(), { total: 2, schemaReads: 0 });
  clock += PERIOD_MS;
  await lensPaths(api, reads);
  assert.equal(takeRequests().schemaReads, 300, 'each period reads every schema again, whatever was kept');
});

test('the lens, with the assumption wrong: a field change moving neither the stamp nor the list shows within the period of the first read, and stays shown', async () => {
  sandbox.setReadBack({ schemaEditsKeepSyncStamp: true });
  const { api, reads } = shared();
  sandbox.editSchema(link.sync_id, wideTableId(40), (schema) => {
    schema.fields = schema.fields?.map((f) => (f.id === 'status' ? { ...f, obfuscated: true } : f));
  });
  // Inside the period the link's record answers: nothing the API said shows the change (the assumption's cost).
  assert.deepEqual(await lensPaths(api, reads), []);
  clock += PERIOD_MS - 1;
  assert.deepEqual(await lensPaths(api, reads), []);
  clock += 1;
  assertFieldsOf(await lensPaths(api, reads), wideTableId(40));
  takeRequests();
  // The reads made are what later state reads use, not the link's older record.
  clock += 5 * 60_000;
  assertFieldsOf(await lensPaths(api, reads), wideTableId(40));
  assert.deepEqual(takeRequests(), { total: 2, schemaReads: 0 });
});

test('the lens: a moved stamp reads every schema once, then the reads are kept; a list change reads that schema alone', async () => {
  sandbox.setReadBack({ schemaEditsKeepSyncStamp: true });
  const { api, reads } = shared();
  await lensPaths(api, reads);
  takeRequests();
  sandbox.editSync(link.sync_id, (s) => {
    s.concurrency_limit = 7;
  });
  assert.deepEqual(await lensPaths(api, reads), []);
  assert.equal(takeRequests().schemaReads, 300, 'the stamp moved: all are read');
  clock += 60_000;
  assert.deepEqual(await lensPaths(api, reads), []);
  assert.deepEqual(takeRequests(), { total: 2, schemaReads: 0 }, 'then kept');
  sandbox.editSchema(link.sync_id, wideTableId(35), (schema) => {
    schema.tracking_field = 'created_at';
  });
  assert.deepEqual(await lensPaths(api, reads), [`schemas[${wideTableId(35)}].tracking_field`]);
  assert.deepEqual(takeRequests(), { total: 3, schemaReads: 1 });
});

test('the lens with the inference off reads every schema every time', async () => {
  const { api, reads } = shared({ keepSchemas: false });
  assert.equal(reads.schemaReadsFor(link.sync_id), 'all');
  await lensPaths(api, reads);
  await lensPaths(api, reads);
  assert.deepEqual(takeRequests(), { total: 604, schemaReads: 600 });
});

test('the lens: a full read that failed part way is completed by the next state read, not answered from the older link', async () => {
  sandbox.setReadBack({ schemaEditsKeepSyncStamp: true });
  const { api, reads } = shared();
  await lensPaths(api, reads);
  sandbox.editSchema(link.sync_id, wideTableId(45), (schema) => {
    schema.filters = [{ field_id: 'status', function: 'Equality', value: 'open' }];
  });
  clock += PERIOD_MS;
  sandbox.setFault({ type: 'status', status: 500, path: `/api/bulk/syncs/${link.sync_id}/schemas/${encodeURIComponent(wideTableId(45))}`, times: 10 });
  await assert.rejects(lensPaths(api, reads));
  sandbox.setFault(null);
  takeRequests();
  clock += 5 * 60_000;
  assert.deepEqual(await lensPaths(api, reads), [`schemas[${wideTableId(45)}].filters`]);
  assert.ok(takeRequests().schemaReads >= 1);
});
