// The packaged VSIX in VS Code for the Web: code-server with the extension moved into the browser's web
// worker extension host (the user setting `remote.extensionKind`, as vscode.dev and github.dev run
// extensions), so the manifest's `browser` entry runs and the language server runs in a Worker from
// dist/web/server.js. Checks what a user sees there, as vscode.test.ts does for the desktop build: the
// error in Problems and its squiggle, hover, completion of `mode`, a quick fix; and an API the browser
// may not call (the sandbox sends no CORS headers) reported once as such, the account checks skipped.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { FIXTURES_DIR, LANGUAGE_NAME, REPO_ROOT } from './lib/paths';
import { type Session, startSession } from './lib/session';
import type { ProblemRow } from './lib/workbench';

const STEP = { timeout: 120_000 };
const VALID = 'orders-to-warehouse.polysync.json';
const BROKEN = 'broken-syntax.polysync.json';
const MISSPELLED = 'misspelled-mode.polysync.json';
const UNKNOWN_CONNECTION = 'unknown-connection.polysync.json';
const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string };
/** `polysync.polysync`: the id `remote.extensionKind` names. */
const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

function locate(fileName: string, needle: string, offset = 0): { line: number; column: number } {
  const lines = readFileSync(path.join(FIXTURES_DIR, 'workspace', fileName), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} not in ${fileName}`);
  return { line: line + 1, column: lines[line].indexOf(needle) + 1 + offset };
}
const isSyntaxError = (r: ProblemRow) => r.source === 'polysync' && r.code === 'PS001';

describe('VS Code for the Web (code-server, the web worker extension host) with the packaged Polysync extension', { timeout: 300_000 }, () => {
  let session: Session;
  let sandbox: Sandbox;

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
    await session.step('syntax-error-problem', async (wb) => {
      await wb.openFile(BROKEN);
      const row = await wb.waitForProblem('source polysync and code PS001', isSyntaxError);
      assert.equal(row.file, BROKEN);
      assert.equal(row.severity, 'error');
      assert.equal(row.position, '[Ln 4, Col 3]');
      assert.ok((await wb.waitForSquiggle('error')) >= 1);
    });
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
    await session.step('hover-mode', async (wb) => {
      await wb.openFile(VALID);
      const at = locate(VALID, '"mode"', 2);
      const text = await wb.hoverAt(at.line, at.column);
      assert.match(text, /snapshot/);
      assert.match(text, /replicate/);
    });
  });

  test('completion in the mode value offers the allowed modes', STEP, async () => {
    await session.step('complete-mode', async (wb) => {
      await wb.openFile(VALID);
      const at = locate(VALID, '"replicate"', 1);
      await wb.goTo(at.line, at.column);
      const labels = await wb.waitForCompletions('exactly the two modes', (l) => [...l].sort().join() === 'replicate,snapshot');
      assert.deepEqual([...labels].sort(), ['replicate', 'snapshot']);
    });
  });

  test('a misspelled mode is fixed with the quick fix', STEP, async () => {
    await session.step('quick-fix-mode', async (wb) => {
      await wb.openFile(MISSPELLED);
      const row = await wb.waitForProblem('code PS104', (r) => r.file === MISSPELLED && r.code === 'PS104');
      assert.match(row.message, /Did you mean `replicate`\?/);
      const at = locate(MISSPELLED, '"replicat"', 2);
      await wb.goTo(at.line, at.column);
      const titles = await wb.quickFixes();
      assert.ok(titles.includes('Change to "replicate"'), JSON.stringify(titles));
      await wb.applyQuickFix('Change to "replicate"');
      await wb.waitForNoProblem('code PS104', (r) => r.file === MISSPELLED && r.code === 'PS104');
      assert.match(await wb.visibleEditorText(), /"mode": "replicate",/);
    });
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
      assert.equal(sandbox.state.syncs.length, 1);
      // Named by its name; the id is a detail, behind Copy ID.
      assert.ok(note.includes('Copy ID') && !note.includes(sandbox.state.syncs[0].id), note);
      const creates = sandbox.state.requests.filter((r) => r.method === 'POST' && r.path === '/api/bulk/syncs');
      assert.equal(creates.length, 1);
      assert.match(creates[0].idempotencyKey ?? '', /^polysync-/);
    });
  });
});
