// Create at an API URL a workspace names, in a real VS Code (code-server 1.100.3) with the packaged VSIX,
// against two sandboxes on 127.0.0.1 (two ports, each with keys of its own). The user URL is one sandbox
// (Machine settings); the workspace's .vscode/settings.json names the other. Create asks before using
// the workspace's URL (a modal dialog, clicked here: the extension-host suite cannot answer one, VS Code
// refuses dialogs while extension tests run); with no key stored for that URL it says so and offers Set
// API Key for THAT URL; then Create sends that URL's key to it and nothing to the user URL, and Show
// Changes on the file it linked reads the sync there ("No differences"), never at the user URL. The
// Problems view follows the same answer: a file naming a connection only the workspace URL's account has
// is PS301 while the user URL's account answers, and no longer once the key for the workspace URL is
// stored (the extension hands the server that account at once), and a terminal opened then gets that URL
// and its key. The same the other way round, in a second editor.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IDS } from '../sandbox/fixtures';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { FIXTURES_DIR } from './lib/paths';
import { waitUntil } from './lib/processes';
import { type Session, startSession } from './lib/session';

const STEP = { timeout: 90_000 };
const FILE = 'orders-to-warehouse.polysync.json';
/** A file whose source only the workspace URL's account has (its sandbox's extra "Wide Warehouse"). */
const WIDE = 'wide-to-warehouse.polysync.json';
const WIDE_TEXT = JSON.stringify({
  name: 'Wide to Warehouse',
  mode: 'replicate',
  source_connection_id: IDS.wideDb,
  destination_connection_id: IDS.snowflake,
  destination_configuration: { schema: 'wide' },
  default_schedule: { frequency: 'daily', hour: '3', minute: '15' },
}, null, 2) + '\n';
const isUnknownWide = (row: { file: string; code: string; message: string }) => row.file === WIDE && row.code.includes('PS301') && row.message.includes(IDS.wideDb);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const creates = (sandbox: Sandbox) => sandbox.state.requests.filter((r) => r.method === 'POST' && r.path === '/api/bulk/syncs');
/** Requests on bulk syncs (reads, updates, runs, lists), as opposed to the account data every editor reads. */
const syncRequests = (sandbox: Sandbox) => sandbox.state.requests.filter((r) => r.path.startsWith('/api/bulk/'));
/** Requests that carried a key this sandbox does not know (another sandbox's, say). */
const foreignKeys = (sandbox: Sandbox) => sandbox.state.requests.filter((r) => r.headers.authorization && !r.principal);

for (const direction of ['the workspace names the second sandbox', 'the other way round: the workspace names the first sandbox'] as const) {
  describe(`Create at a URL the workspace names (${direction})`, { timeout: 300_000 }, () => {
    let first: Sandbox;
    let second: Sandbox;
    let session: Session;
    /** The user URL's API, and the one the workspace names. */
    let user: Sandbox;
    let named: Sandbox;

    before(async () => {
      const secondIsNamed = direction.startsWith('the workspace names the second');
      // Only the named URL's account has the Wide Warehouse connection.
      first = await startSandbox({ ...(secondIsNamed ? {} : { wideSourceTables: 2 }) });
      second = await startSandbox({ keys: { user: 'second-sandbox-user-key', readonly: 'second-sandbox-readonly-key', organization: 'second-sandbox-org-key' }, ...(secondIsNamed ? { wideSourceTables: 2 } : {}) });
      [user, named] = secondIsNamed ? [first, second] : [second, first];
      session = await startSession({ name: direction.startsWith('the other') ? 'workspace-url-reverse' : 'workspace-url', workspaceFixture: path.join(FIXTURES_DIR, 'workspace'), machineSettings: { 'polysync.apiUrl': user.url } });
      // As a person writes it: VS Code does not apply a machine setting from here, Create reads the file.
      mkdirSync(path.join(session.workspace, '.vscode'), { recursive: true });
      writeFileSync(path.join(session.workspace, '.vscode', 'settings.json'), `{\n  // the team's API\n  "polysync.apiUrl": "${named.url}",\n}\n`);
      writeFileSync(path.join(session.workspace, WIDE), WIDE_TEXT);
    });

    after(async () => {
      await session?.close();
      await first?.close();
      await second?.close();
    });

    test('the key for the user URL is set from the command palette', STEP, async () => {
      await session.step('set-user-url-key', async (wb) => {
        await wb.openFile(FILE);
        await wb.runCommand('Polysync: Set API Key');
        await wb.inputBox('Set API Key');
        await wb.typeText(user.keys.user);
        await wb.press('Enter');
        await wb.waitForNotification(new RegExp(`API key saved in VS Code secret storage, for ${escape(user.url)} only`));
      });
    });

    test('before any answer, the Problems view checks against the user URL\'s account: the workspace\'s connection is unknown there (PS301)', STEP, async () => {
      await session.step('ps301-from-user-url', async (wb) => {
        await wb.openFile(WIDE);
        await wb.waitForProblem('PS301 for the Wide Warehouse id', isUnknownWide);
        await wb.openFile(FILE);
      });
    });

    test('Create asks before using the workspace URL; with no key for it, nothing is sent and Set API Key is for that URL', STEP, async () => {
      await session.step('asked-no-key-for-workspace-url', async (wb) => {
        await wb.runCommand('Polysync: Create Bulk Sync');
        const dialog = await wb.dialog();
        assert.match(dialog.message, new RegExp(`^This workspace keeps its bulk syncs at ${escape(named.url)}\\. Use that API URL for this workspace's syncs`));
        await wb.clickDialogButton(`Use ${named.url}`);
        const notice = new RegExp(`No API key is stored for ${escape(named.url)}, so nothing was sent there`);
        await wb.waitForNotification(notice);
        assert.deepEqual([creates(first).length, creates(second).length], [0, 0], 'nothing was created anywhere');
        await wb.clickNotificationButton(notice, 'Set API Key');
        await wb.inputBox('Set API Key');
        // The prompt names the URL the key is for.
        assert.match(await wb.page.locator('.quick-input-message').first().innerText(), new RegExp(`API key for ${escape(named.url)}`));
        await wb.typeText(named.keys.user);
        await wb.press('Enter');
        await wb.waitForNotification(new RegExp(`API key saved in VS Code secret storage, for ${escape(named.url)} only`));
      });
    });

    test('with the answer and its key, the Problems view checks against the workspace URL\'s account, read with its key', STEP, async () => {
      await session.step('account-data-at-workspace-url', async (wb) => {
        // Told to the server as soon as the key was stored: nothing else has read the workspace URL's account yet.
        await waitUntil('the account data read at the workspace URL', async () => (named.state.requests.some((r) => r.path === '/api/connections') ? true : undefined), { timeoutMs: 30_000, intervalMs: 200 });
        await wb.openFile(WIDE);
        await wb.waitForNoProblem('PS301 for the Wide Warehouse id', isUnknownWide);
        const reads = named.state.requests.filter((r) => r.path.startsWith('/api/connections'));
        assert.ok(reads.every((r) => r.principal === 'user'), 'with the key stored for it');
        assert.deepEqual(foreignKeys(named).map((r) => `${r.method} ${r.path}`), [], 'no request to the workspace URL carried the user URL\'s key');
        await wb.openFile(FILE);
      });
    });

    test('a terminal opened now gets the workspace URL and the key stored for it', STEP, async () => {
      const out = path.join(os.tmpdir(), `polysync-e2e-terminal-${process.pid}-${Date.now()}.txt`);
      try {
        await session.step('terminal-at-workspace-url', async (wb) => {
          await wb.runCommand('Terminal: Create New Terminal');
          // Typed only once the terminal has the keyboard, so nothing lands in the editor.
          await wb.page.locator('.xterm-helper-textarea:focus').first().waitFor({ state: 'attached', timeout: 20_000 });
          // The key is compared by its hash: the test writes no key to a file.
          // One simple command in a shell of its own, so the terminal's shell integration writes nothing into the file.
          await wb.typeText(`sh -c 'echo "$POLYTOMIC_API_URL"; printf %s "$POLYTOMIC_API_KEY" | sha256sum | cut -c1-64' > '${out}.tmp' && mv '${out}.tmp' '${out}'`);
          await wb.press('Enter');
          const text = await waitUntil(`${out} written by the terminal`, () => {
            try {
              return readFileSync(out, 'utf8');
            } catch {
              return undefined;
            }
          }, { timeoutMs: 30_000, intervalMs: 200 });
          const sha = (key: string) => createHash('sha256').update(key).digest('hex');
          assert.deepEqual(text.trim().split('\n'), [named.url, sha(named.keys.user)], 'the workspace URL with the key stored for it, not the user URL\'s');
          await wb.runCommand('Terminal: Kill All Terminals');
          await wb.openFile(FILE);
        });
      } finally {
        rmSync(out, { force: true });
      }
    });

    test('Create again: the request goes to the workspace URL with the key stored for it; the user URL sees no Create', STEP, async () => {
      await session.step('created-at-workspace-url', async (wb) => {
        await wb.openFile(FILE);
        await wb.runCommand('Polysync: Create Bulk Sync');
        // The answer was remembered for this workspace: no second question.
        await wb.waitForNotification(/Created bulk sync "Orders to Analytics"/);
        assert.equal(creates(named).length, 1);
        assert.equal(creates(named)[0].principal, 'user', 'the workspace URL got the key stored for it');
        assert.deepEqual(creates(user), [], 'the user URL saw no Create');
        assert.deepEqual(foreignKeys(named).map((r) => `${r.method} ${r.path}`), [], 'no request to the workspace URL carried the user URL\'s key');
        assert.deepEqual(foreignKeys(user).map((r) => `${r.method} ${r.path}`), [], 'nor the other way');
      });
    });

    test('Show Changes on the file Create linked: read where the sync lives, no differences; the user URL sees no request on a sync', STEP, async () => {
      await session.step('show-changes-at-workspace-url', async (wb) => {
        const syncId = named.state.syncs[0]?.id;
        assert.ok(syncId, 'Create made the sync at the workspace URL');
        await wb.openFile(FILE);
        await wb.runCommand('Polysync: Show Changes');
        await wb.waitForNotification(new RegExp(`No differences: .*${escape(FILE)} matches "Orders to Analytics" in Polytomic\\.`));
        const reads = named.state.requests.filter((r) => r.method === 'GET' && r.path === `/api/bulk/syncs/${syncId}`);
        assert.ok(reads.length > 0, 'the sync was read at the workspace URL');
        assert.ok(reads.every((r) => r.principal === 'user'), 'with the key stored for it');
        assert.deepEqual(syncRequests(user).map((r) => `${r.method} ${r.path}`), [], 'the user URL saw no request on a bulk sync (no "sync not found" from there)');
        assert.deepEqual(foreignKeys(named).map((r) => `${r.method} ${r.path}`), [], 'no request to the workspace URL carried the user URL\'s key');
      });
    });
  });
}
