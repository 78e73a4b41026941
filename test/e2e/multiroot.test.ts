// Import Bulk Sync in a multi-root workspace (code-server opening a `.code-workspace` file with two
// folders): after the sync, the user is asked which folder to write it into, and the file lands there.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IDS } from '../sandbox/fixtures';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { FIXTURES_DIR } from './lib/paths';
import { waitUntil } from './lib/processes';
import { type Session, startSession } from './lib/session';

const STEP = { timeout: 120_000 };
const SYNC = {
  name: 'Orders to the Lake',
  mode: 'snapshot',
  source_connection_id: IDS.ordersDb,
  destination_connection_id: IDS.s3,
  destination_configuration: { format: 'parquet' },
  default_schedule: { frequency: 'manual' },
  schemas: ['public.orders'],
};
const FILE = 'orders-to-the-lake.polysync.json';

describe('Import Bulk Sync in a multi-root workspace (code-server)', { timeout: 300_000 }, () => {
  let session: Session;
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox();
    session = await startSession({
      name: 'multiroot',
      workspaceFixture: path.join(FIXTURES_DIR, 'multiroot'),
      workspaceFile: 'polysync.code-workspace',
      machineSettings: { 'polysync.apiUrl': sandbox.url },
    });
  });

  after(async () => {
    await session?.close();
    await sandbox?.close();
  });

  test('the sync is picked, then the folder; the linked file is written into the picked folder only', STEP, async () => {
    const sync = sandbox.createSync(SYNC);
    await session.step('multiroot-set-api-key', async (wb) => {
      // A Polysync file of the first folder starts the language server.
      await wb.openFile('orders-to-warehouse.polysync.json');
      await wb.runCommand('Polysync: Set API Key');
      await wb.inputBox('Set API Key');
      await wb.typeText(sandbox.keys.user);
      await wb.press('Enter');
      await wb.waitForNotification(/API key saved/);
    });
    await session.step('multiroot-folder-question', async (wb) => {
      await wb.runCommand('Polysync: Import Bulk Sync...');
      await wb.inputBox('Import Bulk Sync');
      await wb.pickQuickInput(SYNC.name, SYNC.name, { another: true });
      const folders = await waitUntil(
        'the question of which folder to write into',
        async () => {
          const rows = await wb.quickPickItems();
          // The same widget: wait until the sync's row is gone and the two folders are listed.
          return rows.some((r) => r.label === SYNC.name) || rows.length < 2 ? undefined : rows;
        },
        { timeoutMs: wb.timeoutMs, intervalMs: 200, explain: async () => `rows: ${await wb.quickInputRowTexts()}` },
      );
      assert.deepEqual(folders.map((r) => r.label), ['syncs', 'warehouse'], 'the workspace folders, in order');
      assert.ok(!existsSync(path.join(session.workspace, 'warehouse', FILE)), 'nothing is written before the answer');
      assert.ok(!existsSync(path.join(session.workspace, 'syncs', FILE)));
    });
    await session.step('multiroot-imported', async (wb) => {
      await wb.pickQuickInput('warehouse');
      await waitUntil(`the imported ${FILE} to be the active editor`, async () => (await wb.activeTabLabel()) === FILE, {
        timeoutMs: wb.timeoutMs,
        explain: async () => `active tab: ${await wb.activeTabLabel()}`,
      });
      const written = JSON.parse(readFileSync(path.join(session.workspace, 'warehouse', FILE), 'utf8'));
      assert.equal(written.polysync.sync_id, sync.id);
      assert.equal(written.name, SYNC.name);
      assert.ok(!existsSync(path.join(session.workspace, 'syncs', FILE)), 'not written into the first folder');
    });
  });
});
