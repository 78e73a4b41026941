// The requests on a sync after Create, each carrying the account a workspace's syncs are at (`account`:
// the API URL the user chose for the workspace, with the key stored for THAT URL), through the bundled
// server over stdio, against two sandboxes on 127.0.0.1. The server's own account is the first sandbox
// (the user URL); the sync lives only in the second (the URL the workspace names). State (Show Changes),
// update, run, the run's status, list and pull must reach the second with its own key, and the first must
// see none of them; an account without its key, or a URL without its account, sends nothing anywhere.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MIRROR, REALISTIC, type ReadBack } from '../sandbox/readBack';
import { DEMO_SYNC_ID, type Sandbox } from '../sandbox/server';
import { eventually, freshUri, startTwoAccounts, type TwoAccounts } from '../lsp/account-helpers';
import type { LspTestClient } from '../lsp/harness';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const EXAMPLE = readFileSync(path.join(__dirname, '..', '..', 'examples', 'salesforce-nightly.polysync.json'), 'utf8');
const NAMED_KEYS = { user: 'named-sandbox-user-key-5d1e', readonly: 'named-sandbox-readonly-key', organization: 'named-sandbox-org-key' };
const PLANTED = 'PLANTED-workspace-key-4a7c90e2b6d1';

/** Requests on bulk syncs, as `METHOD path principal`. */
const syncRequests = (sandbox: Sandbox, since = 0) =>
  sandbox.state.requests.slice(since).filter((r) => r.path.startsWith('/api/bulk/')).map((r) => `${r.method} ${r.path} ${r.principal ?? 'unknown-key'}`);

// Both ways the named URL's API may read syncs back (readBack.ts): Update checks what it kept either way.
for (const [mode, readBack] of [['mirror', MIRROR], ['realistic', REALISTIC]] as [string, ReadBack][]) {
  describe(`the requests on a workspace's syncs go with the account they carry (${mode} read-back)`, () => {
    let user: Sandbox;
    let named: Sandbox;
    let client: LspTestClient;
    let account: Json;

    let accounts: TwoAccounts | undefined;

    before(async () => {
      // Only the named sandbox has the sync: a request that went to the user URL would answer 404 there.
      accounts = await startTwoAccounts({ seed: true, keys: NAMED_KEYS, executions: { durationMs: 60_000 }, readBack });
      ({ user, named, client, account } = accounts);
    });
    after(async () => {
      await accounts?.close();
    });

    test('without the account, the state is read at the user URL: the sync is not found there (what the workspace saw before)', async () => {
      const uri = freshUri('no-account');
      client.open(uri, EXAMPLE, 'polysync', 1);
      const since = named.state.requests.length;
      const state: Json = await client.request('polysync/bulkSyncState', { textDocument: { uri, version: 1 } });
      assert.deepEqual([state.kind, state.notFound], ['failed', true], JSON.stringify(state));
      assert.deepEqual(syncRequests(named, since), []);
      // The state's status read went out beside the sync's and may arrive after the 404 answered: waited
      // for here, so it is not taken for a request of the next test.
      await eventually('the status read at the user URL', async () => (user.state.requests.some((r) => r.path === `/api/bulk/syncs/${DEMO_SYNC_ID}/status`) ? true : undefined));
    });

    test('state (Show Changes), update, run, the run\'s status, list and pull reach the named URL with its key; the user URL sees none', async () => {
      const userBefore = user.state.requests.length;
      const uri = freshUri('named');
      client.open(uri, EXAMPLE, 'polysync', 1);

      const state: Json = await client.request('polysync/bulkSyncState', { textDocument: { uri, version: 1 }, account });
      assert.equal(state.kind, 'linked', JSON.stringify(state));
      assert.deepEqual(state.differences, [], 'no differences: Show Changes says so');
      assert.equal(state.appUrl, `${named.url}/bulk/syncs/${DEMO_SYNC_ID}`, 'Open in Polytomic names the sync where it lives');

      const edited = EXAMPLE.replace('"hour": "2"', '"hour": "4"');
      client.change(uri, 2, [{ text: edited }]);
      const diff: Json = await client.request('polysync/bulkSyncState', { textDocument: { uri, version: 2 }, account });
      assert.deepEqual(diff.differences.map((d: Json) => [d.path, d.file, d.live]), [['default_schedule.hour', '4', '2']]);
      const planned: Json = await client.request('polysync/updateBulkSync', { textDocument: { uri, version: 2 }, dryRun: true, account });
      assert.equal(planned.kind, 'planned', JSON.stringify(planned));
      const updated: Json = await client.request('polysync/updateBulkSync', { textDocument: { uri, version: 2 }, account });
      assert.equal(updated.kind, 'updated', JSON.stringify(updated));
      assert.equal(named.state.stored.get(DEMO_SYNC_ID)!.sync.default_schedule!.hour, '4');

      const started: Json = await client.request('polysync/runBulkSync', { textDocument: { uri, version: 2 }, account });
      assert.equal(started.kind, 'started', JSON.stringify(started));
      const following: Json = await client.request('polysync/bulkSyncExecution', { syncId: DEMO_SYNC_ID, account });
      assert.deepEqual([following.kind, following.running, following.execution?.id], ['ok', true, started.execution.id]);

      const list: Json = await client.request('polysync/listBulkSyncs', { account });
      assert.deepEqual(list.syncs?.map((s: Json) => s.id), [DEMO_SYNC_ID], JSON.stringify(list));
      const pulled: Json = await client.request('polysync/pullBulkSync', { syncId: DEMO_SYNC_ID, account });
      assert.equal(pulled.kind, 'ok', JSON.stringify(pulled));

      const reached = syncRequests(named);
      for (const expected of [`GET /api/bulk/syncs/${DEMO_SYNC_ID} user`, `PUT /api/bulk/syncs/${DEMO_SYNC_ID} user`, `POST /api/bulk/syncs/${DEMO_SYNC_ID}/executions user`, `GET /api/bulk/syncs/${DEMO_SYNC_ID}/status user`, 'GET /api/bulk/syncs user']) {
        assert.ok(reached.includes(expected), `${expected} reached the named URL; it saw: ${reached.join(', ')}`);
      }
      assert.ok(reached.every((r) => r.endsWith(' user')), 'every request carried the key stored for the named URL');
      assert.deepEqual(syncRequests(user, userBefore), [], 'the user URL saw none of them');
      assert.deepEqual(user.state.requests.slice(userBefore).filter((r) => r.headers.authorization?.includes(NAMED_KEYS.user)), [], 'nor the named URL\'s key');
    });

    test('an account without its key, a URL without its account, an account without its URL: nothing is sent anywhere', async () => {
      const uri = freshUri('refused');
      client.open(uri, EXAMPLE, 'polysync', 1);
      const plain = freshUri('plain');
      client.open(plain, '{ "name": "x" }', 'polysync', 1);
      const userBefore = user.state.requests.length;
      const namedBefore = named.state.requests.length;
      const keyless = { apiUrl: named.url, keyKind: 'user' };
      const textDocument = { uri, version: 1 };

      const noKey: Json = await client.request('polysync/bulkSyncState', { textDocument, account: keyless });
      assert.deepEqual([noKey.kind, noKey.reason, noKey.message], ['blocked', 'signed-out', `No Polytomic API key is set for ${named.url}. Nothing was sent.`]);
      for (const [method, params] of [
        ['polysync/updateBulkSync', { textDocument, account: keyless }],
        ['polysync/runBulkSync', { textDocument, account: keyless }],
        ['polysync/bulkSyncExecution', { syncId: DEMO_SYNC_ID, account: keyless }],
        ['polysync/listBulkSyncs', { account: keyless }],
        ['polysync/pullBulkSync', { syncId: DEMO_SYNC_ID, account: keyless }],
      ] as const) {
        const answer: Json = await client.request(method, params);
        assert.deepEqual([answer.kind, answer.reason], ['blocked', 'signed-out'], `${method}: ${JSON.stringify(answer)}`);
      }
      // What needs no API is still answered: a file that is not linked keeps its Create lens.
      const unlinked: Json = await client.request('polysync/bulkSyncState', { textDocument: { uri: plain, version: 1 }, account: keyless });
      assert.equal(unlinked.kind, 'unlinked');

      const urlAlone: Json = await client.request('polysync/runBulkSync', { textDocument, apiUrl: named.url });
      assert.deepEqual([urlAlone.kind, urlAlone.reason, urlAlone.setting], ['blocked', 'settings', 'polysync.apiUrl']);
      const noUrl: Json = await client.request('polysync/updateBulkSync', { textDocument, account: { apiKey: NAMED_KEYS.user } });
      assert.deepEqual([noUrl.kind, noUrl.reason, noUrl.setting], ['blocked', 'settings', 'polysync.apiUrl']);

      assert.deepEqual(syncRequests(user, userBefore), []);
      assert.deepEqual(syncRequests(named, namedBefore), []);
    });

    test('a key the named URL refuses (401) appears in no answer and no line the server wrote', async () => {
      const uri = freshUri('planted');
      client.open(uri, EXAMPLE, 'polysync', 1);
      const namedBefore = named.state.requests.length;
      named.setFault({ type: 'status', status: 400, body: 'echo' });
      let answers: Json[];
      try {
        answers = [
          await client.request('polysync/bulkSyncState', { textDocument: { uri, version: 1 }, account: { ...account, apiKey: PLANTED } }),
          await client.request('polysync/runBulkSync', { textDocument: { uri, version: 1 }, account: { ...account, apiKey: PLANTED } }),
        ];
      } finally {
        named.setFault(null);
      }
      assert.ok(answers.every((a) => a.kind === 'failed'), JSON.stringify(answers));
      assert.ok(named.state.requests.slice(namedBefore).some((r) => r.headers.authorization === `Bearer ${PLANTED}`), 'the planted key did reach the named URL, so its echo was real');
      const everything = JSON.stringify(answers) + client.stderr() + JSON.stringify(client.notifications);
      assert.ok(!everything.includes(PLANTED), 'the key is in no answer, log line or notification');
      assert.ok(!everything.includes(NAMED_KEYS.user), 'nor the key of the earlier requests');
    });
  });
}
