// Keeping a sync against the sandbox: Import Bulk Sync refuses the sync suite 03's Create linked
// orders.polysync.json to (a second file for one sync), naming that file; it writes a linked file for a
// sync made in Polytomic and opens it; its code lens then shows the sync's state and actions instead of
// Create; Show Changes says "No differences" on the fresh file and, after an edit, opens a diff editor
// whose live side is the file's own text with the live value; Update
// Bulk Sync on an edited file asks, with the plan, before it sends anything. Run Now starts one
// execution (the lens says running, then how it ended) and starts nothing while one runs; Open in
// Polytomic opens the sync's page; a change made in Polytomic (a PUT through the API, as another person
// would make it) turns the lens to "changed in Polytomic" and Update names the conflict; the read-only
// live side of Show Changes gets no diagnostics.
//
// The import's quick pick is answered with the workbench's own "accept the selected item" command, as
// the Enter key would, or by the workbench driver typing the sync's name. Modal questions are refused by VS Code's dialog service in a test run (see
// 03-account-and-create.suite.ts), so Update is seen up to its confirmation: its text names the change,
// and the sandbox shows that nothing was sent. The product reads a linked file's state again when it
// is saved, so the drift test saves (after an edit that changes no setting) to see a new state; a
// running execution is followed by the client until it ends, so the run test saves nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import {
  closeAllEditors,
  codeOf,
  describeDiagnostics,
  drive,
  driverUnavailable,
  fixtureUri,
  positionAfter,
  sandboxApi,
  sandboxSyncs,
  sandboxUrl,
  setExecutionPlan,
  skip,
  WAIT_MS,
  waitFor,
  waitForDiagnostic,
} from './helpers';

const IMPORT = 'polysync.importBulkSync';
const SHOW_CHANGES = 'polysync.showChanges';
const UPDATE = 'polysync.updateBulkSync';
const RUN = 'polysync.runBulkSync';
const OPEN = 'polysync.openInPolytomic';
const LIVE_SCHEME = 'polysync-live';
/** The sync someone makes in Polytomic for the import to pick. */
const MADE_IN_POLYTOMIC = 'Orders nightly (made in Polytomic)';

type ImportOutcome = { kind: string; reason?: string; linked?: string[] };

/** How long the sandbox runs the execution Run Now starts: every check of it running fits well inside. */
const RUN_MS = 10_000;

interface Execution {
  id: string;
  status: string;
}

type LiveSync = Record<string, unknown> & { name: string; updated_at?: string };

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.map((l) => l.command?.title ?? '');
}

/** The title of a linked file's state lens (its first), or '' when the file shows no linked lenses. */
async function stateLens(uri: vscode.Uri): Promise<string> {
  const titles = await lensTitles(uri);
  return titles.includes('Show Changes') ? titles[0] : '';
}

function linkedSyncId(text: string): string | undefined {
  const parsed = JSON.parse(text) as { polysync?: { sync_id?: string } };
  return parsed.polysync?.sync_id;
}

/** Saves the document after an edit that changes no setting (a last empty line, added or removed). */
async function touchAndSave(doc: vscode.TextDocument): Promise<void> {
  const text = doc.getText();
  const edit = new vscode.WorkspaceEdit();
  if (text.endsWith('\n\n')) edit.delete(doc.uri, new vscode.Range(doc.positionAt(text.length - 1), doc.positionAt(text.length)));
  else edit.insert(doc.uri, doc.positionAt(text.length), '\n');
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
  assert.ok(await doc.save(), 'the file is saved');
}

/** A full-replacement PUT body that keeps the sync as read, but for `change` (what the API assigns left out). */
function putBody(sync: LiveSync, change: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, organization_id: _org, created_at: _ca, created_by: _cb, updated_at: _ua, updated_by: _ub, ...body } = sync;
  if (typeof body.default_schedule === 'object' && body.default_schedule !== null) {
    const { id: _sid, created_at: _sca, created_by: _scb, updated_at: _sua, updated_by: _sub, ...schedule } = body.default_schedule as Record<string, unknown>;
    body.default_schedule = schedule;
  }
  return { ...body, ...change };
}

async function modalOf(command: string, uri: vscode.Uri): Promise<string | undefined> {
  try {
    await vscode.commands.executeCommand(command, uri);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return undefined;
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
    // The suite's notifications stack up over the bottom of the window, where later suites click (the Problems view).
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('import of a sync a workspace file is already linked to (suite 03\'s Create linked orders.polysync.json): a warning names the file, nothing is written', async function () {
    const missing = driverUnavailable();
    if (missing) skip(this, missing);
    const syncs = await sandboxSyncs();
    if (syncs.length !== 1) skip(this, `suite 03 makes one sync and links orders.polysync.json to it; the sandbox has ${syncs.length}`);
    const orders = fixtureUri('orders.polysync.json');
    assert.ok(new TextDecoder().decode(await vscode.workspace.fs.readFile(orders)).includes(`"sync_id": "${syncs[0].id}"`), 'orders.polysync.json is linked to the sync');
    const before = await vscode.workspace.findFiles('**/*.polysync.json');
    await closeAllEditors();
    const running = Promise.resolve(vscode.commands.executeCommand<ImportOutcome>(IMPORT));
    let outcome: ImportOutcome | undefined;
    void running.then((o) => (outcome = o), () => undefined);
    // The quick pick's one row: the sync orders.polysync.json is linked to.
    await waitFor('the import to end', async () => {
      if (outcome) return true;
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return false;
    }, () => outcome);
    assert.deepEqual(await running, { kind: 'stopped', reason: 'already-linked', linked: [orders.toString()] });
    await drive(this, '/ui/notification', { pattern: '"Orders to Analytics" is already kept in orders\\.polysync\\.json\\. Nothing was written' });
    assert.equal((await vscode.workspace.findFiles('**/*.polysync.json')).length, before.length, 'no file was written');
    assert.equal(vscode.window.activeTextEditor, undefined, 'nothing was opened');
  });

  it('import: picking a sync writes its linked file into the workspace and opens it', async function () {
    const missing = driverUnavailable();
    if (missing) skip(this, missing);
    const [first] = await sandboxSyncs();
    if (!first) skip(this, 'the sandbox has no bulk sync to import (suite 03 creates them when the workbench driver signs in)');
    // Someone makes a sync in Polytomic: no file is linked to it yet.
    const live = await sandboxApi<LiveSync>(this, 'GET', `/api/bulk/syncs/${first.id}`);
    const made = await sandboxApi<LiveSync & { id: string }>(this, 'POST', '/api/bulk/syncs', putBody(live, { name: MADE_IN_POLYTOMIC }));
    await closeAllEditors();
    const running = Promise.resolve(vscode.commands.executeCommand(IMPORT));
    let failure: unknown;
    running.catch((error) => (failure = error));
    await drive(this, '/ui/quick-pick', { label: MADE_IN_POLYTOMIC });
    const editor = await waitFor(
      'the imported file in the active editor',
      async () => {
        if (failure) throw failure;
        const active = vscode.window.activeTextEditor;
        return active && active.document.fileName.endsWith('.polysync.json') && active;
      },
      () => vscode.window.activeTextEditor?.document.uri.toString(),
    );
    await running;
    imported = editor.document.uri;
    const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(imported));
    syncId = linkedSyncId(onDisk);
    assert.equal(syncId, made.id, 'the file is linked to the picked sync');
    assert.equal((JSON.parse(onDisk) as { name?: string }).name, MADE_IN_POLYTOMIC, 'the file describes the picked sync');
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

    // Freshly imported: nothing differs, so a message says so and no diff editor opens.
    await closeAllEditors();
    assert.deepEqual(await vscode.commands.executeCommand(SHOW_CHANGES, uri), { kind: 'no-differences' });
    await drive(this, '/ui/notification', { pattern: 'No differences: .+ matches ".+" in Polytomic\\.' });
    assert.ok(!(vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff), 'no diff editor');

    // An edit (not saved): the diff shows the live side, which is the file's own text with the live value.
    const file = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(file, { preview: false });
    const saved = file.getText();
    const name = (JSON.parse(saved) as { name: string }).name;
    const nameAt = saved.indexOf(JSON.stringify(name));
    const rename = new vscode.WorkspaceEdit();
    rename.replace(uri, new vscode.Range(file.positionAt(nameAt), file.positionAt(nameAt + JSON.stringify(name).length)), JSON.stringify(`${name} (edited)`));
    assert.ok(await vscode.workspace.applyEdit(rename));
    try {
      assert.deepEqual(await vscode.commands.executeCommand(SHOW_CHANGES, uri), { kind: 'diff', differences: 1, changedInPolytomic: 0 });
      const tab = await waitFor('a diff editor', () => {
        const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
        return input instanceof vscode.TabInputTextDiff && input;
      }, () => vscode.window.tabGroups.activeTabGroup.activeTab?.label);
      assert.equal(tab.original.scheme, LIVE_SCHEME, 'the left side is the live sync');
      assert.equal(tab.modified.toString(), uri.toString(), 'the right side is the file');
      const live = await vscode.workspace.openTextDocument(tab.original);
      assert.deepEqual(await lensTitles(tab.original), [], 'the read-only live side offers no actions');
      // Only the differing value is the live one: the rest is the file as written, link and all.
      assert.equal(live.getText(), saved, 'the live side is the saved file: the one difference is the edited name');
    } finally {
      const restore = new vscode.WorkspaceEdit();
      restore.replace(uri, new vscode.Range(file.positionAt(0), file.positionAt(file.getText().length)), saved);
      assert.ok(await vscode.workspace.applyEdit(restore));
      await file.save();
    }
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
    // The sync by its name; its id is in the question's detail, not its message.
    assert.match(asked, /Update bulk sync "[^"]+" from this file/);
    assert.ok(!asked.includes(syncId), asked);
    assert.match(asked, /name/, 'the plan names the changed field');
    const after = (await sandboxSyncs()).find((s) => s.id === syncId);
    assert.equal(after?.name, before.name, 'nothing was sent without a yes');
  });

  it('run: Run Now starts one execution, the lens says running and then how it ended; Run Now while it runs starts nothing', async function () {
    if (!imported || !syncId) skip(this, 'no file was imported');
    const uri = imported;
    const executionsPath = `/api/bulk/syncs/${syncId}/executions`;
    const executions = () => sandboxApi<Execution[]>(this, 'GET', executionsPath);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const before = await executions();
    assert.ok(before.every((e) => e.status !== 'running'), `no execution runs yet: ${JSON.stringify(before)}`);
    const plan = await setExecutionPlan({ durationMs: RUN_MS, outcome: 'completed' });
    try {
      await vscode.commands.executeCommand(RUN, uri);
      const started = await executions();
      assert.equal(started.length, before.length + 1, 'Run Now started one execution in the sandbox');
      const execution = started[0];
      assert.equal(execution.status, 'running');
      await drive(this, '/ui/notification', { pattern: 'Started a run of ".+" \\(running\\)\\.' });
      let seen = '';
      await waitFor('the state lens to say running', async () => /running/.test((seen = await stateLens(uri))), () => seen);

      await vscode.commands.executeCommand(RUN, uri);
      // The sandbox answers 409 with this text while an execution runs; the client shows it as a warning.
      await drive(this, '/ui/notification', { pattern: `execution ${execution.id} is already running` });
      assert.deepEqual((await executions()).map((e) => e.id), started.map((e) => e.id), 'Run Now while one runs starts nothing');

      // The sandbox ends it RUN_MS after it started, whatever the bound of a UI wait is.
      const ended = await waitFor('the sandbox to end the execution', async () => {
        const now = (await executions()).find((e) => e.id === execution.id);
        return now && now.status !== 'running' && now;
      }, undefined, RUN_MS + WAIT_MS);
      assert.equal(ended.status, 'completed');
      // Nothing is edited or saved: the client follows a running execution until it ends.
      assert.equal(doc.isDirty, false);
      const title = await waitFor('the state lens to give the last run and its status', async () => /^Last run completed\b/.test((seen = await stateLens(uri))) && seen, () => seen);
      assert.ok(!title.includes('running'), title);
    } finally {
      await setExecutionPlan(plan);
    }
  });

  it('open in Polytomic: opens the sync\'s page in the browser and answers its address', async function () {
    if (!imported || !syncId) skip(this, 'no file was imported');
    const opened = await vscode.commands.executeCommand<unknown>(OPEN, imported);
    assert.ok(opened instanceof vscode.Uri, `the command answers the address it opened: ${String(opened)}`);
    const address = opened.toString(true);
    assert.ok(address.includes(syncId), `${address} names the sync ${syncId}`);
    // The app's page is inferred on the API's host (server/src/api/inferred.ts); the sandbox is that host here.
    assert.equal(address, `${sandboxUrl()}/bulk/syncs/${syncId}`);
    // vscode.env.openExternal was called: the browser opened a page for it. code-server sends a local
    // address (the sandbox's, here) through its own port proxy, which keeps the port and drops the path.
    const port = new URL(sandboxUrl()).port;
    await drive(this, '/ui/opened-page', { pattern: `/bulk/syncs/${syncId}$|/proxy/${port}/` });
  });

  it('drift: a change made in Polytomic turns the lens to "changed in Polytomic"; Update names it and sends nothing', async function () {
    if (!imported || !syncId) skip(this, 'no file was imported');
    const uri = imported;
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    let seen = await stateLens(uri);
    assert.ok(seen && !seen.includes('changed in Polytomic'), `not drifted before the change: ${seen}`);
    const live = await sandboxApi<LiveSync>(this, 'GET', `/api/bulk/syncs/${syncId}`);
    const renamed = `${live.name} (renamed in Polytomic)`;
    const changed = await sandboxApi<LiveSync>(this, 'PUT', `/api/bulk/syncs/${syncId}`, putBody(live, { name: renamed }));
    assert.equal(changed.name, renamed, 'the sandbox took the change');

    await touchAndSave(doc);
    await waitFor('the state lens to say "changed in Polytomic"', async () => (seen = await stateLens(uri)).includes('changed in Polytomic'), () => seen);

    // The file renames the sync too (the update test): the same field changed on both sides.
    const asked = await modalOf(UPDATE, uri);
    assert.ok(asked, 'Update asked a modal question');
    // The sync by its name; its id is in the question's detail, not its message.
    assert.match(asked, /Update bulk sync "[^"]+" from this file/);
    assert.ok(!asked.includes(syncId), asked);
    assert.match(asked, /Changed in Polytomic since the file was pulled: ([^.]*, )?name\b/, 'the question names the conflict');
    const after = (await sandboxSyncs()).find((s) => s.id === syncId);
    assert.equal(after?.name, renamed, 'the change made in Polytomic stands');
    assert.equal(after?.updated_at, changed.updated_at, 'nothing was sent without a yes');
  });

  it('live side: after Show Changes the live copy has no diagnostics, while the same problem in the file has one', async function () {
    if (!imported || !syncId) skip(this, 'no file was imported');
    const uri = imported;
    // A field its frequency does not use (PS204, a warning): the API takes it, Polysync flags it. The
    // file sets it too, to another day, so it is a difference and the live side shows the live day.
    const liveSchedule = { frequency: 'hourly', minute: '15', day_of_week: 'monday' };
    const live = await sandboxApi<LiveSync>(this, 'GET', `/api/bulk/syncs/${syncId}`);
    await sandboxApi(this, 'PUT', `/api/bulk/syncs/${syncId}`, putBody(live, { default_schedule: liveSchedule }));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const rewrite = async (schedule: Record<string, string>) => {
      const body = JSON.parse(doc.getText()) as Record<string, unknown>;
      body.default_schedule = schedule;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), `${JSON.stringify(body, null, 2)}\n`);
      assert.ok(await vscode.workspace.applyEdit(edit));
    };
    await rewrite({ ...liveSchedule, day_of_week: 'tuesday' });
    const warning = await waitForDiagnostic(uri, 'PS204');
    assert.match(doc.lineAt(warning.range.start.line).text, /day_of_week/, 'the file\'s warning is on the field');

    await vscode.commands.executeCommand(SHOW_CHANGES, uri);
    const tab = await waitFor('the diff editor', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff && input.original.scheme === LIVE_SCHEME && input;
    }, () => vscode.window.tabGroups.activeTabGroup.activeTab?.label);
    const liveDoc = await waitFor('the live side with the day set in Polytomic', async () => {
      const d = await vscode.workspace.openTextDocument(tab.original);
      return d.getText().includes('"day_of_week": "monday"') && d;
    }, () => 'no day_of_week "monday" on the live side');
    assert.ok(!liveDoc.getText().includes('"day_of_week": "tuesday"'), 'the live side has the live day, not the file\'s');
    assert.equal(liveDoc.languageId, 'polysync', 'the live side is a Polysync document');
    // The language server has the live side (rather than never being given it): its hover answers there.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', liveDoc.uri, positionAfter(liveDoc, '"mode', -1));
    assert.ok(hovers.length > 0, 'a hover on the live side');

    // A second problem in the file, after the live side was opened: its warning arrives, the live side's never.
    await rewrite({ ...liveSchedule, day_of_week: 'tuesday', day_of_month: '5' });
    await waitFor('a second PS204 in the file', () => vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === 'PS204').length === 2, () => describeDiagnostics(uri));
    assert.deepEqual(describeDiagnostics(liveDoc.uri), [], 'the live side has no diagnostics');
  });
});
