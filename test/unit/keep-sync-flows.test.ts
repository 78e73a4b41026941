// The keeping-a-sync commands of the VS Code extension, without VS Code: each command's record run as the
// editor runs it (client/src/commandRecord.ts: document, trust, server), its flow over a recording Ui, and
// behind the request helper the real bundled language server over stdio, reading and changing the
// sandbox on 127.0.0.1 (seeded with the demo sync that examples/salesforce-nightly.polysync.json links).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type CommandHost, runCommand } from '../../client/src/commandRecord';
import { COMMANDS } from '../../client/src/commands';
import type { ApiSettings } from '../../client/src/create/apiTarget';
import { MemoryStore, UrlDecisions } from '../../client/src/create/state';
import { flowCommands } from '../../client/src/flowCommands';
import { syncAccount } from '../../client/src/keepSync/account';
import { SyncStates } from '../../client/src/keepSync/states';
import { requestHelper, RequestCancelled, ServerUnavailable } from '../../client/src/request';
import type { FlowDocument } from '../../client/src/ui';
import { BulkSyncState, ListBulkSyncs } from '../../protocol/messages';
import { startServer } from '../lsp/harness';
import { MIRROR, REALISTIC } from '../sandbox/readBack';
import { DEMO_SYNC_ID, type Sandbox, startSandbox } from '../sandbox/server';
import { FakeUi, folderAt, makeDir, OpenDocuments, readText } from './client-flow-harness';

const EXAMPLE = readFileSync(path.join(__dirname, '..', '..', 'examples', 'salesforce-nightly.polysync.json'), 'utf8');
const DEMO_NAME = 'Salesforce to Snowflake (nightly)';
const PULLED_NAME = 'salesforce-to-snowflake-nightly.polysync.json';
const UNLINKED = EXAMPLE.slice(0, EXAMPLE.indexOf(',\n  "polysync"')) + '\n}\n';

const docs = new OpenDocuments();
/** Every harness's states: a running execution is followed on timers, which end only when disposed. */
const allStates: SyncStates[] = [];

interface Harness {
  ui: FakeUi;
  states: SyncStates;
  /** Every request the flows sent, in order. */
  calls: { method: string; params: unknown }[];
  trusted: { value: boolean };
  running: { value: boolean };
  /** Runs the command `id` on `doc` (the one a lens names), as VS Code does. */
  command(id: string, doc?: FlowDocument): Promise<unknown>;
}

function harness(sandbox: Sandbox): Harness {
  const ui = new FakeUi(docs);
  const settings: ApiSettings = { apiUrl: sandbox.url, apiVersion: '2025-09-18', keyKind: 'user' };
  const calls: { method: string; params: unknown }[] = [];
  const request = docs.requester(settings, { value: sandbox.keys.user }, calls);
  const trusted = { value: true };
  const sources = { urlDecisions: new UrlDecisions(new MemoryStore()), settings: () => settings, keyFor: async (url: string) => (url === sandbox.url ? sandbox.keys.user : undefined) };
  const account = syncAccount({ ...sources, isTrusted: () => trusted.value });
  const states = new SyncStates({ request, isRunning: () => true, warn: (m) => ui.log(m), account });
  allStates.push(states);
  const records = flowCommands({ ui, request, states, account }, sources);
  const running = { value: true };
  const host = (doc?: FlowDocument): CommandHost => ({ ui, isTrusted: () => trusted.value, isServerRunning: () => running.value, document: async () => doc });
  return {
    ui,
    states,
    calls,
    trusted,
    running,
    command: (id, doc) => runCommand(records.find((r) => r.id === id)!, host(doc), doc && doc.uri),
  };
}

const sent = (sandbox: Sandbox, method: string) => sandbox.state.requests.filter((r) => r.method === method && r.path.startsWith(`/api/bulk/syncs/${DEMO_SYNC_ID}`));
const executions = (sandbox: Sandbox) => sandbox.state.requests.filter((r) => r.method === 'POST' && r.path === `/api/bulk/syncs/${DEMO_SYNC_ID}/executions`);
const linkOf = (text: string) => (JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as { polysync?: { sync_id: string; updated_at?: string } }).polysync;

for (const [modeName, readBack] of [['mirror', MIRROR], ['realistic', REALISTIC]] as const) describe(`keeping a sync: the client flows against the real server (${modeName} read-back)`, () => {
  let sandbox: Sandbox;
  let root: string;
  before(async () => {
    sandbox = await startSandbox({ executions: { durationMs: 60_000 }, readBack });
    root = await mkdtemp(path.join(os.tmpdir(), 'polysync-flows-'));
  });
  after(async () => {
    allStates.splice(0).forEach((s) => s.dispose());
    await docs.reset();
    await sandbox.close();
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    sandbox.reset();
    sandbox.seedDemo();
    await docs.reset();
  });

  test('import, one folder: pick a sync, its linked file is written there and opened; replacing a file asks first', async () => {
    const h = harness(sandbox);
    const folder = await makeDir(path.join(root, 'one'));
    h.ui.folders = [folderAt(folder)];
    h.ui.choose = (items) => items.find((i) => i.label === DEMO_NAME);
    const outcome = await h.command(COMMANDS.importBulkSync);
    const target = path.join(folder, PULLED_NAME);
    assert.deepEqual(outcome, { kind: 'imported', uri: `file://${target}`, syncId: DEMO_SYNC_ID });
    assert.deepEqual(h.ui.picks, [{ title: 'Import Bulk Sync', placeHolder: 'The bulk sync to keep in a file', labels: [DEMO_NAME] }], 'one folder: no folder question');
    assert.deepEqual(h.ui.progress, ['Reading bulk syncs…', `Reading ${DEMO_NAME}…`]);
    const written = await readText(`file://${target}`);
    assert.equal(linkOf(written)?.sync_id, DEMO_SYNC_ID, 'the file is linked to the picked sync');
    assert.equal((JSON.parse(written) as { name: string }).name, DEMO_NAME);
    assert.deepEqual(h.ui.opened, [`file://${target}`]);
    assert.deepEqual(h.ui.shown, []);

    // The file exists now: declining the question keeps what is there; Replace writes the sync again.
    await writeFile(target, '{ "kept": true }\n');
    const again = harness(sandbox);
    again.ui.folders = h.ui.folders;
    again.ui.choose = h.ui.choose;
    assert.deepEqual(await again.command(COMMANDS.importBulkSync), { kind: 'stopped', reason: 'declined' });
    assert.deepEqual(again.ui.questions.map((q) => [q.message, q.detail, q.choices]), [[`${PULLED_NAME} already exists.`, `Replace it with the bulk sync ${DEMO_NAME}?`, ['Replace']]]);
    assert.equal(readFileSync(target, 'utf8'), '{ "kept": true }\n', 'nothing the user had is lost without a yes');
    again.ui.answer = () => 'Replace';
    assert.equal(((await again.command(COMMANDS.importBulkSync)) as { kind: string }).kind, 'imported');
    assert.equal(readFileSync(target, 'utf8'), written);
  });

  test('import of a sync a workspace file is already linked to: a warning names the file and offers to open it; nothing is written', async () => {
    const h = harness(sandbox);
    const folder = await makeDir(path.join(root, 'kept'));
    const keptAt = path.join(folder, 'team', 'crm.polysync.json');
    await makeDir(path.dirname(keptAt));
    await writeFile(keptAt, EXAMPLE);
    h.ui.folders = [folderAt(folder)];
    h.ui.choose = (items) => items.find((i) => i.label === DEMO_NAME);
    const keptUri = `file://${keptAt}`;
    assert.deepEqual(await h.command(COMMANDS.importBulkSync), { kind: 'stopped', reason: 'already-linked', linked: [keptUri] });
    const warning = h.ui.only('warning');
    assert.equal(warning.message, `"${DEMO_NAME}" is already kept in crm.polysync.json. Nothing was written: a second file linked to the same sync would overwrite its updates.`);
    assert.ok(!h.calls.some((c) => c.method === 'polysync/pullBulkSync'), 'nothing is pulled');
    assert.throws(() => readFileSync(path.join(folder, PULLED_NAME)), /ENOENT/, 'no second file');
    assert.deepEqual(h.ui.opened, []);
    await h.ui.pickAction(warning, 'Open File');
    assert.deepEqual(h.ui.opened, [keptUri], 'Open File opens the linked file');

    // The link as the editor holds it counts: the file unlinked in an unsaved edit no longer stops the import.
    await docs.open(UNLINKED, keptUri);
    const again = harness(sandbox);
    again.ui.folders = h.ui.folders;
    again.ui.choose = h.ui.choose;
    assert.equal(((await again.command(COMMANDS.importBulkSync)) as { kind: string }).kind, 'imported');
  });

  test('import, several folders: the folder is asked for and only that one is written; no folder, no import', async () => {
    const h = harness(sandbox);
    const first = await makeDir(path.join(root, 'multi', 'a', 'syncs'));
    const second = await makeDir(path.join(root, 'multi', 'b', 'syncs'));
    h.ui.folders = [folderAt(first, 0), folderAt(second, 1)];
    h.ui.choose = (items, placeHolder) => (placeHolder.startsWith('The workspace folder') ? items[1] : items.find((i) => i.label === DEMO_NAME));
    await h.command(COMMANDS.importBulkSync);
    assert.deepEqual(h.ui.picks[1], { title: 'Import Bulk Sync', placeHolder: `The workspace folder to write ${DEMO_NAME} into`, labels: ['syncs', 'syncs'] });
    assert.ok(readFileSync(path.join(second, PULLED_NAME), 'utf8').includes(DEMO_SYNC_ID));
    assert.throws(() => readFileSync(path.join(first, PULLED_NAME)), /ENOENT/, 'the other folder is untouched');
    await rm(path.join(second, PULLED_NAME)); // else the sync is already kept there

    const cancelled = harness(sandbox);
    cancelled.ui.folders = h.ui.folders;
    cancelled.ui.choose = (items, placeHolder) => (placeHolder.startsWith('The workspace folder') ? undefined : items[0]);
    assert.deepEqual(await cancelled.command(COMMANDS.importBulkSync), { kind: 'stopped', reason: 'declined' });
    assert.ok(!cancelled.calls.some((c) => c.method === 'polysync/pullBulkSync'), 'nothing is pulled when the folder question is dismissed');

    const none = harness(sandbox);
    assert.deepEqual(await none.command(COMMANDS.importBulkSync), { kind: 'stopped', reason: 'no-folder' });
    assert.match(none.ui.only('error').message, /^Import Bulk Sync writes the sync into a workspace folder, and none is open/);
    assert.deepEqual(none.calls, []);
  });

  test('show changes: a diff of the live sync against the file, titled with both; the live side is the file with the live values', async () => {
    const h = harness(sandbox);
    const d = await docs.open(EXAMPLE.replace('"hour": "2"', '"hour": "4"'), 'nightly.polysync.json');
    assert.deepEqual(await h.command(COMMANDS.showChanges, d), { kind: 'diff', differences: 1, changedInPolytomic: 0 });
    assert.deepEqual(h.ui.diffs, [{ uri: d.uri, title: `${DEMO_NAME}: Polytomic ↔ nightly.polysync.json` }]);
    const state = h.states.linked(d.uri);
    assert.ok(state, 'the state was read fresh');
    assert.deepEqual(state.differences.map((x) => x.path), ['default_schedule.hour']);
    // The file's own text (comments, $schema, key order, the link) with the live hour: the example itself.
    assert.equal(state.liveText, EXAMPLE, 'only the differing value is the live one');
    assert.deepEqual(h.ui.shown, []);
  });

  test('show changes on an unchanged file: "no differences", and no diff editor', async () => {
    const h = harness(sandbox);
    const d = await docs.open(EXAMPLE, 'nightly.polysync.json');
    assert.deepEqual(await h.command(COMMANDS.showChanges, d), { kind: 'no-differences' });
    assert.deepEqual(h.ui.diffs, []);
    assert.equal(h.ui.only('info').message, `No differences: nightly.polysync.json matches "${DEMO_NAME}" in Polytomic.`);
  });

  test('show changes on a file that cannot be compared: the whole live sync, and why', async () => {
    const h = harness(sandbox);
    const broken = EXAMPLE.replace('"mode": "replicate",', '"mode": "replicate", "mode": "snapshot",');
    assert.notEqual(broken, EXAMPLE);
    const d = await docs.open(broken, 'nightly.polysync.json');
    assert.equal(((await h.command(COMMANDS.showChanges, d)) as { kind: string }).kind, 'diff');
    assert.match(h.ui.only('warning').message, /^nightly\.polysync\.json could not be compared with "Salesforce to Snowflake \(nightly\)" \(.*duplicate.*\); the diff shows the whole sync as Polytomic holds it\.$/i);
    assert.equal(h.ui.diffs.length, 1);
    assert.match(h.states.linked(d.uri)!.liveText, /^\{\n  "name": "Salesforce to Snowflake \(nightly\)"/, 'the live sync as a pulled file');
  });

  test('show changes on an unlinked file is told why', async () => {
    const plain = harness(sandbox);
    assert.deepEqual(await plain.command(COMMANDS.showChanges, await docs.open(UNLINKED, 'plain.polysync.json')), { kind: 'stopped' });
    assert.equal(plain.ui.only('warning').message, 'This file is not linked to a bulk sync: create it, or import a sync, first.');
    assert.deepEqual(plain.ui.diffs, []);
  });

  test('update: asks with the plan, sends nothing without a yes; with it, updates the sync and rewrites the link', async () => {
    const h = harness(sandbox);
    const d = await docs.open(EXAMPLE.replace('"hour": "2"', '"hour": "4"'), 'nightly.polysync.json');
    assert.deepEqual(await h.command(COMMANDS.updateBulkSync, d), { kind: 'stopped', reason: 'declined' });
    assert.equal(h.ui.questions.length, 1);
    const [question] = h.ui.questions;
    // The sync by its name; its id is detail.
    assert.equal(question.message, `Update bulk sync "${DEMO_NAME}" from this file (default_schedule.hour)?`);
    assert.deepEqual(question.choices, ['Update']);
    assert.equal(question.detail, `default_schedule.hour: "2" → "4"\n\nThis will replace the settings (PUT).\n\nBulk sync id: ${DEMO_SYNC_ID}`);
    assert.equal(sent(sandbox, 'PUT').length, 0, 'nothing was sent without a yes');

    h.ui.answer = (_m, choices) => choices[0];
    const before = linkOf(docs.text(d.uri))!;
    assert.deepEqual(await h.command(COMMANDS.updateBulkSync, d), { kind: 'updated', linked: true });
    assert.equal(sent(sandbox, 'PUT').length, 1);
    assert.equal(sandbox.state.stored.get(DEMO_SYNC_ID)!.sync.default_schedule!.hour, '4');
    assert.deepEqual(h.ui.progress, ['Updating the bulk sync…']);
    const updated = h.ui.only('info');
    assert.equal(updated.message, `Updated bulk sync "${DEMO_NAME}".`);
    await h.ui.pickAction(updated, 'Copy ID');
    assert.equal(h.ui.clipboard, DEMO_SYNC_ID);
    const after = linkOf(docs.text(d.uri))!;
    assert.notEqual(after.updated_at, before.updated_at, 'the link records the sync as updated');
    assert.equal(after.updated_at, sandbox.state.stored.get(DEMO_SYNC_ID)!.sync.updated_at);

    // Now the file and the sync agree.
    const again = harness(sandbox);
    assert.deepEqual(await again.command(COMMANDS.updateBulkSync, h.ui.openDocument(d.uri)), { kind: 'stopped', reason: 'up-to-date' });
    assert.equal(again.ui.only('info').message, 'The bulk sync already matches this file.');
  });

  test('update of an up-to-date file with a link from before bases: nothing is sent, the link gets its base', async () => {
    const updatedAt = sandbox.state.stored.get(DEMO_SYNC_ID)!.sync.updated_at;
    const old = EXAMPLE.replace(/"polysync": \{[\s\S]*\}\n\}\n$/, `"polysync": {\n    "sync_id": "${DEMO_SYNC_ID}",\n    "updated_at": "${updatedAt}",\n    "fingerprints": { "name": "fb2412db497f" }\n  }\n}\n`);
    const h = harness(sandbox);
    const d = await docs.open(old, 'nightly.polysync.json');
    assert.deepEqual(await h.command(COMMANDS.updateBulkSync, d), { kind: 'stopped', reason: 'up-to-date' });
    assert.equal(h.ui.only('info').message, 'The bulk sync already matches this file.');
    assert.equal(sent(sandbox, 'PUT').length + sent(sandbox, 'PATCH').length, 0, 'nothing is sent');
    const text = docs.text(d.uri);
    assert.match(text, /"base": "b1\.[A-Za-z0-9_-]+"/);
    assert.ok(!text.includes('fingerprints'));
    assert.equal(text.slice(0, text.indexOf('"polysync"')), old.slice(0, old.indexOf('"polysync"')), 'only the link changes');
  });

  test('update after a change in Polytomic: the question names the conflict; only "Overwrite and Update" sends, with force', async () => {
    // The hour changed in the app and in the file: a conflict. normalize_names, which the file does
    // not set, changed in the app too: no conflict, and the update keeps it.
    sandbox.editSync(DEMO_SYNC_ID, (s) => {
      s.normalize_names = 'legacy';
      s.default_schedule = { ...s.default_schedule!, hour: '3' };
    });
    const h = harness(sandbox);
    const d = await docs.open(EXAMPLE.replace('"hour": "2"', '"hour": "4"'), 'nightly.polysync.json');
    await h.command(COMMANDS.updateBulkSync, d);
    const [question] = h.ui.questions;
    assert.match(question.message, / Changed in Polytomic since the file was pulled: default_schedule\.hour\. Updating overwrites that change\.$/);
    assert.deepEqual(question.choices, ['Overwrite and Update']);
    assert.match(question.detail ?? '', /Changed in Polytomic since the file was pulled, and overwritten by this update: default_schedule\.hour\n\nBulk sync id: /);
    assert.equal(sent(sandbox, 'PUT').length, 0);

    h.ui.answer = (_m, choices) => choices[0];
    h.calls.length = 0;
    assert.deepEqual(await h.command(COMMANDS.updateBulkSync, d), { kind: 'updated', linked: true });
    assert.deepEqual(h.calls.map((c) => (c.params as { force?: boolean }).force), [undefined, true], 'the send carries force');
    assert.equal(sandbox.state.stored.get(DEMO_SYNC_ID)!.sync.default_schedule!.hour, '4');
    assert.equal(sandbox.state.stored.get(DEMO_SYNC_ID)!.sync.normalize_names, 'legacy', 'what the file leaves to the app is kept');
  });

  test('update that the API did not fully take: a warning names the field, and the file still differs', async () => {
    sandbox.setReadBack({ putKeeps: ['name'] });
    const h = harness(sandbox);
    h.ui.answer = (_m, choices) => choices[0];
    const d = await docs.open(EXAMPLE.replace(`"name": "${DEMO_NAME}"`, '"name": "Renamed in the file"'), 'nightly.polysync.json');
    assert.deepEqual(await h.command(COMMANDS.updateBulkSync, d), { kind: 'updated', linked: true });
    const warning = h.ui.only('warning');
    assert.equal(warning.message, `Updated bulk sync "${DEMO_NAME}". Polytomic did not take this field from the file: name. The sync keeps its own value there; Show Changes shows it.`);
    assert.equal(sandbox.state.stored.get(DEMO_SYNC_ID)!.sync.name, DEMO_NAME);
    // Show Changes, from the warning, on this file: the name is still a difference, the live one on the live side.
    await h.ui.pickAction(warning, 'Show Changes');
    assert.deepEqual(h.ui.commands, [`polysync.showChanges ${d.uri}`]);
    const shown = harness(sandbox);
    assert.equal(((await shown.command(COMMANDS.showChanges, h.ui.openDocument(d.uri))) as { kind: string }).kind, 'diff');
    assert.match(shown.states.linked(d.uri)!.liveText, new RegExp(`"name": "${DEMO_NAME.replace(/[()]/g, '\\$&')}"`));
  });

  test('update refused by the server: an unlinked file, a file edited since it was asked about', async () => {
    const h = harness(sandbox);
    h.ui.answer = (_m, choices) => choices[0];
    assert.deepEqual(await h.command(COMMANDS.updateBulkSync, await docs.open(UNLINKED, 'plain.polysync.json')), { kind: 'stopped', reason: 'refused' });
    assert.match(h.ui.only('error').message, /not linked/);

    const stale = harness(sandbox);
    const d = await docs.open(EXAMPLE.replace('"hour": "2"', '"hour": "4"'), 'nightly.polysync.json');
    await docs.edit(d.uri, docs.text(d.uri).replace('"hour": "4"', '"hour": "5"'));
    assert.deepEqual(await stale.command(COMMANDS.updateBulkSync, d), { kind: 'stopped', reason: 'refused' });
    assert.equal(stale.ui.questions.length, 0, 'nothing is asked about text the user no longer has');
    assert.equal(stale.ui.only('error').level, 'error');
    assert.equal(sent(sandbox, 'PUT').length, 0);
  });

  test('run now: starts one execution; while it runs, the 409 is a warning and nothing starts', async () => {
    const h = harness(sandbox);
    const d = await docs.open(EXAMPLE, 'nightly.polysync.json');
    const started = (await h.command(COMMANDS.runBulkSync, d)) as { kind: string; execution: { id: string } };
    assert.equal(started.kind, 'started');
    // The sync by its name; the execution's id behind Copy Execution ID and in the output.
    const info = h.ui.only('info');
    assert.equal(info.message, `Started a run of "${DEMO_NAME}" (running).`);
    await h.ui.pickAction(info, 'Copy Execution ID');
    assert.equal(h.ui.clipboard, started.execution.id);
    h.ui.shown = [];
    const again = (await h.command(COMMANDS.runBulkSync, d)) as { kind: string };
    assert.equal(again.kind, 'already-running');
    assert.match(h.ui.only('warning').message, new RegExp(`execution ${started.execution.id} is already running`));
    assert.equal(executions(sandbox).length, 2, 'both were asked for');
    assert.equal(sandbox.state.stored.get(DEMO_SYNC_ID)!.executions.filter((e) => e.status === 'running').length, 1, 'one runs');
  });

  test('open in Polytomic: opens the sync\'s page and answers its address, from the state the lens shows', async () => {
    const h = harness(sandbox);
    const d = await docs.open(EXAMPLE, 'nightly.polysync.json');
    const address = `${sandbox.url}/bulk/syncs/${DEMO_SYNC_ID}`;
    assert.equal(await h.command(COMMANDS.openInPolytomic, d), address);
    assert.deepEqual(h.ui.external, [address]);
    // A second time, the state already read is enough: the server is not asked again.
    const reads = h.calls.length;
    assert.equal(await h.command(COMMANDS.openInPolytomic, d), address);
    assert.equal(h.calls.length, reads);

    const plain = harness(sandbox);
    assert.equal(await plain.command(COMMANDS.openInPolytomic, await docs.open(UNLINKED, 'plain.polysync.json')), undefined);
    assert.deepEqual(plain.ui.external, []);
  });

  test('every command: without a document, untrusted, or without a server, says why and sends nothing', async () => {
    const cases = [
      [COMMANDS.showChanges, 'Show Changes', 'see its changes'],
      [COMMANDS.updateBulkSync, 'Update Bulk Sync', 'update its bulk sync'],
      [COMMANDS.runBulkSync, 'Run Now', 'run its bulk sync'],
    ] as const;
    const d = await docs.open(EXAMPLE, 'nightly.polysync.json');
    for (const [id, title, what] of cases) {
      const none = harness(sandbox);
      assert.equal(await none.command(id), undefined);
      assert.equal(none.ui.only('error').message, `Open a linked *.polysync.json file to ${what}.`);

      const untrusted = harness(sandbox);
      untrusted.trusted.value = false;
      await untrusted.command(id, d);
      const warning = untrusted.ui.only('warning');
      assert.equal(warning.message, `${title} needs a trusted workspace: it reads and changes your Polytomic account.`);
      await untrusted.ui.pickAction(warning, 'Manage Workspace Trust');
      assert.deepEqual(untrusted.ui.commands, ['workbench.trust.manage']);

      const stopped = harness(sandbox);
      stopped.running.value = false;
      await stopped.command(id, d);
      const error = stopped.ui.only('error');
      assert.equal(error.message, `${title}: the Polysync language server did not answer (the Polysync language server is not running). See the Polysync output.`);
      assert.ok(error.actions.some((a) => a.title === 'Show Output'));
      assert.deepEqual([...none.calls, ...untrusted.calls, ...stopped.calls], []);
    }
    const importUntrusted = harness(sandbox);
    importUntrusted.trusted.value = false;
    await importUntrusted.command(COMMANDS.importBulkSync);
    assert.match(importUntrusted.ui.only('warning').message, /^Import Bulk Sync needs a trusted workspace/);
    assert.equal(sent(sandbox, 'PUT').length + executions(sandbox).length, 0);
  });

  test('the request helper: a typed answer; a server that is gone is ServerUnavailable; a cancelled request is RequestCancelled', async () => {
    const lsp = await startServer();
    let alive = true;
    // This transport sends no $/cancelRequest: an aborted request stays out until the exchange itself fails.
    const request = requestHelper({ isRunning: () => alive, send: (method, params) => lsp.request(method, params as never, { timeoutMs: 20_000 }) });
    const uri = 'file:///work/syncs/plain.polysync.json';
    lsp.open(uri, UNLINKED, 'polysync', 1);
    assert.deepEqual(await request(BulkSyncState, { textDocument: { uri, version: 1 } }), { kind: 'unlinked' });

    // The list waits on the sandbox; the user cancels, then the server goes away: that is the user's cancel.
    lsp.notify('polysync/setCredentials', { apiUrl: sandbox.url, apiKey: sandbox.keys.user, keyKind: 'user', apiVersion: '2025-09-18' });
    sandbox.setFault({ type: 'latency', phase: 'before-headers', ms: 5000, method: 'GET', path: '/api/bulk/syncs' });
    const cancel = new AbortController();
    const cancelled = request(ListBulkSyncs, null, cancel.signal);
    const notCancelled = request(ListBulkSyncs, null);
    await sandbox.waitForRequests(1);
    cancel.abort();
    await lsp.close();
    await assert.rejects(cancelled, RequestCancelled);
    await assert.rejects(notCancelled, (error: unknown) => error instanceof ServerUnavailable && /exited/.test(error.detail));
    alive = false;
    await assert.rejects(request(ListBulkSyncs, null), (error: unknown) => error instanceof ServerUnavailable && error.message === 'the Polysync language server is not running');
  });
});
