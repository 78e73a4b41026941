// The walkthrough ticks its steps from real use, in a real VS Code (code-server 1.100.3) with the packaged
// VSIX, driven through headless Chromium: a fresh editor shows "Get Started with Polysync" with no step
// checked; opening an example checks "Open a bulk sync file" (context key polysync.fileOpened), setting
// the sandbox's key checks "Set your API key", and opening a file linked to a sync checks "Create the bulk
// sync" (context key polysync.linkedFileOpened), each seen as the step's check mark in the page, with a
// screenshot at each step (test/e2e/artifacts/walkthrough/).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IDS } from '../sandbox/fixtures';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { FIXTURES_DIR } from './lib/paths';
import { waitUntil } from './lib/processes';
import { type Session, startSession } from './lib/session';
import type { Workbench } from './lib/workbench';

const STEP = { timeout: 120_000 };
const WALKTHROUGH = 'Get Started with Polysync';
const PREFIX = 'polysync.polysync#polysync.gettingStarted#';
const LINKED = 'linked-for-walkthrough.polysync.json';

describe('the walkthrough in VS Code (code-server) ticks its steps', { timeout: 300_000 }, () => {
  let session: Session;
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox();
    session = await startSession({ name: 'walkthrough', workspaceFixture: path.join(FIXTURES_DIR, 'workspace'), machineSettings: { 'polysync.apiUrl': sandbox.url } });
  });

  after(async () => {
    await session?.close();
    await sandbox?.close();
  });

  /** Opens the walkthrough (again) and answers which steps are checked, waiting until `expected` shows. */
  async function checkedSteps(wb: Workbench, expected: string[]): Promise<string[]> {
    await wb.runCommand('Welcome: Open Walkthrough...');
    await wb.pickQuickInput(WALKTHROUGH);
    let seen: { id: string; checked: boolean }[] = [];
    await waitUntil(
      `the checked steps to be ${JSON.stringify(expected)}`,
      async () => {
        seen = await wb.walkthroughSteps();
        const checked = seen.filter((s) => s.checked).map((s) => s.id.replace(PREFIX, ''));
        return JSON.stringify(checked) === JSON.stringify(expected) ? true : undefined;
      },
      { timeoutMs: wb.timeoutMs, explain: () => JSON.stringify(seen) },
    );
    return seen.filter((s) => s.checked).map((s) => s.id.replace(PREFIX, ''));
  }

  test('a fresh editor: no step is checked', STEP, async () => {
    await session.step('walkthrough-nothing-checked', async (wb) => {
      assert.deepEqual(await checkedSteps(wb, []), []);
      const steps = await wb.walkthroughSteps();
      assert.deepEqual(steps.map((s) => s.id.replace(PREFIX, '')), ['setApiKey', 'openExample', 'createBulkSync']);
    });
  });

  test('opening a bulk sync file checks "Open a bulk sync file", and only it', STEP, async () => {
    await session.step('walkthrough-file-opened', async (wb) => {
      await wb.openFile('orders-to-warehouse.polysync.json');
      assert.deepEqual(await checkedSteps(wb, ['openExample']), ['openExample']);
    });
  });

  test('setting the sandbox key checks "Set your API key"', STEP, async () => {
    await session.step('walkthrough-key-set', async (wb) => {
      await wb.runCommand('Polysync: Set API Key');
      await wb.inputBox('Set API Key');
      await wb.typeText(sandbox.keys.user);
      await wb.press('Enter');
      await wb.waitForNotification(/API key saved/);
      assert.deepEqual(await checkedSteps(wb, ['setApiKey', 'openExample']), ['setApiKey', 'openExample']);
    });
  });

  test('opening a file linked to a sync checks "Create the bulk sync"', STEP, async () => {
    await session.step('walkthrough-linked-file', async (wb) => {
      // A sync made in Polytomic (the sandbox), and a file linked to it, as Import or Create leave one.
      const response = await fetch(`${sandbox.url}/api/bulk/syncs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sandbox.keys.user}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Walkthrough sync',
          mode: 'replicate',
          source_connection_id: IDS.ordersDb,
          destination_connection_id: IDS.snowflake,
          destination_configuration: { schema: 'orders' },
          default_schedule: { frequency: 'manual' },
          schemas: ['public.orders'],
        }),
      });
      assert.equal(response.status, 200, await response.clone().text());
      const { data } = (await response.json()) as { data: { id: string } };
      const text = `{
  "name": "Walkthrough sync",
  "mode": "replicate",
  "source_connection_id": "${IDS.ordersDb}",
  "destination_connection_id": "${IDS.snowflake}",
  "destination_configuration": { "schema": "orders" },
  "default_schedule": { "frequency": "manual" },
  "schemas": ["public.orders"],
  "polysync": { "sync_id": "${data.id}" }
}
`;
      writeFileSync(path.join(session.workspace, LINKED), text);
      // Quick open lists a new file once the workspace's file watcher has seen it: try again until then.
      await waitUntil(`quick open to find ${LINKED}`, async () => {
        try {
          await wb.openFile(LINKED);
          return true;
        } catch {
          await wb.press('Escape');
          return undefined;
        }
      }, { timeoutMs: 90_000 });
      assert.deepEqual(await checkedSteps(wb, ['setApiKey', 'openExample', 'createBulkSync']), ['setApiKey', 'openExample', 'createBulkSync']);
    });
  });
});
