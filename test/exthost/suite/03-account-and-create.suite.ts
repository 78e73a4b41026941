// The commands and what they change: Set API Key and Sign Out (the key in SecretStorage, seen
// through the account status and the account data the server then has), and Create Bulk Sync
// against the sandbox API (what the sandbox received, the notification, what is refused).
//
// Answering the UI: Set API Key asks with an input box, which the `vscode` API cannot fill, so the
// test runs the command and asks the runner's workbench driver (test/exthost/driver.ts) to type the
// sandbox's key into the box, as a person would; the key itself never passes through the test.
// Notifications and the language status are read by the same driver. Modal questions (the warnings
// confirmation) need no stub either: in a test run VS Code's dialog service
// refuses every modal dialog and rejects with its text, so the test sees exactly which question
// the extension asked, and that nothing was sent because it could not be answered "yes".
import assert from 'node:assert/strict';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import {
  closeAllEditors,
  completionLabels,
  drive,
  driverUnavailable,
  EXTENSION_ID,
  openFixture,
  positionAfter,
  sandboxRequests,
  sandboxUrl,
  sandboxSyncs,
  skip,
  waitFor,
  waitForDiagnostic,
} from './helpers';

const CREATE = 'polysync.createBulkSync';
/** The sandbox's source connections, by name (test/sandbox/fixtures.ts). */
const SOURCE_NAMES = ['Salesforce Production', 'HubSpot Marketing', 'Orders DB'];

interface Text {
  text: string;
}

/** A language status item as the driver reads it (test/e2e/lib/workbench.ts LanguageStatusRow). */
interface LanguageStatus {
  text: string;
  detail: string;
  command: string;
  severity: string;
}

/** Runs Create on the active editor; resolves with the rejection's message, if it rejected. */
async function createFromActiveEditor(): Promise<string | undefined> {
  try {
    await vscode.commands.executeCommand(CREATE);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('account and Create Bulk Sync against the sandbox', () => {
  let signedIn = false;
  after(closeAllEditors);

  it('the language status says Polysync is not signed in before a key is set, and offers Set API Key', async function () {
    await openFixture('orders.polysync.json');
    const status = await drive<LanguageStatus>(this, '/ui/language-status', { pattern: '^Polysync: not signed in$' });
    assert.equal(status.command, 'Set API Key');
    const version = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.version;
    assert.equal(status.detail, `API 2025-09-18 · server ${version}`);
    // No status bar item of its own any more.
    const { items } = await drive<{ items: string[] }>(this, '/ui/status-bar-items', {});
    assert.deepEqual(items.filter((t) => t.startsWith('Polysync:')), []);
  });

  it('Create without a key sends nothing', async () => {
    await openFixture('orders.polysync.json');
    assert.equal(await createFromActiveEditor(), undefined);
    assert.deepEqual(await sandboxSyncs(), []);
  });

  it('Set API Key stores the key and the account status names the organization', async function () {
    // Checked first: without a driver nobody would ever answer the input box the command opens.
    const missing = driverUnavailable();
    if (missing) skip(this, missing);
    const running = vscode.commands.executeCommand('polysync.setApiKey');
    await drive(this, '/ui/input', { title: 'Set API Key', sandboxKey: 'user' });
    await running;
    await drive(this, '/ui/notification', { pattern: 'API key saved in VS Code secret storage' });
    // The organization's name comes from the sandbox's /api/me, asked with the stored key.
    const status = await drive<LanguageStatus>(this, '/ui/language-status', { pattern: '^Polysync: Sandbox Organization$' });
    assert.equal(status.command, 'Refresh Account Data');
    signedIn = true;
  });

  it('completion in source_connection_id lists the account\'s connections by name', async function () {
    if (!signedIn) skip(this, 'no key was set (the Set API Key test did not pass)');
    const doc = await openFixture('pick-connection.polysync.json');
    await waitForDiagnostic(doc.uri, 'PS105');
    const at = positionAfter(doc, '"source_connection_id": "');
    const labels = await waitFor(`the sandbox's source connections ${JSON.stringify(SOURCE_NAMES)}`, async () => {
      const seen = await completionLabels(doc.uri, at);
      return SOURCE_NAMES.every((n) => seen.includes(n)) ? seen : undefined;
    });
    assert.ok(!labels.some((l) => /^[0-9a-f]{8}-/.test(l)), `labels are names, not ids: ${JSON.stringify(labels)}`);
  });

  it('Create sends the file to the API: one new sync, a notification with its id, and the file linked to it', async function () {
    if (!signedIn) skip(this, 'no key was set (the Set API Key test did not pass)');
    const doc = await openFixture('orders.polysync.json');
    const before = doc.getText();
    assert.equal(await createFromActiveEditor(), undefined);
    const syncs = await sandboxSyncs();
    assert.equal(syncs.length, 1, JSON.stringify(syncs));
    assert.equal(syncs[0].name, 'Orders to Analytics');
    const { text } = await drive<Text>(this, '/ui/notification', { pattern: 'Created bulk sync "Orders to Analytics"' });
    assert.ok(!text.includes(syncs[0].id), `the notification names the sync by its name, not its id: ${text}`);
    assert.match(text, /and linked orders\.polysync\.json to it/);
    // The link is written and, the file having been saved, saved too: the file on disk is the sync's.
    const linked = doc.getText();
    assert.match(linked, new RegExp(`"polysync": \\{\\s*"sync_id": "${syncs[0].id}"`));
    assert.ok(linked.startsWith(before.slice(0, before.lastIndexOf('}')).trimEnd()), 'everything before the link is as it was');
    assert.equal(doc.isDirty, false);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri)), linked);
    // The link written is folded at once, as when a linked file opens: its key line shows, its members do not.
    const linkLine = doc.positionAt(linked.indexOf('"polysync"')).line;
    const hidden = (line: number) => !vscode.window.activeTextEditor?.visibleRanges.some((r) => r.start.line <= line && line <= r.end.line);
    await waitFor('the written link to be folded', () => vscode.window.activeTextEditor?.document === doc && hidden(linkLine + 1) && !hidden(linkLine), () =>
      vscode.window.activeTextEditor?.visibleRanges.map((r) => `${r.start.line}-${r.end.line}`),
    );
    // The code lens is the sync's now, not Create's.
    await waitFor('the linked code lens', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      const titles = lenses.map((l) => l.command?.title ?? '');
      return titles.includes('Update Bulk Sync') && !titles.includes('Create Bulk Sync') ? titles : undefined;
    });
  });

  it('a second Create of the linked file is refused, naming its sync, and nothing is sent', async function () {
    if (!signedIn) skip(this, 'no key was set (the Set API Key test did not pass)');
    await openFixture('orders.polysync.json');
    const [sync] = await sandboxSyncs();
    assert.equal(await createFromActiveEditor(), undefined, 'no question is asked');
    await drive(this, '/ui/notification', { pattern: `This file is linked to bulk sync "${sync.name}", so Create would make a second sync from it; nothing was sent\\.` });
    assert.equal((await sandboxSyncs()).length, 1, 'no second sync');
  });

  it('a file with warnings asks for confirmation and sends nothing without it', async function () {
    if (!signedIn) skip(this, 'no key was set (the Set API Key test did not pass)');
    const doc = await openFixture('with-warning.polysync.json');
    await waitForDiagnostic(doc.uri, 'PS209');
    const refused = await createFromActiveEditor();
    assert.match(refused ?? 'it did not ask', /with-warning\.polysync\.json has 1 warning\. Create the bulk sync anyway\?/);
    assert.equal((await sandboxSyncs()).length, 1);
  });

  it('Restart Language Server: the new server is given the key again, and Create still goes through it', async function () {
    if (!signedIn) skip(this, 'no key was set (the Set API Key test did not pass)');
    const requestsBefore = await sandboxRequests();
    await vscode.commands.executeCommand('polysync.restartServer');
    // Connection names need the account: only a server that was sent the key again can offer them.
    const doc = await openFixture('pick-connection.polysync.json');
    const at = positionAfter(doc, '"source_connection_id": "');
    await waitFor(`the sandbox's source connections after the restart`, async () => {
      const seen = await completionLabels(doc.uri, at);
      return SOURCE_NAMES.every((n) => seen.includes(n)) ? seen : undefined;
    });
    assert.ok((await sandboxRequests()) > requestsBefore, 'the restarted server read the account again');
    // Create asks the restarted server to check the file: it answers with the file's warning.
    const warned = await openFixture('with-warning.polysync.json');
    await waitForDiagnostic(warned.uri, 'PS209');
    const refused = await createFromActiveEditor();
    assert.match(refused ?? 'it did not ask', /with-warning\.polysync\.json has 1 warning\. Create the bulk sync anyway\?/);
    assert.equal((await sandboxSyncs()).length, 1);
  });

  it('a file with errors is refused, with the reason, and nothing is sent', async function () {
    const doc = await openFixture('broken-syntax.polysync.json');
    await waitForDiagnostic(doc.uri, 'PS001');
    const before = (await sandboxSyncs()).length;
    assert.equal(await createFromActiveEditor(), undefined);
    assert.equal((await sandboxSyncs()).length, before);
    await drive(this, '/ui/notification', { pattern: 'Cannot create the bulk sync: 1 problem must be fixed first\\. Nothing was sent\\.' });
  });

  it('Sign Out removes the key: not signed in again, and no connection names', async function () {
    if (driverUnavailable() === undefined && !signedIn) skip(this, 'no key was set (the Set API Key test did not pass)');
    await vscode.commands.executeCommand('polysync.signOut');
    const doc = await openFixture('pick-connection.polysync.json');
    const at = positionAfter(doc, '"source_connection_id": "');
    await waitFor('the connection names to leave completion', async () => {
      const seen = await completionLabels(doc.uri, at);
      return !seen.some((l) => SOURCE_NAMES.includes(l));
    });
    const status = await drive<LanguageStatus>(this, '/ui/language-status', { pattern: '^Polysync: not signed in$' });
    assert.equal(status.command, 'Set API Key');
    await drive(this, '/ui/notification', { pattern: `signed out; the API key for ${sandboxUrl().replace(/\./g, '\\.')} was removed` });
  });
});
