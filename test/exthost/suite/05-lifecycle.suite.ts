// Keeping a sync against the sandbox: Import Bulk Sync writes a linked file for one of the account's
// syncs (the ones suite 03 created) and opens it; its code lens then shows the sync's state and
// actions instead of Create; Show Changes opens a diff editor of the live sync against the file; Update
// Bulk Sync on an edited file asks, with the plan, before it sends anything.
//
// The import's quick pick is answered with the workbench's own "accept the selected item" command, as
// the Enter key would. Modal questions are refused by VS Code's dialog service in a test run (see
// 03-account-and-create.suite.ts), so Update is seen up to its confirmation: its text names the change,
// and the sandbox shows that nothing was sent.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { closeAllEditors, drive, driverUnavailable, sandboxSyncs, skip, waitFor } from './helpers';

const IMPORT = 'polysync.importBulkSync';
const SHOW_CHANGES = 'polysync.showChanges';
const UPDATE = 'polysync.updateBulkSync';
const LIVE_SCHEME = 'polysync-live';

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.map((l) => l.command?.title ?? '');
}

function linkedSyncId(text: string): string | undefined {
  const parsed = JSON.parse(text) as { polysync?: { sync_id?: string } };
  return parsed.polysync?.sync_id;
}

describe('bulk sync lifecycle against the sandbox', () => {
  let imported: vscode.Uri | undefined;
  let syncId: string | undefined;
  let signedIn = false;
  // Suite 03 ends signed out; the key is typed into Set API Key's input box by the workbench driver.
  before(async function () {
    if (driverUnavailable()) return;
    const running = vscode.commands.executeCommand('polysync.setApiKey');
    await drive(this, '/ui/input', { title: 'Set API Key', sandboxKey: 'user' });
    await running;
    await drive(this, '/ui/notification', { pattern: 'API key saved in VS Code secret storage' });
    signedIn = true;
  });
  after(async () => {
    if (signedIn) await vscode.commands.executeCommand('polysync.signOut');
    await closeAllEditors();
    if (imported) await vscode.workspace.fs.delete(imported).then(undefined, () => undefined);
  });

  it('import: picking a sync writes its linked file into the workspace and opens it', async function () {
    const missing = driverUnavailable();
    if (missing) skip(this, missing);
    const syncs = await sandboxSyncs();
    if (syncs.length === 0) skip(this, 'the sandbox has no bulk sync to import (suite 03 creates them when the workbench driver signs in)');
    await closeAllEditors();
    const running = Promise.resolve(vscode.commands.executeCommand(IMPORT));
    let failure: unknown;
    running.catch((error) => (failure = error));
    const editor = await waitFor(
      'the imported file in the active editor',
      async () => {
        if (failure) throw failure;
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        const active = vscode.window.activeTextEditor;
        return active && active.document.fileName.endsWith('.polysync.json') && active;
      },
      () => vscode.window.activeTextEditor?.document.uri.toString(),
    );
    await running;
    imported = editor.document.uri;
    const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(imported));
    syncId = linkedSyncId(onDisk);
    const sync = syncs.find((s) => s.id === syncId);
    assert.ok(sync, `the file is linked to one of the sandbox's syncs (${syncs.map((s) => s.id).join(', ')}); got ${syncId}`);
    assert.equal((JSON.parse(onDisk) as { name?: string }).name, sync.name, 'the file describes the picked sync');
    assert.equal(editor.document.getText(), onDisk, 'the editor shows the written file');
  });

  it('diff: the linked file has the state lens and Show Changes opens the live sync against the file', async function () {
    if (!imported) skip(this, 'no file was imported');
    const uri = imported;
    const titles = await waitFor('the linked-file lenses', async () => {
      const t = await lensTitles(uri);
      return t.includes('Show Changes') && t;
    }, () => 'no Show Changes lens');
    for (const action of ['Update Bulk Sync', 'Run Now', 'Open in Polytomic']) assert.ok(titles.includes(action), `${action} is offered: ${titles.join(' | ')}`);
    assert.ok(!titles.some((t) => t.includes('Create')), `a linked file is not offered Create: ${titles.join(' | ')}`);
    assert.ok(!titles.some((t) => t.includes('changed in Polytomic')), `a freshly imported file has not drifted: ${titles.join(' | ')}`);

    await vscode.commands.executeCommand(SHOW_CHANGES, uri);
    const tab = await waitFor('a diff editor', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff && input;
    }, () => vscode.window.tabGroups.activeTabGroup.activeTab?.label);
    assert.equal(tab.original.scheme, LIVE_SCHEME, 'the left side is the live sync');
    assert.equal(tab.modified.toString(), uri.toString(), 'the right side is the file');
    const live = await vscode.workspace.openTextDocument(tab.original);
    assert.deepEqual(await lensTitles(tab.original), [], 'the read-only live side offers no actions');
    const file = await vscode.workspace.openTextDocument(uri);
    assert.equal((JSON.parse(live.getText()) as { name?: string }).name, (JSON.parse(file.getText()) as { name?: string }).name, 'the live side is the sync as a file');
  });

  it('update: an edited file asks, naming the change, before anything is sent', async function () {
    if (!imported || !syncId) skip(this, 'no file was imported');
    const doc = await vscode.workspace.openTextDocument(imported);
    await vscode.window.showTextDocument(doc, { preview: false });
    const before = (await sandboxSyncs()).find((s) => s.id === syncId);
    assert.ok(before);
    const nameAt = doc.getText().indexOf(JSON.stringify(before.name));
    assert.ok(nameAt >= 0, 'the file has the sync name');
    const edit = new vscode.WorkspaceEdit();
    const range = new vscode.Range(doc.positionAt(nameAt), doc.positionAt(nameAt + JSON.stringify(before.name).length));
    edit.replace(doc.uri, range, JSON.stringify(`${before.name} renamed`));
    assert.ok(await vscode.workspace.applyEdit(edit));
    await doc.save();
    let asked: string | undefined;
    try {
      await vscode.commands.executeCommand(UPDATE, doc.uri);
    } catch (error) {
      asked = error instanceof Error ? error.message : String(error);
    }
    assert.ok(asked, 'Update asked a modal question');
    assert.match(asked, new RegExp(`Update bulk sync ${syncId}`));
    assert.match(asked, /name/, 'the plan names the changed field');
    const after = (await sandboxSyncs()).find((s) => s.id === syncId);
    assert.equal(after?.name, before.name, 'nothing was sent without a yes');
  });
});
