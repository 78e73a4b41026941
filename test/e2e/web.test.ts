// The packaged VSIX in VS Code for the Web: code-server with the extension moved into the browser's web
// worker extension host (the user setting `remote.extensionKind`, as vscode.dev and github.dev run
// extensions), so the manifest's `browser` entry runs and the language server runs in a Worker from
// dist/web/server.js. Checks what a user sees there, with the steps vscode.test.ts takes for the desktop
// build (lib/steps.ts): the error in Problems and its squiggle, hover, completion of `mode`, a code's link
// opening its entry in the docs, a quick fix; an API the browser may not call (the sandbox sends no CORS
// headers) reported once as such, the account checks skipped and Import refused with that reason; then,
// with the origin allowed, Create, Import (a new file written through workspace.fs) and Show Changes.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { FIXTURES_DIR, LANGUAGE_NAME, REPO_ROOT } from './lib/paths';
import { type Session, startSession } from './lib/session';
import {
  codeLinkShowsEntry,
  completesMode,
  editKeptHour,
  hoverShowsMode,
  importKept,
  KEPT,
  KEPT_FILE,
  keptChangesShown,
  locate,
  quickFixesMode,
  syntaxErrorShown,
  UNKNOWN_CONNECTION,
  VALID,
} from './lib/steps';

const STEP = { timeout: 120_000 };
const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string };
/** `polysync.polysync`: the id `remote.extensionKind` names. */
const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

describe('VS Code for the Web (code-server, the web worker extension host) with the packaged Polysync extension', { timeout: 300_000 }, () => {
  let session: Session;
  let sandbox: Sandbox;
  /** The id of the sync made in the sandbox (not by Create) that Import pulls. */
  let kept: string | undefined;
  /** The file Import wrote. */
  let imported: { file: string } | undefined;

  before(async () => {
    sandbox = await startSandbox();
    session = await startSession({
      name: 'web',
      workspaceFixture: path.join(FIXTURES_DIR, 'workspace'),
      extraSettings: { 'remote.extensionKind': { [EXTENSION_ID]: ['web'] }, 'polysync.apiUrl': sandbox.url },
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

  test('a syntax error is listed in Problems from source polysync, with its squiggle', STEP, async () => {
    await session.step('syntax-error-problem', syntaxErrorShown);
  });

  test('the language server runs in a web worker: the Polysync output says so', STEP, async () => {
    await session.step('server-in-web-worker', async (wb) => {
      await wb.runCommand('Polysync: Show Output');
      const lines = await wb.outputLines('Polysync', 'in a web worker');
      assert.ok(lines.some((l) => /Polysync language server \S+ started \((pull|push) diagnostics; in a web worker\)\./.test(l)), JSON.stringify(lines));
      await wb.hidePanel();
    });
  });

  test('hovering a property shows its documentation', STEP, async () => {
    await session.step('hover-mode', hoverShowsMode);
  });

  test('completion in the mode value offers the allowed modes', STEP, async () => {
    await session.step('complete-mode', completesMode);
  });

  test("a code's link in Problems opens the rendered docs at the code's entry (the server was told where they are)", STEP, async () => {
    await session.step('code-link-docs-entry', codeLinkShowsEntry);
  });

  test('a misspelled mode is fixed with the quick fix', STEP, async () => {
    await session.step('quick-fix-mode', quickFixesMode);
  });

  test('with a key set, an API the browser may not call: offline, saying the desktop app is needed; no account errors', STEP, async () => {
    await session.step('set-api-key', async (wb) => {
      await wb.runCommand('Polysync: Set API Key');
      await wb.inputBox('Set API Key');
      await wb.typeText(sandbox.keys.user);
      await wb.press('Enter');
      await wb.waitForNotification(/API key saved/);
    });
    await session.step('account-offline-in-the-browser', async (wb) => {
      await wb.openFile(UNKNOWN_CONNECTION);
      const row = await wb.waitForLanguageStatus(/^Polysync: offline$/);
      assert.equal(row.severity, 'warning');
      assert.equal(row.command, 'Refresh Account Data');
      // The browser refused the cross-origin call before it was made: the key never reached the API.
      assert.deepEqual(sandbox.state.requests.filter((r) => r.method !== 'OPTIONS').map((r) => `${r.method} ${r.path}`), []);
    });
    await session.step('refresh-says-why', async (wb) => {
      // The status item's own link can sit past the window's edge in its hover; the palette runs the same command.
      await wb.runCommand('Polysync: Refresh Account Data');
      const text = await wb.waitForNotification(/Account features need the desktop app here/);
      assert.match(text, /could not reach 127\.0\.0\.1:\d+: the API does not accept requests from this page's origin \(CORS\), or the network is unreachable/);
      assert.match(text, /checks that need the account are skipped/);
      assert.ok(!text.includes(sandbox.keys.user), 'the key is not in the message');
    });
    await session.step('no-account-errors-offline', async (wb) => {
      // The file names a connection the account does not have; offline, that check is skipped (no PS3xx),
      // while the checks that need only the text still run: a mistake typed into it is reported.
      await wb.openFile(UNKNOWN_CONNECTION);
      const at = locate(UNKNOWN_CONNECTION, '"mode"', 0);
      await wb.goTo(at.line, 1);
      await wb.typeText('"mood": 1,');
      await wb.waitForProblem('a check on the typed text', (r) => r.file === UNKNOWN_CONNECTION && r.source === 'polysync');
      const rows = await wb.problems();
      assert.deepEqual(rows.filter((r) => r.file === UNKNOWN_CONNECTION && /^PS3/.test(r.code)), [], JSON.stringify(rows));
    });
    await session.step('import-refused-offline', async (wb) => {
      // A sync the account holds, that Import cannot reach from this page: it says why, and writes nothing.
      kept = sandbox.createSync(KEPT).id;
      await wb.runCommand('Polysync: Import Bulk Sync...');
      const text = await wb.waitForNotification(/Account features need the desktop app here/);
      assert.match(text, /the API does not accept requests from this page's origin \(CORS\)/);
      assert.ok(!text.includes(sandbox.keys.user), 'the key is not in the message');
      assert.equal(existsSync(path.join(session.workspace, KEPT_FILE)), false, 'nothing was written');
      assert.deepEqual(sandbox.state.requests.filter((r) => r.method !== 'OPTIONS').map((r) => `${r.method} ${r.path}`), []);
    });
  });

  test('where the API allows the page origin (CORS), the account and Create work from the browser', STEP, async () => {
    // The origin the browser sent in its refused preflight is the one the API has to allow.
    const preflight = sandbox.state.requests.find((r) => r.method === 'OPTIONS' && r.headers.origin);
    assert.ok(preflight, 'the browser asked the API for permission (a CORS preflight)');
    sandbox.setAllowedOrigin(preflight.headers.origin);
    await session.step('account-online-in-the-browser', async (wb) => {
      await wb.openFile(VALID);
      await wb.runCommand('Polysync: Refresh Account Data');
      const row = await wb.waitForLanguageStatus(/^Polysync: Sandbox Organization$/);
      assert.equal(row.command, 'Refresh Account Data');
      const me = sandbox.state.requests.filter((r) => r.method === 'GET' && r.path === '/api/me');
      assert.ok(me.length >= 1 && me.every((r) => r.authScheme === 'Bearer'), JSON.stringify(me.map((r) => r.authScheme)));
    });
    await session.step('create-from-the-browser', async (wb) => {
      await wb.openFile(VALID);
      await wb.runCommand('Polysync: Create Bulk Sync');
      const note = await wb.waitForNotification(/Created bulk sync "Orders to Analytics"/);
      // Exactly one, beside the sync the offline Import step made in Polytomic.
      const created = sandbox.state.syncs.filter((s) => s.id !== kept);
      assert.deepEqual(created.map((s) => s.name), ['Orders to Analytics']);
      // Named by its name; the id is a detail, behind Copy ID.
      assert.ok(note.includes('Copy ID') && !note.includes(created[0].id), note);
      const creates = sandbox.state.requests.filter((r) => r.method === 'POST' && r.path === '/api/bulk/syncs');
      assert.equal(creates.length, 1);
      assert.match(creates[0].idempotencyKey ?? '', /^polysync-/);
    });
  });

  test('Import from the browser: the picked sync is written into a new file through workspace.fs, linked and opened', STEP, async () => {
    assert.ok(kept, 'the offline step made the sync to import');
    const id = kept;
    await session.step('import-from-the-browser', async (wb) => {
      await wb.hidePanel();
      imported = await importKept(wb, sandbox, session.workspace, id);
      // Read over HTTP by the browser: the sync list, then the sync itself.
      assert.ok(sandbox.state.requests.some((r) => r.method === 'GET' && r.path === `/api/bulk/syncs/${id}` && r.authScheme === 'Bearer'));
    });
  });

  test('Show Changes from the browser: the live sync against the edited file in a diff editor', STEP, async () => {
    assert.ok(imported, 'the Import step wrote the file');
    const { file } = imported;
    await session.step('show-changes-from-the-browser', async (wb) => {
      await editKeptHour(wb, file);
      await wb.runCommand('Polysync: Show Changes');
      await keptChangesShown(wb, file);
    });
  });
});
