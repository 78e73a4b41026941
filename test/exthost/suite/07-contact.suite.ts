// First contact: the API URL read from where a remote window reads machine settings, kept across a settings
// reload, and a key bound to its URL (a key set for the sandbox is never sent to another API, whatever
// polysync.apiUrl becomes); the bundled CLI on the integrated terminals' PATH with the URL and key.
// code-server's window is remote: the runner writes polysync.apiUrl into its Machine (remote) settings.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { closeAllEditors, drive, driverUnavailable, openFixture, sandboxUrl, skip, waitFor } from './helpers';

interface LanguageStatus {
  text: string;
  detail: string;
  command: string;
}

interface OtherRequest {
  method: string;
  path: string;
  authorized: boolean;
}

const config = () => vscode.workspace.getConfiguration('polysync');

describe('the API URL and the key bound to it', () => {
  let signedIn = false;
  after(async () => {
    await config().update('organizationId', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  it('polysync.apiUrl comes from the remote (machine) settings and stays the sandbox after a settings reload', async function () {
    const missing = driverUnavailable();
    if (missing) skip(this, missing);
    const url = sandboxUrl();
    await openFixture('orders.polysync.json');
    const running = vscode.commands.executeCommand('polysync.setApiKey');
    await drive(this, '/ui/input', { title: 'Set API Key', sandboxKey: 'user' });
    await running;
    await drive<LanguageStatus>(this, '/ui/language-status', { pattern: '^Polysync: Sandbox Organization$' });
    signedIn = true;
    // A configuration reload: another polysync setting changes (the credentials are sent again).
    await config().update('organizationId', 'reload-check', vscode.ConfigurationTarget.Global);
    await waitFor('the changed setting', () => config().get('organizationId') === 'reload-check');
    await config().update('organizationId', undefined, vscode.ConfigurationTarget.Global);
    assert.equal(config().get('apiUrl'), url, 'the URL is the sandbox still');
    const status = await drive<LanguageStatus>(this, '/ui/language-status', { pattern: '^Polysync: Sandbox Organization$' });
    assert.equal(status.command, 'Refresh Account Data');
    const { requests } = await drive<{ requests: OtherRequest[] }>(this, '/other-api/requests', {});
    assert.deepEqual(requests, [], 'nothing went to the other API');
  });

  it('the key set for the sandbox is never sent to another URL: not signed in there, signed in again back at the sandbox', async function () {
    if (!signedIn) skip(this, 'no key was set (the previous test did not pass)');
    const sandbox = sandboxUrl();
    const other = process.env.POLYSYNC_EXTHOST_OTHER_API;
    if (!other) skip(this, 'the runner started no second API (POLYSYNC_EXTHOST_OTHER_API)');
    await openFixture('pick-connection.polysync.json');
    await config().update('apiUrl', other, vscode.ConfigurationTarget.Global);
    await waitFor('polysync.apiUrl to be the other API', () => config().get('apiUrl') === other, () => config().inspect('apiUrl'));
    await drive<LanguageStatus>(this, '/ui/language-status', { pattern: '^Polysync: not signed in$' });
    // Refresh asks the account again, at the other URL: without a key for it, nothing is sent with one. (Not
    // awaited: signed out, the command waits for the answer to its Set API Key notification.)
    void vscode.commands.executeCommand('polysync.refreshAccount');
    await drive(this, '/ui/notification', { pattern: 'Polysync: No Polytomic API key is set' });
    const { requests } = await drive<{ requests: OtherRequest[] }>(this, '/other-api/requests', {});
    assert.deepEqual(requests.filter((r) => r.authorized), [], `no request to ${other} carried a key: ${JSON.stringify(requests)}`);

    await config().update('apiUrl', sandbox, vscode.ConfigurationTarget.Global);
    await waitFor('polysync.apiUrl to be the sandbox again', () => config().get('apiUrl') === sandbox);
    await drive<LanguageStatus>(this, '/ui/language-status', { pattern: '^Polysync: Sandbox Organization$' });
  });

  it('a terminal runs the bundled polysync with the URL and the key in its environment', async function () {
    if (!signedIn) skip(this, 'no key was set (the first test did not pass)');
    const out = path.join(os.tmpdir(), `polysync-terminal-${process.pid}-${Date.now()}.txt`);
    const script = `polysync --version > '${out}.tmp' 2>&1; echo "url=$POLYTOMIC_API_URL" >> '${out}.tmp'; if [ -n "$POLYTOMIC_API_KEY" ]; then echo key=set >> '${out}.tmp'; fi; command -v polysync >> '${out}.tmp'; mv '${out}.tmp' '${out}'`;
    const terminal = vscode.window.createTerminal({ name: 'polysync-check', shellPath: '/bin/sh', shellArgs: ['-c', script] });
    try {
      const text = await waitFor(`${out} written by the terminal`, () => {
        try {
          return readFileSync(out, 'utf8');
        } catch {
          return undefined;
        }
      });
      const version = vscode.extensions.getExtension('polysync.polysync')?.packageJSON.version;
      const lines = text.trim().split('\n');
      assert.equal(lines[0], version, text);
      assert.equal(lines[1], `url=${sandboxUrl()}`, text);
      assert.equal(lines[2], 'key=set', text);
      assert.match(lines[3], /\/bin\/polysync$/, text);
    } finally {
      terminal.dispose();
      rmSync(out, { force: true });
    }
  });
});

describe('the editor title on linked and unlinked files', () => {
  after(closeAllEditors);

  it('a linked file offers Update Bulk Sync in the editor title, an unlinked one Create Bulk Sync', async function () {
    const missing = driverUnavailable();
    if (missing) skip(this, missing);
    const linked = await openFixture('orders.polysync.json');
    if (!/"polysync":/.test(linked.getText())) skip(this, 'orders.polysync.json is not linked (the Create test did not pass)');
    const titles = async () => (await drive<{ labels: string[] }>(this, '/ui/editor-title-actions', {})).labels;
    let seen: string[] = [];
    await waitFor('Update Bulk Sync, and no Create, in the title of the linked file', async () => {
      seen = await titles();
      return seen.some((l) => /Update Bulk Sync/.test(l)) && !seen.some((l) => /Create Bulk Sync/.test(l));
    }, () => seen);
    await openFixture('pick-connection.polysync.json');
    await waitFor('Create Bulk Sync, and no Update, in the title of an unlinked file', async () => {
      seen = await titles();
      return seen.some((l) => /Create Bulk Sync/.test(l)) && !seen.some((l) => /Update Bulk Sync/.test(l));
    }, () => seen);
  });
});

describe('diagnostic code links open the rendered docs', () => {
  after(closeAllEditors);

  const previewTab = () =>
    vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType));

  it("a code's link runs Show Diagnostic Docs, and clicking it in the Problems view opens the Markdown preview", async function () {
    const doc = await openFixture('misspelled-mode.polysync.json');
    const diagnostic = await waitFor('a PS104 diagnostic', () =>
      vscode.languages.getDiagnostics(doc.uri).find((d) => typeof d.code === 'object' && String(d.code.value) === 'PS104'),
    );
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.equal(code.target.scheme, 'command', `not the Markdown source: ${code.target.toString(true)}`);
    assert.equal(code.target.path, 'polysync.showDiagnosticDocs');
    assert.deepEqual(JSON.parse(decodeURIComponent(code.target.query)), ['ps104']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(previewTab(), undefined);
    await openFixture('misspelled-mode.polysync.json');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await drive(this, '/ui/click-problem-code', { code: 'PS104' });
    const tab = await waitFor('a Markdown preview tab', () => previewTab(), () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label));
    assert.match(tab.label, /diagnostics\.md/);
    // No editor holds the Markdown source: it was not opened for editing.
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.path.endsWith('/docs/diagnostics.md')));
    // Rendered, at the code's entry: its heading (`### PS104`, id `ps104`) is in the preview's view, which
    // was scrolled down to it (PS104 is far below the top of the page).
    const where = await drive<{ top: number; height: number; scrollY: number; text: string }>(this, '/ui/webview-anchor', { id: 'ps104' });
    assert.equal(where.text, 'PS104');
    assert.ok(where.scrollY > 0, `the preview scrolled to the entry: ${JSON.stringify(where)}`);
    assert.ok(where.top >= -1 && where.top < where.height / 2, `the entry is at the top of the view: ${JSON.stringify(where)}`);
  });
});
