// What the language server writes to the editor's log (window/logMessage): each API request of a linked
// sync's reading is a debug line, so the Polysync output at its default level (info) holds what a person
// reads: the start, the account's state, results, failures.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { freshUri, sandboxEnv, startAccountServer, waitForStatus } from './account-helpers';
import type { LspTestClient } from './harness';

const EXAMPLE = readFileSync(path.join(__dirname, '..', '..', 'examples', 'salesforce-nightly.polysync.json'), 'utf8');
/** LSP MessageType. */
const INFO = 3;
const DEBUG = 5;

describe('log levels of the language server', () => {
  let sandbox: Sandbox;
  let client: LspTestClient;
  before(async () => {
    sandbox = await startSandbox({ seed: true });
    client = await startAccountServer(sandboxEnv(sandbox));
    await waitForStatus(client, 'online');
  });
  after(async () => {
    await client.close();
    await sandbox.close();
  });

  test('API requests are debug lines; the start is an info line', async () => {
    const uri = freshUri('logged');
    client.open(uri, EXAMPLE, 'polysync', 1);
    const state = (await client.request('polysync/bulkSyncState', { textDocument: { uri, version: 1 } })) as { kind: string };
    assert.equal(state.kind, 'linked');
    const logs = client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => n.params as { type: number; message: string });
    const requests = logs.filter((l) => /^GET \/api\//.test(l.message));
    assert.ok(requests.length > 0, `the requests are logged: ${JSON.stringify(logs)}`);
    assert.deepEqual([...new Set(requests.map((l) => l.type))], [DEBUG], JSON.stringify(requests));
    assert.ok(logs.some((l) => l.type === INFO && /language server .* started/.test(l.message)), JSON.stringify(logs.filter((l) => l.type === INFO)));
  });
});
