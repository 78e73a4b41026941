// The packaged extension in a real VS Code (code-server 1.100.3) driven through headless Chromium.
// One editor session for the whole file; each test() is one thing a user does and sees, in order,
// so a new check is one more test() block that reuses `session` (see lib/workbench.ts for the
// available actions: openFile, goTo, typeText, problems, hoverAt, completions, quickFixes,
// runCommand, notifications, ...). Popups are left open so the step's screenshot shows them; the
// next openFile() closes them.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BulkSyncResponse } from '../../server/src/api/types';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { FIXTURES_DIR, LANGUAGE_NAME, REPO_ROOT } from './lib/paths';
import { waitUntil } from './lib/processes';
import { type Session, startSession } from './lib/session';
import {
  BROKEN,
  codeLinkShowsEntry,
  completesMode,
  editKeptHour,
  hoverShowsMode,
  importKept,
  isSyntaxError,
  KEPT,
  KEPT_FILE,
  keptChangesShown,
  locate,
  quickFixesMode,
  syntaxErrorShown,
  UNKNOWN_CONNECTION,
  VALID,
} from './lib/steps';
import { SELECTORS, type Workbench } from './lib/workbench';

const STEP = { timeout: 60_000 };
const PICK_CONNECTION = 'pick-connection.polysync.json';
const OTHER_ORGANIZATION = 'other-organization.polysync.json';
const PICK_BY_NAME = 'pick-by-name.polysync.json';
const ORDERS_DB_ID = '7c1d5e9a-2b3f-4c8d-a6e1-9f0b2c3d4e70';
/** The server's version as its initialize result gives it (package.json's). */
const VERSION: string = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;
/** The sandbox's source connections, by the names its `/api/connections` gives them. */
const SOURCE_NAMES = ['Salesforce Production', 'HubSpot Marketing', 'Orders DB'];

const LINKED_ACTIONS = ['Show Changes', 'Update Bulk Sync', 'Run Now', 'Open in Polytomic'];


/** The account is shown by the language status item only: no status bar item of its own. */
async function assertNoAccountStatusBarItem(wb: Workbench): Promise<void> {
  const items = await wb.statusBarTexts();
  assert.deepEqual(items.filter((t) => /^Polysync:/.test(t)), [], `status bar: ${JSON.stringify(items)}`);
}

describe('VS Code (code-server) with the packaged Polysync extension', { timeout: 480_000 }, () => {
  let session: Session;
  // The local Polytomic-compatible API; polysync.apiUrl in the Machine (remote) settings points the extension at it.
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox();
    session = await startSession({
      name: 'vscode',
      workspaceFixture: path.join(FIXTURES_DIR, 'workspace'),
      machineSettings: { 'polysync.apiUrl': sandbox.url },
    });
  });

  after(async () => {
    await session?.close();
    await sandbox?.close();
  });

  test('a .polysync.json file opens in the Polysync language mode', STEP, async () => {
    await session.step('open-valid-file', async (wb) => {
      await wb.openFile(VALID);
      assert.equal(await wb.waitForLanguageMode(LANGUAGE_NAME), LANGUAGE_NAME);
    });
  });

  test('before a key is set, the language status says Polysync is not signed in, with the versions and Set API Key', STEP, async () => {
    await session.step('language-status-not-signed-in', async (wb) => {
      const row = await wb.waitForLanguageStatus(/^Polysync: not signed in$/);
      assert.equal(row.severity, 'information');
      assert.equal(row.busy, false);
      assert.equal(row.command, 'Set API Key');
      // The API version in use and the server's version from its initialize result.
      assert.equal(row.detail, `API 2025-09-18 · server ${VERSION}`);
      assert.deepEqual(row.detailLinks, [], 'the detail is short, so the hover does not clip the action');
      await assertNoAccountStatusBarItem(wb);
      // Nothing may be asked of the API without a key.
      assert.deepEqual(sandbox.state.requests.map((r) => `${r.method} ${r.path}`), []);
    });
  });

  test('the language status item is only there for Polysync documents', STEP, async () => {
    await session.step('language-status-other-file', async (wb) => {
      await wb.openFile('README.md');
      await wb.waitForLanguageMode('Markdown');
      const rows = (await wb.page.locator('#status\\.languageStatus').count()) > 0 ? await wb.languageStatusRows() : [];
      assert.deepEqual(rows.filter((r) => /Polysync/.test(r.text)), []);
      await assertNoAccountStatusBarItem(wb);
    });
  });

  test('a syntax error is listed in the Problems panel from source polysync', STEP, async () => {
    await session.step('syntax-error-problem', syntaxErrorShown);
  });

  test('the valid file, open in another tab, has no problems listed', STEP, async () => {
    // Meaningful only after the server has shown it is running (the previous step).
    await session.step('valid-file-clean', async (wb) => {
      const rows = await wb.problems();
      assert.ok(rows.length > 0, 'the broken file is still listed');
      assert.deepEqual(rows.filter((r) => r.file === VALID), []);
    });
  });

  test('typing the missing comma clears the problem', STEP, async () => {
    await session.step('fix-syntax-error', async (wb) => {
      await wb.openFile(BROKEN);
      // Shown first, so that its absence afterwards means the fix cleared it.
      await wb.waitForProblem('source polysync and code PS001', isSyntaxError);
      await wb.goTo(3); // `  "mode": "replicate"`
      await wb.press('End');
      await wb.typeText(',');
      const rows = await wb.waitForNoProblem('code PS001', isSyntaxError);
      assert.deepEqual(rows.filter((r) => r.file === BROKEN), []);
      assert.equal(await wb.squiggleCount('error'), 0);
    });
  });

  test('hovering a property shows its documentation', STEP, async () => {
    await session.step('hover-mode', hoverShowsMode);
  });

  test('completion in the mode value offers the allowed modes', STEP, async () => {
    await session.step('complete-mode', completesMode);
  });

  test("a code's link in Problems opens the rendered docs at the code's entry", STEP, async () => {
    await session.step('code-link-docs-entry', codeLinkShowsEntry);
  });

  test('a misspelled mode is fixed with the quick fix', STEP, async () => {
    await session.step('quick-fix-mode', quickFixesMode);
  });

  test('an untitled buffer set to Polysync is checked: a mistake typed into it is in Problems', STEP, async () => {
    await session.step('untitled-polysync-buffer', async (wb) => {
      await wb.runCommand('File: New Untitled Text File');
      await waitUntil('an Untitled tab to be active', async () => ((await wb.activeTabLabel()) ?? '').startsWith('Untitled'), { timeoutMs: wb.timeoutMs });
      await wb.runCommand('Change Language Mode');
      await wb.pickQuickInput(LANGUAGE_NAME);
      assert.equal(await wb.waitForLanguageMode(LANGUAGE_NAME), LANGUAGE_NAME);
      await wb.focusEditor();
      // Brackets and quotes the editor closes itself are typed over, as when a person types this line.
      await wb.typeText('{"name": "Draft", "mode": "replicat"}');
      await wb.press('Escape');
      assert.equal((await wb.visibleEditorText()).trim(), '{"name": "Draft", "mode": "replicat"}');
      // An untitled buffer is listed under its first line; the workspace's files all end in .json.
      // Wait for the row of the whole typed text (rows for the text half-typed may show first).
      const row = await wb.waitForProblem('PS104 for "replicat" in the untitled buffer', (r) => !r.file.endsWith('.json') && r.code === 'PS104' && r.message.includes('replicate`?'));
      assert.equal(row.file, '{"name": "Draft", "mode": "replicat"}');
      assert.equal(row.source, 'polysync');
      assert.match(row.message, /Did you mean `replicate`\?/);
      assert.equal(row.position, '[Ln 1, Col 27]');
      // The language status covers untitled Polysync buffers too.
      assert.equal((await wb.waitForLanguageStatus(/^Polysync: not signed in$/)).command, 'Set API Key');
    });
  });

  test('Set API Key from the command palette stores the key', STEP, async () => {
    await session.step('set-api-key', async (wb) => {
      await wb.runCommand('Polysync: Set API Key');
      const input = await wb.inputBox('Set API Key');
      assert.equal(await input.getAttribute('type'), 'password', 'the key is typed into a password box');
      await wb.typeText(sandbox.keys.user);
      await wb.press('Enter');
      await wb.waitForNotification(/API key saved/);
    });
  });

  test('with the key set, the language status names the organization from /api/me', STEP, async () => {
    await session.step('language-status-organization', async (wb) => {
      await wb.openFile(VALID);
      const row = await wb.waitForLanguageStatus(/^Polysync: (?!not signed in|loading|offline)/);
      assert.equal(row.text, 'Polysync: Sandbox Organization');
      assert.equal(row.severity, 'information');
      assert.equal(row.command, 'Refresh Account Data');
      assert.equal(row.detail, `API 2025-09-18 · server ${VERSION}`);
      const me = sandbox.state.requests.filter((r) => r.method === 'GET' && r.path === '/api/me');
      assert.ok(me.length >= 1, 'the extension asked the sandbox who the key belongs to');
      assert.ok(me.every((r) => r.authScheme === 'Bearer'), JSON.stringify(me.map((r) => r.authScheme)));
    });
  });

  test('completion in source_connection_id lists the account\'s connections and inserts the id', STEP, async () => {
    await session.step('complete-connection-list', async (wb) => {
      await wb.openFile(PICK_CONNECTION);
      await wb.waitForProblem('code PS105 (empty id)', (r) => r.file === PICK_CONNECTION && r.code === 'PS105');
      const at = locate(PICK_CONNECTION, '"source_connection_id": ""', '"source_connection_id": "'.length);
      await wb.goTo(at.line, at.column);
      const labels = await wb.waitForCompletions(
        `the sandbox's source connections ${JSON.stringify(SOURCE_NAMES)}`,
        (seen) => SOURCE_NAMES.every((name) => seen.includes(name)),
      );
      // Every label is a connection name, never a bare id.
      assert.ok(!labels.some((l) => /^[0-9a-f]{8}-/.test(l)), JSON.stringify(labels));
    });
    await session.step('complete-connection-accept', async (wb) => {
      await wb.acceptCompletion('Orders DB');
      const line = (await wb.visibleEditorText()).split('\n').find((l) => l.includes('"source_connection_id"')) ?? '';
      assert.match(line, new RegExp(`"source_connection_id": "${ORDERS_DB_ID}",`));
      // The empty-id error goes once the id is in.
      await wb.waitForNoProblem('code PS105', (r) => r.file === PICK_CONNECTION && r.code === 'PS105');
    });
  });

  test('the picked connection\'s name is shown after its id as an inlay hint', STEP, async () => {
    await session.step('inlay-hint-connection', async (wb) => {
      // The hint is rendered inside the line, after the value; its text is the connection's name.
      let line = '';
      await waitUntil(
        'the name "Orders DB" after the source connection id',
        async () => {
          line = (await wb.visibleEditorText()).split('\n').find((l) => l.includes('"source_connection_id"')) ?? '';
          return new RegExp(`"${ORDERS_DB_ID}",\\s*Orders DB\\s*$`).test(line);
        },
        { timeoutMs: wb.timeoutMs, explain: () => `line: ${JSON.stringify(line)}` },
      );
    });
  });

  test('picking the name source_connection_id opens the account\'s connections at once', STEP, async () => {
    await session.step('complete-name-reopens-values', async (wb) => {
      await wb.openFile(PICK_BY_NAME);
      await wb.goTo(locate(PICK_BY_NAME, '"name"').line + 1, 3);
      await wb.typeText('"source_conn');
      await wb.waitForCompletions('the property source_connection_id', (labels) => labels.includes('source_connection_id'));
      await wb.pickCompletion('source_connection_id');
      // No Ctrl+Space: the list that shows now was opened by the picked item itself.
      const labels = await waitUntil(
        `the suggestion list to re-open with ${JSON.stringify(SOURCE_NAMES)}`,
        async () => {
          const open = await wb.openSuggestions();
          return SOURCE_NAMES.every((name) => open.includes(name)) ? open : undefined;
        },
        { timeoutMs: wb.timeoutMs, intervalMs: 200, explain: async () => `open: ${JSON.stringify(await wb.openSuggestions())}` },
      );
      assert.ok(!labels.includes('source_connection_id'), 'the list is the values, not the names again');
      const line = (await wb.visibleEditorText()).split('\n').find((l) => l.includes('"source_connection_id"')) ?? '';
      assert.match(line, /"source_connection_id": ""/);
    });
  });

  test('Create Bulk Sync sends the open file to the API and reports the new sync', STEP, async () => {
    await session.step('create-bulk-sync', async (wb) => {
      await wb.openFile(VALID);
      await wb.runCommand('Polysync: Create Bulk Sync');
      const note = await wb.waitForNotification(/Created bulk sync "Orders to Analytics"/);
      assert.equal(sandbox.state.syncs.length, 1);
      const sync = sandbox.state.syncs[0];
      assert.equal(sync.name, 'Orders to Analytics');
      // Named by its name; the id is a detail, behind Copy ID (and in the Polysync output).
      assert.ok(note.includes('Copy ID') && !note.includes(sync.id), `the notification names the sync and offers its id: ${note}`);
      const creates = sandbox.state.requests.filter((r) => r.method === 'POST' && r.path === '/api/bulk/syncs');
      assert.equal(creates.length, 1);
      assert.equal(creates[0].authScheme, 'Bearer');
      assert.ok(creates[0].status !== undefined && creates[0].status >= 200 && creates[0].status < 300, `status ${creates[0].status}`);
      // Comments are dropped: the API gets plain JSON.
      assert.doesNotThrow(() => JSON.parse(creates[0].body));
      // The file is the new sync's: its link is written and saved (the file was saved before Create).
      assert.match(note, /and linked orders-to-warehouse\.polysync\.json to it/);
      const onDisk = readFileSync(path.join(session.workspace, VALID), 'utf8');
      assert.match(onDisk, new RegExp(`"polysync": \\{\\s*"sync_id": "${sync.id}"`));
      assert.doesNotMatch(creates[0].body, /"polysync"/, 'the link is never sent');
    });
  });

  test('a file the API rejects with 422 gets the error on its field and creates nothing', STEP, async () => {
    await session.step('create-rejected-422', async (wb) => {
      const syncsBefore = sandbox.state.syncs.length;
      await wb.openFile(OTHER_ORGANIZATION);
      await wb.runCommand('Polysync: Create Bulk Sync');
      const note = await wb.waitForNotification(/Could not create the bulk sync/);
      assert.match(note, /organization_id: unknown organization 0f1e2d3c-4b5a-4697-8877-665544332211/);
      const at = locate(OTHER_ORGANIZATION, '"organization_id"');
      const row = await wb.waitForProblem('source polysync-api', (r) => r.file === OTHER_ORGANIZATION && r.source === 'polysync-api');
      assert.equal(row.severity, 'error');
      assert.equal(row.position, `[Ln ${at.line}, Col ${at.column}]`);
      assert.match(row.message, /^organization_id: unknown organization/);
      assert.ok((await wb.waitForSquiggle('error')) >= 1);
      const apiRows = (await wb.problems()).filter((r) => r.file === OTHER_ORGANIZATION && r.source === 'polysync-api');
      assert.equal(apiRows.length, 1, JSON.stringify(apiRows));
      // The request was made and refused; no sync was added.
      const rejected = sandbox.state.requests.filter((r) => r.method === 'POST' && r.path === '/api/bulk/syncs' && r.status === 422);
      assert.equal(rejected.length, 1);
      assert.equal(sandbox.state.syncs.length, syncsBefore);
    });
  });

  test('an error only the account can tell (an unknown connection, PS301) is in Problems and blocks Create', STEP, async () => {
    await session.step('create-blocked-by-account', async (wb) => {
      const syncsBefore = sandbox.state.syncs.length;
      const postsBefore = sandbox.state.requests.filter((r) => r.method === 'POST' && r.path === '/api/bulk/syncs').length;
      await wb.openFile(UNKNOWN_CONNECTION);
      const at = locate(UNKNOWN_CONNECTION, '"00000000-0000-4000-8000-0000000000ff"');
      const row = await wb.waitForProblem('PS301 on the destination id', (r) => r.file === UNKNOWN_CONNECTION && r.code === 'PS301');
      assert.equal(row.severity, 'error');
      assert.equal(row.position, `[Ln ${at.line}, Col ${at.column}]`);
      await wb.runCommand('Polysync: Create Bulk Sync');
      const note = await wb.waitForNotification(/Cannot create the bulk sync: 1 problem must be fixed first\. Nothing was sent\./);
      assert.match(note, /Show Problems/);
      assert.equal(sandbox.state.syncs.length, syncsBefore);
      assert.equal(sandbox.state.requests.filter((r) => r.method === 'POST' && r.path === '/api/bulk/syncs').length, postsBefore, 'no create request was made');
    });
  });

  test('Restart Language Server: a new server, signed in again, and its diagnostics come back', STEP, async () => {
    await session.step('restart-language-server', async (wb) => {
      await wb.openFile(UNKNOWN_CONNECTION);
      // PS301 needs the account: it can only come back if the new server is given the key again.
      await wb.waitForProblem('PS301 before the restart', (r) => r.file === UNKNOWN_CONNECTION && r.code === 'PS301');
      const meBefore = sandbox.state.requests.filter((r) => r.method === 'GET' && r.path === '/api/me').length;
      await wb.runCommand('Polysync: Restart Language Server');
      // A new server process has no cache: it asks who the key belongs to again, with the key it was sent.
      await waitUntil('the restarted server to ask /api/me again', () => sandbox.state.requests.filter((r) => r.method === 'GET' && r.path === '/api/me').length > meBefore, {
        timeoutMs: wb.timeoutMs,
      });
      const me = sandbox.state.requests.filter((r) => r.method === 'GET' && r.path === '/api/me').slice(meBefore);
      assert.ok(me.every((r) => r.authScheme === 'Bearer'), JSON.stringify(me.map((r) => r.authScheme)));
      assert.equal((await wb.waitForLanguageStatus(/^Polysync: Sandbox Organization$/)).command, 'Refresh Account Data');
      const row = await wb.waitForProblem('PS301 after the restart', (r) => r.file === UNKNOWN_CONNECTION && r.code === 'PS301');
      assert.equal(row.severity, 'error');
    });
    await session.step('restart-then-edit', async (wb) => {
      // The restarted server checks new edits too: break the file and see the syntax error.
      await wb.goTo(1);
      await wb.press('End');
      await wb.typeText(' ,');
      await wb.waitForProblem('a syntax error typed after the restart', (r) => r.file === UNKNOWN_CONNECTION && isSyntaxError(r));
      await wb.press('Control+Z');
      await wb.waitForNoProblem('the syntax error once undone', (r) => r.file === UNKNOWN_CONNECTION && isSyntaxError(r));
    });
  });

  test('Show Output opens the Polysync output, which logged the restart', STEP, async () => {
    await session.step('show-output', async (wb) => {
      await wb.runCommand('Polysync: Show Output');
      const lines = await wb.outputLines('Polysync', 'restart');
      assert.ok(lines.some((l) => l.includes('Restarting the language server (Polysync: Restart Language Server).')), JSON.stringify(lines));
      assert.ok(lines.some((l) => l.includes(`Language server restarted (polysync-language-server ${VERSION}).`)), JSON.stringify(lines));
    });
  });

  // ---- keeping a sync as code: import, the linked file's lens, Show Changes, Update, Run Now, drift ----

  /** The imported sync and its file, once the import step has written it. */
  let kept: { id: string; file: string; updatedAt: string } | undefined;
  const imported = () => {
    assert.ok(kept, 'the import step did not complete');
    return kept;
  };
  /** The sync as the API gives it now, read over HTTP with the key the test signed in with. */
  const liveSync = async (id: string): Promise<BulkSyncResponse> => {
    const response = await fetch(`${sandbox.url}/api/bulk/syncs/${id}`, { headers: { Authorization: `Bearer ${sandbox.keys.user}` } });
    assert.equal(response.status, 200, `GET /api/bulk/syncs/${id}: ${response.status}`);
    return ((await response.json()) as { data: BulkSyncResponse }).data;
  };
  const changeRequests = (id: string) => sandbox.state.requests.filter((r) => r.method !== 'GET' && r.path.startsWith(`/api/bulk/syncs/${id}`) && !r.path.endsWith('/executions'));
  const stateLens = (lenses: { title: string }[]) => (lenses.length === LINKED_ACTIONS.length + 1 && lenses[1].title === LINKED_ACTIONS[0] ? lenses[0].title : undefined);

  test('Import Bulk Sync: the account\'s syncs in a quick pick; the picked one is written into the workspace, linked, and opened', STEP, async () => {
    // Someone made this sync in Polytomic; the account may hold others (the one Create made).
    const sync = sandbox.createSync(KEPT);
    await session.step('import-opened', async (wb) => {
      // The Output panel of the step before would hide the end of the imported file.
      await wb.hidePanel();
      kept = await importKept(wb, sandbox, session.workspace, sync.id);
    });
  });

  test('the linked file\'s code lens shows the sync\'s state and Show Changes, Update Bulk Sync, Run Now, Open in Polytomic', STEP, async () => {
    const { id } = imported();
    await session.step('linked-code-lens', async (wb) => {
      const lenses = await wb.waitForCodeLenses('the sync state and the linked-file actions', (l) => stateLens(l) !== undefined);
      assert.deepEqual(lenses.slice(1).map((l) => l.title), LINKED_ACTIONS);
      // Never run yet, the next run of the daily schedule, nothing changed on either side.
      assert.match(lenses[0].title, /^Never run · next \S.*$/);
      assert.doesNotMatch(lenses[0].title, /local change|changed in Polytomic/);
      assert.deepEqual(lenses[0].icons, []);
      assert.equal(lenses[0].tooltip, `Bulk sync ${id}`);
      assert.ok(lenses[4].tooltip.endsWith(`/bulk/syncs/${id}`), lenses[4].tooltip);
      assert.ok(!lenses.some((l) => /Create/.test(l.title)), 'a linked file is not offered Create');
    });
    await session.step('show-changes-no-differences', async (wb) => {
      // Nothing differs yet: a message says so, and no diff editor opens.
      await wb.clickCodeLens('Show Changes');
      await wb.waitForNotification(new RegExp(`^No differences: ${KEPT_FILE.replace(/[.]/g, '\\.')} matches "${KEPT.name}" in Polytomic\\.`));
      assert.equal(await wb.activeTabLabel(), KEPT_FILE, 'the file is still the active tab');
    });
  });

  test('an edit to the linked file, once saved, is counted as a local change in the code lens', STEP, async () => {
    const { file } = imported();
    await session.step('edit-linked-file', async (wb) => {
      // The default schedule's hour, 6 → 9, typed over the digit.
      await editKeptHour(wb, file);
      const lenses = await wb.waitForCodeLenses('"1 local change"', (l) => / · 1 local change$/.test(stateLens(l) ?? ''));
      assert.match(lenses[0].title, /^Never run · next .* · 1 local change$/);
    });
  });

  test('Show Changes opens the live sync, read-only, against the file in a diff editor', STEP, async () => {
    const { file } = imported();
    await session.step('show-changes-diff', async (wb) => {
      await wb.clickCodeLens('Show Changes');
      await keptChangesShown(wb, file);
    });
    await session.step('show-changes-live-side-read-only', async (wb) => {
      // Typing into the live side changes nothing.
      const before = (await wb.diffEditor()).original.text;
      // Line 3's number in the gutter: the compact link's base is one long line that scrolls the side
      // sideways, and a click on a line's number puts the cursor at its start, wherever the side is scrolled.
      await wb.page.locator(`${SELECTORS.activeDiffEditor} .monaco-editor.original-in-monaco-diff-editor .line-numbers`, { hasText: /^3$/ }).first().click();
      await wb.typeText('x');
      const message = await wb.visible(`${SELECTORS.activeDiffEditor} .monaco-editor-overlaymessage`, 'the read-only message');
      assert.match(await message.innerText(), /read-only/i);
      assert.equal((await wb.diffEditor()).original.text, before);
    });
  });

  test('Update Bulk Sync shows the plan in a modal; Update sends it, rewrites the link and the local change is gone', STEP, async () => {
    const { id, file, updatedAt } = imported();
    const changesBefore = changeRequests(id).length;
    await session.step('update-plan-dialog', async (wb) => {
      await wb.runCommand('View: Close Editor'); // the diff
      await wb.openFile(KEPT_FILE);
      await wb.waitForCodeLenses('"1 local change"', (l) => / · 1 local change$/.test(stateLens(l) ?? ''));
      await wb.clickCodeLens('Update Bulk Sync');
      const dialog = await wb.dialog();
      assert.equal(dialog.message, `Update bulk sync "${KEPT.name}" from this file (default_schedule.hour)?`);
      assert.equal(dialog.detail, `default_schedule.hour: "6" → "9"\n\nThis will replace the settings (PUT).\n\nBulk sync id: ${id}`);
      assert.deepEqual([...dialog.buttons].sort(), ['Cancel', 'Update']);
      assert.equal(changeRequests(id).length, changesBefore, 'nothing is sent before the answer');
    });
    await session.step('update-confirmed', async (wb) => {
      await wb.clickDialogButton('Update');
      await wb.waitForNotification(/Updated bulk sync "[^"]+"\./);
      const live = await liveSync(id);
      assert.deepEqual(live.default_schedule && { frequency: live.default_schedule.frequency, hour: live.default_schedule.hour, minute: live.default_schedule.minute }, { frequency: 'daily', hour: '9', minute: '15' });
      assert.equal(live.name, KEPT.name);
      assert.ok(live.updated_at && live.updated_at !== updatedAt, `the sync's updated_at moved on from ${updatedAt}: ${live.updated_at}`);
      assert.deepEqual(changeRequests(id).slice(changesBefore).map((r) => `${r.method} ${r.path.slice(`/api/bulk/syncs/${id}`.length) || '/'} ${r.status}`), ['PUT / 200']);
      // The link in the editor is rewritten with the sync's new updated_at (unfolded to read it); saved, it is on disk.
      await wb.runCommand('Unfold All');
      let text = '';
      await waitUntil('the link\'s updated_at to be rewritten', async () => (text = await wb.visibleEditorText()).includes(`"updated_at": "${live.updated_at}"`), {
        timeoutMs: wb.timeoutMs,
        explain: () => text.split('\n').filter((l) => l.includes('updated_at')).join('\n'),
      });
      assert.ok(!text.includes(updatedAt), 'the old updated_at is gone');
      // The state is read again after the update, before the rewritten link is saved.
      const lenses = await wb.waitForCodeLenses('no local change', (l) => {
        const state = stateLens(l);
        return state !== undefined && !/local change|changed in Polytomic/.test(state);
      });
      assert.match(lenses[0].title, /^Never run · next \S/);
      await wb.save();
      const written = JSON.parse(readFileSync(file, 'utf8'));
      assert.equal(written.polysync.updated_at, live.updated_at);
      assert.equal(written.default_schedule.hour, '9');
      imported().updatedAt = live.updated_at;
    });
  });

  test('Run Now starts an execution: the code lens shows it running, a second Run Now is refused, then the run completed', { timeout: 120_000 }, async () => {
    const { id } = imported();
    const executions = () => sandbox.state.stored.get(id)?.executions ?? [];
    // Long enough for a second click while it runs; the sandbox ends the run by itself afterwards.
    sandbox.setExecutionPlan({ durationMs: 10_000 });
    try {
      await session.step('run-now-started', async (wb) => {
        await wb.clickCodeLens('Run Now');
        await wb.waitForNotification(new RegExp(`Started a run of "${KEPT.name.replace(/[()]/g, '\\$&')}" \\(running\\)\\.`));
        assert.equal(executions().length, 1);
        const lenses = await wb.waitForCodeLenses('the execution running', (l) => /^running since \S/.test(stateLens(l) ?? ''));
        assert.deepEqual(lenses[0].icons, ['sync'], 'the spinning sync icon');
      });
      await session.step('run-now-already-running', async (wb) => {
        const [running] = executions();
        await wb.clickCodeLens('Run Now');
        await wb.waitForNotification(new RegExp(`execution ${running.id} is already running`));
        assert.equal(executions().length, 1, 'no second execution');
        const refused = sandbox.state.requests.filter((r) => r.method === 'POST' && r.path === `/api/bulk/syncs/${id}/executions`);
        assert.deepEqual(refused.map((r) => r.status), [200, 409]);
      });
      await session.step('run-now-completed', async (wb) => {
        // Nothing is saved or edited: while the run lasts, the client reads its status until it ends.
        const lenses = await wb.waitForCodeLenses('the last run completed', (l) => /^Last run completed \S/.test(stateLens(l) ?? ''), 45_000);
        assert.equal(executions()[0].status, 'completed');
        assert.deepEqual(lenses[0].icons, []);
        assert.doesNotMatch(lenses[0].title, /running|local change|changed in Polytomic/);
      });
    } finally {
      sandbox.setExecutionPlan({ durationMs: 3_000 });
    }
  });

  test('a change made in Polytomic shows as "changed in Polytomic" in the code lens; Update asks, then overwrites it', STEP, async () => {
    const { id, file } = imported();
    const renamed = `${KEPT.name} (renamed in Polytomic)`;
    await session.step('changed-in-polytomic', async (wb) => {
      // Someone renames the sync in Polytomic: a PUT with the whole sync, as the API wants it.
      const response = await fetch(`${sandbox.url}/api/bulk/syncs/${id}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${sandbox.keys.user}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...KEPT, name: renamed, default_schedule: { ...KEPT.default_schedule, hour: '9' } }),
      });
      assert.equal(response.status, 200, await response.text());
      assert.equal((await liveSync(id)).name, renamed);
      // Nothing tells the editor: the state is read again when the file is saved.
      await wb.openFile(KEPT_FILE);
      await wb.save();
      // Who changed it (the sandbox's user) and when, in the lens.
      const lenses = await wb.waitForCodeLenses('"changed in Polytomic by Dana Example, TIME"', (l) => /changed in Polytomic by Dana Example, \S.*$/.test(stateLens(l) ?? ''));
      assert.deepEqual(lenses[0].icons, ['warning']);
      assert.equal(lenses[0].tooltip, 'Changed in Polytomic since this file was pulled: name');
      assert.doesNotMatch(lenses[0].title, /local change/);
    });
    await session.step('changed-in-polytomic-show-changes', async (wb) => {
      // The diff shows the one difference, its live side marked as changed in Polytomic in the title.
      await wb.clickCodeLens('Show Changes');
      const title = await waitUntil('the diff editor\'s tab', async () => {
        const t = await wb.activeTabTitle();
        // The sync by its name in Polytomic now.
        return t?.startsWith(`${renamed}: Polytomic ↔ ${KEPT_FILE}`) ? t : undefined;
      }, { timeoutMs: wb.timeoutMs, explain: async () => `active tab: ${await wb.activeTabTitle()}` });
      assert.match(title, /\(name changed in Polytomic by Dana Example, [^)]+\)$/);
      let seen: Awaited<ReturnType<Workbench['diffEditor']>> | undefined;
      const diff = await waitUntil('the renamed sync on the live side, the file\'s name on the other', async () => {
        seen = await wb.diffEditor();
        return seen.original.text.includes(`"name": "${renamed}"`) && seen.modified.text.includes(`"name": "${KEPT.name}"`) ? seen : undefined;
      }, { timeoutMs: wb.timeoutMs, explain: () => JSON.stringify(seen) });
      // The live side is the file's own text with the live name: the hour both agree on is the same line.
      assert.match(diff.original.text, /"hour": "9"/);
      const marks = await wb.diffLineMarks();
      assert.deepEqual(marks, { removed: 1, added: 1 }, 'one line differs: the name');
      await wb.runCommand('View: Close Editor');
    });
    await session.step('changed-in-polytomic-update-asks', async (wb) => {
      const changesBefore = changeRequests(id).length;
      await wb.clickCodeLens('Update Bulk Sync');
      const dialog = await wb.dialog();
      assert.equal(dialog.message, `Update bulk sync "${renamed}" from this file (name)? Changed in Polytomic since the file was pulled: name. Updating overwrites that change.`);
      assert.match(dialog.detail, new RegExp(`^name: "${renamed.replace(/[()]/g, '\\$&')}" → "${KEPT.name}"`));
      assert.match(dialog.detail, /Changed in Polytomic since the file was pulled, and overwritten by this update: name\n\nBulk sync id: (\S+)$/);
      assert.ok(dialog.detail.endsWith(`Bulk sync id: ${id}`), 'the id is the detail\'s last line');
      assert.deepEqual([...dialog.buttons].sort(), ['Cancel', 'Overwrite and Update']);
      assert.equal(changeRequests(id).length, changesBefore, 'nothing is sent before the answer');
    });
    await session.step('overwrite-and-update', async (wb) => {
      const changesBefore = changeRequests(id).length;
      await wb.clickDialogButton('Overwrite and Update');
      await wb.waitForNotification(/Updated bulk sync "[^"]+"\./);
      assert.deepEqual(changeRequests(id).slice(changesBefore).map((r) => `${r.method} ${r.status}`), ['PUT 200']);
      const live = await liveSync(id);
      assert.equal(live.name, KEPT.name, 'the file\'s name replaced the one given in Polytomic');
      assert.equal(live.default_schedule?.hour, '9');
      await wb.runCommand('Unfold All');
      await waitUntil('the link\'s updated_at to be rewritten', async () => (await wb.visibleEditorText()).includes(`"updated_at": "${live.updated_at}"`), { timeoutMs: wb.timeoutMs });
      await wb.waitForCodeLenses('neither a change in Polytomic nor a local change', (l) => {
        const state = stateLens(l);
        return state !== undefined && !/local change|changed in Polytomic/.test(state);
      });
      await wb.save();
      assert.equal(JSON.parse(readFileSync(file, 'utf8')).polysync.updated_at, live.updated_at);
    });
    // Leave the workspace as it was for the steps after this one.
    await session.workbench.runCommand('View: Close Editor');
    rmSync(file);
    kept = undefined;
  });

  test('Sign Out removes the key and the language status says not signed in again', STEP, async () => {
    await session.step('sign-out', async (wb) => {
      // A file whose connection name is shown while signed in.
      await wb.openFile(UNKNOWN_CONNECTION);
      let line = '';
      await waitUntil(
        'the connection name hint "Orders DB" before signing out',
        async () => {
          line = (await wb.visibleEditorText()).split('\n').find((l) => l.includes('"source_connection_id"')) ?? '';
          return line.includes('Orders DB');
        },
        { timeoutMs: wb.timeoutMs, explain: () => `line: ${JSON.stringify(line)}` },
      );
      await wb.runCommand('Polysync: Sign Out');
      await wb.waitForNotification(/signed out; the API key for \S+ was removed/);
      assert.equal((await wb.waitForLanguageStatus(/^Polysync: not signed in$/)).command, 'Set API Key');
      // The account's data goes with the key: no connection name is shown any more.
      await waitUntil(
        'the connection name hint to disappear',
        async () => {
          line = (await wb.visibleEditorText()).split('\n').find((l) => l.includes('"source_connection_id"')) ?? '';
          return line !== '' && !line.includes('Orders DB');
        },
        { timeoutMs: wb.timeoutMs, explain: () => `line: ${JSON.stringify(line)}` },
      );
    });
  });

  test('the walkthrough opens from Welcome: Open Walkthrough... with its three steps', STEP, async () => {
    await session.step('walkthrough', async (wb) => {
      await wb.runCommand('Welcome: Open Walkthrough...');
      await wb.pickQuickInput('Get Started with Polysync');
      const shown = await wb.walkthrough();
      assert.equal(shown.title, 'Get Started with Polysync');
      const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
      const [walkthrough] = manifest.contributes.walkthroughs;
      const prefix = `${manifest.publisher}.${manifest.name}#${walkthrough.id}#`;
      assert.deepEqual(shown.stepIds, walkthrough.steps.map((step: { id: string }) => `${prefix}${step.id}`));
      assert.deepEqual(shown.stepTitles, walkthrough.steps.map((step: { title: string }) => step.title));
    });
  });

  test('the language server keeps its code cache in the extension\'s global storage', STEP, async () => {
    // The client points the server's launcher there (POLYSYNC_CACHE_DIR); VS Code removes it with the extension.
    const dir = path.join(session.codeServer.userDataDir, 'User', 'globalStorage', 'polysync.polysync', 'code-cache');
    const files = await waitUntil(
      'a V8 code cache for dist/server-core.js',
      () => {
        const found = existsSync(dir) ? readdirSync(dir).filter((n) => /^server-core-[0-9a-f]+-.+\.v8cache$/.test(n)) : [];
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 15_000, explain: () => `${dir}: ${existsSync(dir) ? readdirSync(dir).join(', ') || 'empty' : 'missing'}` },
    );
    assert.equal(files.length, 1, files.join(', '));
  });
});
