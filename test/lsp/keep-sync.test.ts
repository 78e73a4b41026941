// The requests on a sync after Create, through the bundled server over stdio, with its environment
// pointing at the sandbox API on 127.0.0.1: import (list, pull), the state of a linked document,
// update and run; against a mirror sandbox and a realistic one (see test/sandbox/readBack.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MIRROR, REALISTIC } from '../sandbox/readBack';
import { DEMO_SYNC_ID, type Sandbox, startSandbox } from '../sandbox/server';
import { freshUri, IDS, sandboxEnv, startAccountServer, waitForStatus } from './account-helpers';
import type { LspTestClient } from './harness';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const EXAMPLE = readFileSync(path.join(__dirname, '..', '..', 'examples', 'salesforce-nightly.polysync.json'), 'utf8');

/** The requests on bulk syncs the sandbox received since `index` (account data loads in the background meanwhile). */
const syncRequestsSince = (sandbox: Sandbox, index: number): string[] =>
  sandbox.state.requests.slice(index).filter((r) => r.path.startsWith('/api/bulk/')).map((r) => `${r.method} ${r.path}`);

for (const [modeName, readBack] of [['mirror', MIRROR], ['realistic', REALISTIC]] as const) describe(`keeping a sync over stdio (${modeName} read-back)`, () => {
  let sandbox: Sandbox;
  let client: LspTestClient;

  before(async () => {
    sandbox = await startSandbox({ seed: true, executions: { durationMs: 60_000 }, readBack });
    client = await startAccountServer(sandboxEnv(sandbox));
    await waitForStatus(client, 'online');
  });
  after(async () => {
    await client.close();
    await sandbox.close();
  });

  test('import: the account\'s syncs with connection names and the schedule in words, and a linked file for one', async () => {
    const list: Json = await client.request('polysync/listBulkSyncs', null);
    assert.equal(list.kind, 'ok');
    const demo = list.syncs.find((s: Json) => s.id === DEMO_SYNC_ID);
    assert.deepEqual(
      { source: demo.sourceConnectionName, destination: demo.destinationConnectionName, name: demo.name },
      { source: 'Salesforce Production', destination: 'Snowflake Warehouse', name: 'Salesforce to Snowflake (nightly)' },
    );
    assert.match(demo.schedule, /02:30/);
    const pulled: Json = await client.request('polysync/pullBulkSync', { syncId: DEMO_SYNC_ID });
    assert.equal(pulled.kind, 'ok');
    assert.equal(pulled.fileName, 'salesforce-to-snowflake-nightly.polysync.json');
    assert.equal(pulled.text, EXAMPLE.split('\n').filter((l) => !l.includes('$schema') && !l.trimStart().startsWith('//')).join('\n'));
    const missing: Json = await client.request('polysync/pullBulkSync', { syncId: '0f0f0f0f-0000-4000-8000-000000000000' });
    assert.equal(missing.kind, 'failed');
    assert.equal(missing.notFound, true);
  });

  test('state of a linked document: no differences, the last run, the next run; an edit shows as a difference', async () => {
    const uri = freshUri('linked');
    client.open(uri, EXAMPLE, 'polysync', 1);
    const state: Json = await client.request('polysync/bulkSyncState', { textDocument: { uri, version: 1 } });
    assert.equal(state.kind, 'linked', JSON.stringify(state));
    assert.deepEqual(state.differences, []);
    assert.deepEqual(state.changedInPolytomic, []);
    assert.equal(state.execution.status, 'completed');
    assert.equal(state.running, false);
    assert.match(state.nextRun, /T02:30:00\.000Z$/);
    assert.equal(state.appUrl, `${sandbox.url}/bulk/syncs/${DEMO_SYNC_ID}`);

    // The hour changed in the app and in the file; normalize_names, which the file leaves to the app,
    // changed in the app only: not a difference, and the update keeps it.
    sandbox.editSync(DEMO_SYNC_ID, (s) => {
      s.normalize_names = 'legacy';
      s.default_schedule = { ...s.default_schedule!, hour: '3' };
    });
    const edited = EXAMPLE.replace('"hour": "2"', '"hour": "4"');
    client.change(uri, 2, [{ text: edited }]);
    const after: Json = await client.request('polysync/bulkSyncState', { textDocument: { uri, version: 2 } });
    assert.deepEqual(after.differences, [{ path: 'default_schedule.hour', file: '4', live: '3', editedInFile: true, changedInPolytomic: true, discovered: false }]);
    assert.deepEqual(after.changedInPolytomic, ['default_schedule.hour']);
    assert.equal(after.changedBy, 'Dana Example');
    assert.equal(after.changedAt, sandbox.state.stored.get(DEMO_SYNC_ID)!.sync.updated_at);
    assert.equal(after.changedUnnamed, false);

    const planned: Json = await client.request('polysync/updateBulkSync', { textDocument: { uri, version: 2 } });
    assert.equal(planned.kind, 'planned', 'a change in Polytomic the update would overwrite stops it');
    assert.deepEqual(planned.plan.conflicts, ['default_schedule.hour']);
    assert.ok(planned.plan.carried.includes('normalize_names'), JSON.stringify(planned.plan.carried));
    const forced: Json = await client.request('polysync/updateBulkSync', { textDocument: { uri, version: 2 }, force: true });
    assert.equal(forced.kind, 'updated', JSON.stringify(forced));
    assert.deepEqual(forced.notTaken, []);
    assert.equal(sandbox.state.stored.get(DEMO_SYNC_ID)!.sync.normalize_names, 'legacy');
    const relinked = TextDocument.applyEdits(TextDocument.create(uri, 'polysync', 2, edited), [forced.linkEdit]);
    const linkAt = edited.indexOf('"polysync"');
    assert.equal(relinked.slice(0, linkAt), edited.slice(0, linkAt), 'only the link changes');
    assert.ok(forced.linkEdit.range.start.line >= edited.slice(0, linkAt).split('\n').length - 1, 'the edit is the link, not the whole file');
    assert.equal(sandbox.state.stored.get(DEMO_SYNC_ID)!.sync.default_schedule!.hour, '4');
    client.change(uri, 3, [{ text: relinked }]);
    const current: Json = await client.request('polysync/bulkSyncState', { textDocument: { uri, version: 3 } });
    assert.deepEqual([current.differences, current.changedInPolytomic], [[], []]);

    const stale: Json = await client.request('polysync/bulkSyncState', { textDocument: { uri, version: 2 } });
    assert.deepEqual([stale.kind, stale.reason], ['blocked', 'stale']);
  });

  test('update reads the sync back: a field the API did not take is named in notTaken, and still differs', async () => {
    const uri = freshUri('not-taken');
    const renamed = EXAMPLE.replace('"name": "Salesforce to Snowflake (nightly)"', '"name": "Salesforce nightly"');
    assert.notEqual(renamed, EXAMPLE);
    client.open(uri, renamed, 'polysync', 1);
    // The demo sync as the example's link recorded it (the test above updated it).
    sandbox.reset();
    sandbox.seedDemo();
    sandbox.setReadBack({ putKeeps: ['name'] });
    try {
      const updated: Json = await client.request('polysync/updateBulkSync', { textDocument: { uri, version: 1 } });
      assert.equal(updated.kind, 'updated', JSON.stringify(updated));
      assert.deepEqual(updated.notTaken, ['name']);
      const relinked = TextDocument.applyEdits(TextDocument.create(uri, 'polysync', 1, renamed), [updated.linkEdit]);
      client.change(uri, 2, [{ text: relinked }]);
      const state: Json = await client.request('polysync/bulkSyncState', { textDocument: { uri, version: 2 } });
      assert.deepEqual(state.differences.map((d: Json) => d.path), ['name']);
    } finally {
      sandbox.setReadBack({ putKeeps: readBack.putKeeps });
    }
  });

  test('update of an up-to-date file with a link from before bases sends nothing and answers the link with a base', async () => {
    const uri = freshUri('old-link');
    sandbox.reset();
    sandbox.seedDemo();
    const updatedAt = sandbox.state.stored.get(DEMO_SYNC_ID)!.sync.updated_at;
    const old = EXAMPLE.replace(/"polysync": \{[\s\S]*\}\n\}\n$/, `"polysync": {\n    "sync_id": "${DEMO_SYNC_ID}",\n    "updated_at": "${updatedAt}",\n    "fingerprints": { "name": "fb2412db497f" }\n  }\n}\n`);
    assert.ok(old.includes('fingerprints') && !old.includes('"base"'));
    client.open(uri, old, 'polysync', 1);
    const since = sandbox.state.requests.length;
    for (const dryRun of [true, false]) {
      const answer: Json = await client.request('polysync/updateBulkSync', { textDocument: { uri, version: 1 }, dryRun });
      assert.equal(answer.kind, 'up-to-date', JSON.stringify(answer));
      assert.ok(answer.linkEdit, `dryRun ${dryRun}: the link with a base is answered`);
      const renewed = TextDocument.applyEdits(TextDocument.create(uri, 'polysync', 1, old), [answer.linkEdit]);
      const linkAt = old.indexOf('"polysync"');
      assert.equal(renewed.slice(0, linkAt), old.slice(0, linkAt), 'only the link changes');
      assert.match(renewed, /"base": "b1\.[A-Za-z0-9_-]+"/);
      assert.ok(!renewed.includes('fingerprints'));
    }
    assert.deepEqual(syncRequestsSince(sandbox, since).filter((r) => !r.startsWith('GET ')), [], 'nothing is sent');
    const answer: Json = await client.request('polysync/updateBulkSync', { textDocument: { uri, version: 1 }, dryRun: true });
    client.change(uri, 2, [{ text: TextDocument.applyEdits(TextDocument.create(uri, 'polysync', 1, old), [answer.linkEdit]) }]);
    const state: Json = await client.request('polysync/bulkSyncState', { textDocument: { uri, version: 2 } });
    assert.deepEqual([state.differences, state.changedUnnamed], [[], false]);
    const again: Json = await client.request('polysync/updateBulkSync', { textDocument: { uri, version: 2 }, dryRun: true });
    assert.deepEqual(again, { kind: 'up-to-date', syncId: DEMO_SYNC_ID }, 'a link with a base is not rewritten');
  });

  test('run: started, then already running', async () => {
    const uri = freshUri('run');
    client.open(uri, EXAMPLE, 'polysync', 1);
    const started: Json = await client.request('polysync/runBulkSync', { textDocument: { uri, version: 1 } });
    assert.equal(started.kind, 'started');
    const again: Json = await client.request('polysync/runBulkSync', { textDocument: { uri, version: 1 } });
    assert.equal(again.kind, 'already-running');
    assert.equal(again.execution.id, started.execution.id);
    const following: Json = await client.request('polysync/bulkSyncExecution', { syncId: DEMO_SYNC_ID });
    assert.deepEqual([following.kind, following.running, following.execution.id], ['ok', true, started.execution.id]);
    assert.match(following.nextRun, /T\d\d:30:00\.000Z$/, 'the next run of the daily schedule');
    const gone: Json = await client.request('polysync/bulkSyncExecution', { syncId: '0f0f0f0f-0000-4000-8000-000000000000' });
    assert.deepEqual([gone.kind, gone.notFound], ['failed', true]);
    const unlinked = freshUri('plain');
    client.open(unlinked, '{ "name": "x" }', 'polysync', 1);
    const state: Json = await client.request('polysync/bulkSyncState', { textDocument: { uri: unlinked, version: 1 } });
    assert.equal(state.kind, 'unlinked');
  });

  test('many linked documents at once: their states are read at most four requests at a time', async () => {
    const docs = Array.from({ length: 12 }, (_, i) => freshUri(`many-${i}`));
    docs.forEach((uri) => client.open(uri, EXAMPLE, 'polysync', 1));
    sandbox.state.peakInFlight = 0;
    sandbox.setFault({ type: 'latency', phase: 'before-headers', ms: 40 });
    try {
      const states: Json[] = await Promise.all(docs.map((uri) => client.request('polysync/bulkSyncState', { textDocument: { uri, version: 1 } })));
      assert.deepEqual(states.map((s) => s.kind), docs.map(() => 'linked'));
    } finally {
      sandbox.setFault(null);
    }
    // Twelve documents ask for 36 reads (the sync, its schemas, its status) and more for each schema.
    assert.ok(sandbox.state.peakInFlight <= 4, `peak ${sandbox.state.peakInFlight} requests in flight`);
    assert.ok(sandbox.state.peakInFlight >= 2, 'they did run side by side');
  });

  test('under the API\'s rate limit, the clients of the server share one gate per API URL: the server says so once it lowers it', async () => {
    const docs = Array.from({ length: 12 }, (_, i) => freshUri(`limited-${i}`));
    docs.forEach((uri) => client.open(uri, EXAMPLE, 'polysync', 1));
    const before = client.notifications.length;
    sandbox.setReadBack({ rateLimit: { concurrent: 1, retryAfterMs: 20 } });
    sandbox.setFault({ type: 'latency', phase: 'before-headers', ms: 40 });
    try {
      const states: Json[] = await Promise.all(docs.map((uri) => client.request('polysync/bulkSyncState', { textDocument: { uri, version: 1 } })));
      assert.deepEqual(states.map((s) => s.kind), docs.map(() => 'linked'), 'every state read, none dropped');
      assert.ok(sandbox.state.requests.some((r) => r.status === 429), 'the limit was met');
    } finally {
      sandbox.setFault(null);
      sandbox.reset();
      sandbox.seedDemo();
    }
    const lines = client.notifications.slice(before).filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message);
    assert.ok(lines.some((l) => l.startsWith(`rate limiting at ${sandbox.url}: at most `)), lines.join('\n'));
    assert.ok(!lines.some((l) => l.includes('rate limiting: at most')), `no client lowered a gate of its own:\n${lines.join('\n')}`);
  });

  test('update runs the checks Create runs, account checks included: a destination the account does not have is refused (PS301), nothing is sent', async () => {
    const missing = '0e0e0e0e-1111-4222-8333-444455556666';
    const linked = EXAMPLE.replace(`"destination_connection_id": "${IDS.snowflake}"`, `"destination_connection_id": "${missing}"`);
    assert.notEqual(linked, EXAMPLE);
    const uri = freshUri('unknown-destination');
    client.open(uri, linked, 'polysync', 1);
    const before = sandbox.state.requests.length;
    const update: Json = await client.request('polysync/updateBulkSync', { textDocument: { uri, version: 1 }, force: true });
    assert.deepEqual([update.kind, update.reason], ['blocked', 'document'], JSON.stringify(update));
    assert.match(update.message, /^1 problem must be fixed first\. Nothing was sent\.$/);
    const sent = sandbox.state.requests.slice(before).filter((r) => r.method !== 'GET');
    assert.deepEqual(sent.map((r) => `${r.method} ${r.path}`), [], 'no PUT or PATCH reached the API');
    assert.equal(sandbox.state.stored.get(DEMO_SYNC_ID)!.sync.destination_connection_id, IDS.snowflake);

    // Create refuses the same text (without the link) for the same reason.
    const unlinkedUri = freshUri('unknown-destination-unlinked');
    client.open(unlinkedUri, linked.replace(/,\s*"polysync":\s*\{[\s\S]*\}\s*\}\s*$/, '\n}\n'), 'polysync', 1);
    const create: Json = await client.request('polysync/createBulkSync', { textDocument: { uri: unlinkedUri, version: 1 }, dryRun: true });
    assert.deepEqual([create.kind, create.reason], ['blocked', 'document'], JSON.stringify(create));
    assert.deepEqual(create.errors.map((e: Json) => e.code), ['PS301']);
  });

  test('the requests on a linked document answer clearly for a document Polysync does not analyse, and send nothing', async () => {
    const before = sandbox.state.requests.length;
    const notOpen: Json = await client.request('polysync/bulkSyncState', { textDocument: { uri: freshUri('never-opened'), version: 1 } });
    assert.deepEqual([notOpen.kind, notOpen.reason], ['blocked', 'stale']);
    assert.match(notOpen.message, /not open/);

    // Plain JSON without Polysync's $schema is not a Polysync document: not compared, not updated, not run.
    const other = 'file:///tmp/keep-sync/not-polysync.json';
    client.open(other, EXAMPLE.replace(/^\s*"\$schema".*\n/m, ''), 'json', 1);
    for (const method of ['polysync/bulkSyncState', 'polysync/updateBulkSync', 'polysync/runBulkSync']) {
      const answer: Json = await client.request(method, { textDocument: { uri: other, version: 1 } });
      assert.deepEqual([answer.kind, answer.reason], ['blocked', 'document'], `${method}: ${JSON.stringify(answer)}`);
      assert.match(answer.message, /not a Polysync document/);
    }
    assert.deepEqual(syncRequestsSince(sandbox, before), [], 'nothing was asked of the API about syncs');
  });
});

describe('keeping a sync over stdio, with a small size limit', () => {
  let sandbox: Sandbox;
  let client: LspTestClient;

  before(async () => {
    sandbox = await startSandbox({ seed: true });
    client = await startAccountServer(sandboxEnv(sandbox), { initializationOptions: { maxDocumentBytes: 4096 } });
    await waitForStatus(client, 'online');
  });
  after(async () => {
    await client.close();
    await sandbox.close();
  });

  test('a linked document over the size limit is neither compared, updated nor run; under it, it is', async () => {
    const uri = freshUri('oversized');
    const big = EXAMPLE.replace('"name": "Salesforce to Snowflake (nightly)"', `"name": "Salesforce to Snowflake (nightly)"${' '.repeat(3000)}`);
    assert.ok(Buffer.byteLength(big) > 4096 && Buffer.byteLength(EXAMPLE) < 4096);
    client.open(uri, big, 'polysync', 1);
    const before = sandbox.state.requests.length;
    for (const method of ['polysync/bulkSyncState', 'polysync/updateBulkSync', 'polysync/runBulkSync']) {
      const answer: Json = await client.request(method, { textDocument: { uri, version: 1 }, force: true });
      assert.deepEqual([answer.kind, answer.reason], ['blocked', 'document'], `${method}: ${JSON.stringify(answer)}`);
      assert.match(answer.message, /larger than the size limit \(\d+ bytes of 4096\)/);
    }
    assert.deepEqual(syncRequestsSince(sandbox, before), [], 'nothing was asked of the API about syncs');
    client.change(uri, 2, [{ text: EXAMPLE }]);
    const state: Json = await client.request('polysync/bulkSyncState', { textDocument: { uri, version: 2 } });
    assert.equal(state.kind, 'linked', JSON.stringify(state));
  });
});
