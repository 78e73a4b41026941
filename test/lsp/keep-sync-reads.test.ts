// What the state of a linked document costs the API, through the bundled server over stdio against the
// sandbox on 127.0.0.1, for a sync with 300 selected schemas: a state read of a sync unchanged since
// the document's link reads the sync, its schema list and the run status (the link's base vouches for
// the schemas); after a change made in Polytomic every schema once; two at once share their reads; and
// a change made in Polytomic is still seen, at once or within the full-read period.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { wideTableId } from '../sandbox/fixtures';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { WIDE_SOURCE_TABLES, wideSyncBody } from '../sandbox/wideSync';
import { eventually, freshUri, sandboxEnv, startAccountServer, waitForStatus } from './account-helpers';
import type { LspTestClient } from './harness';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The requests on bulk syncs since the last call (account data loads in the background meanwhile). */
function takeSyncRequests(sandbox: Sandbox): { total: number; schemaReads: number } {
  const taken = sandbox.state.requests.splice(0).filter((r) => r.path.startsWith('/api/bulk/syncs/'));
  return { total: taken.length, schemaReads: taken.filter((r) => r.method === 'GET' && /\/schemas\/[^/]+$/.test(r.path)).length };
}

async function openPulled(client: LspTestClient, syncId: string): Promise<string> {
  const pulled: Json = await client.request('polysync/pullBulkSync', { syncId });
  assert.equal(pulled.kind, 'ok', JSON.stringify(pulled));
  const uri = freshUri('wide');
  client.open(uri, pulled.text, 'polysync', 1);
  return uri;
}

/** One difference, in the fields of schema `id` (named `schemas[id].fields` or `schemas[id].fields[...]`). */
function assertFieldsOf(paths: string[], id: string): void {
  assert.equal(paths.length, 1, JSON.stringify(paths));
  assert.ok(paths[0].startsWith(`schemas[${id}].fields`), paths[0]);
}

const stateOf = (client: LspTestClient, uri: string): Promise<Json> => client.request('polysync/bulkSyncState', { textDocument: { uri, version: 1 } });

describe('the state of a linked 300-schema document over stdio', () => {
  let sandbox: Sandbox;
  let client: LspTestClient;

  before(async () => {
    sandbox = await startSandbox({ wideSourceTables: WIDE_SOURCE_TABLES });
    client = await startAccountServer(sandboxEnv(sandbox));
    await waitForStatus(client, 'online');
  });
  after(async () => {
    await client.close();
    await sandbox.close();
  });

  test('a state read of a sync unchanged since the link costs 3 requests, not 303; a schema edited in Polytomic is seen on the next', async () => {
    const sync = sandbox.createSync(wideSyncBody(1));
    const uri = await openPulled(client, sync.id);
    takeSyncRequests(sandbox);
    const first = await stateOf(client, uri);
    assert.equal(first.kind, 'linked', JSON.stringify(first));
    assert.deepEqual(first.differences, []);
    assert.deepEqual(takeSyncRequests(sandbox), { total: 3, schemaReads: 0 });
    const second = await stateOf(client, uri);
    assert.deepEqual(second.differences, []);
    assert.equal(second.liveText, first.liveText);
    assert.deepEqual(takeSyncRequests(sandbox), { total: 3, schemaReads: 0 });

    sandbox.editSchema(sync.id, wideTableId(15), (schema) => {
      schema.fields = schema.fields?.map((f) => (f.id === 'status' ? { ...f, enabled: false } : f));
    });
    const third = await stateOf(client, uri);
    assertFieldsOf(third.differences.map((d: Json) => d.path), wideTableId(15));
    assert.equal(third.changedInPolytomic.length, 1);
    assert.ok(third.changedInPolytomic[0].startsWith(`schemas[${wideTableId(15)}]`), third.changedInPolytomic[0]);
    assert.deepEqual(takeSyncRequests(sandbox), { total: 303, schemaReads: 300 }, 'the stamp moved: every schema is read');
    const fourth = await stateOf(client, uri);
    assertFieldsOf(fourth.differences.map((d: Json) => d.path), wideTableId(15));
    assert.deepEqual(takeSyncRequests(sandbox), { total: 3, schemaReads: 0 }, 'then kept');
  });

  test('two state reads at once (two documents on one sync) share their reads', async () => {
    const sync = sandbox.createSync(wideSyncBody(2));
    const [a, b] = [await openPulled(client, sync.id), await openPulled(client, sync.id)];
    // Changed in Polytomic since the link: both reads need every schema.
    sandbox.editSchema(sync.id, wideTableId(5), (schema) => {
      schema.tracking_field = 'created_at';
    });
    takeSyncRequests(sandbox);
    const [stateA, stateB] = await Promise.all([stateOf(client, a), stateOf(client, b)]);
    assert.equal(stateA.kind, 'linked');
    assert.equal(stateB.liveText, stateA.liveText);
    // The 300 schema reads are made once between them. The sync, its list and its status (one request
    // each) are shared only when the second request asks while the first one's read is in flight, which
    // the order the server takes the two requests in decides: once or twice each.
    const made = takeSyncRequests(sandbox);
    assert.equal(made.schemaReads, 300, JSON.stringify(made));
    assert.ok(made.total >= 303 && made.total <= 306, JSON.stringify(made));
  });
});

describe('a change that moves neither the sync\'s updated_at nor its schema list', () => {
  let sandbox: Sandbox;
  let client: LspTestClient;

  before(async () => {
    sandbox = await startSandbox({ wideSourceTables: WIDE_SOURCE_TABLES, readBack: { schemaEditsKeepSyncStamp: true } });
    // A full-read period of one second instead of thirty minutes, so the test need not wait.
    client = await startAccountServer({ ...sandboxEnv(sandbox), POLYSYNC_FULL_SCHEMA_READ_MS: '1000' });
    await waitForStatus(client, 'online');
  });
  after(async () => {
    await client.close();
    await sandbox.close();
  });

  test('is seen once the kept schema reads reach the full-read period', async () => {
    const sync = sandbox.createSync(wideSyncBody(3));
    const uri = await openPulled(client, sync.id);
    assert.deepEqual((await stateOf(client, uri)).differences, []);
    sandbox.editSchema(sync.id, wideTableId(25), (schema) => {
      schema.fields = schema.fields?.map((f) => (f.id === 'status' ? { ...f, obfuscated: true } : f));
    });
    const seen = await eventually('the field change shows in the state', async () => {
      const state = await stateOf(client, uri);
      return state.differences.length > 0 ? state : undefined;
    });
    assertFieldsOf(seen.differences.map((d: Json) => d.path), wideTableId(25));
  });
});
