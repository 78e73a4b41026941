// The Create Bulk Sync flow of the VS Code extension, without VS Code: a recording fake Ui, and behind
// it the real bundled language server over stdio (polysync/createBulkSync), which checks the document
// with the account data it reads from the sandbox on 127.0.0.1 and sends the request there.

import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { runCommand } from '../../client/src/commandRecord';
import { COMMANDS } from '../../client/src/commands';
import type { ApiSettings } from '../../client/src/create/apiTarget';
import { type CreateDocument, CreateFlow } from '../../client/src/create/flow';
import type { SendRequest } from '../../client/src/request';
import { MemoryStore, UrlDecisions } from '../../client/src/create/state';
import { flowCommands } from '../../client/src/flowCommands';
import { syncAccount } from '../../client/src/keepSync/account';
import { SyncStates } from '../../client/src/keepSync/states';
import type { CreateBulkSyncParams } from '../../protocol/messages';
import { IDS } from '../sandbox/fixtures';
import { MIRROR, REALISTIC } from '../sandbox/readBack';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { FakeUi, OpenDocuments } from './client-flow-harness';

const ORG = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01';
const PLANTED = 'PLANTED-flow-key-0c9e2b71d4a36f85';

const GOOD = `{
  "$schema": "../schemas/bulk-sync.schema.json",
  // Orders into the warehouse every hour
  "name": "Orders to Snowflake",
  "mode": "replicate",
  "source_connection_id": "${IDS.ordersDb}",
  "destination_connection_id": "${IDS.snowflake}",
  "destination_configuration": { "schema": "orders" },
  "default_schedule": { "frequency": "hourly", "minute": "30" }, /* UTC */
  "schemas": ["public.orders", "public.customers"]
}
`;
const SENT_BODY = {
  name: 'Orders to Snowflake',
  mode: 'replicate',
  source_connection_id: IDS.ordersDb,
  destination_connection_id: IDS.snowflake,
  destination_configuration: { schema: 'orders' },
  default_schedule: { frequency: 'hourly', minute: '30' },
  schemas: ['public.orders', 'public.customers'],
};
const WITH_ERRORS = GOOD.replace('"replicate"', '"replciate"').replace('"minute": "30"', '"minute": 30');
const WITH_WARNING = GOOD.replace('"minute": "30"', '"minute": "30", "day_of_week": "4"');
const UNKNOWN_SCHEMA = GOOD.replace('"public.customers"', '"public.widgets"');

interface Harness {
  ui: FakeUi;
  flow: CreateFlow;
  settings: ApiSettings;
  key: { value: string | undefined };
  trusted: { value: boolean };
  /** The requests the flow made (the dry runs and sends of polysync/createBulkSync). */
  calls: { method: string; params: unknown }[];
  /** The keys stored per API URL (secret storage's, client/src/apiKeys.ts): the sandbox's user key for its URL. */
  keys: Map<string, string>;
  /** The dry runs and sends the flow asked the server for. */
  readonly asked: CreateBulkSyncParams[];
  /** Runs the command as VS Code does (client/src/commandRecord.ts): its document, trust and server checks first. */
  command(doc: CreateDocument): Promise<unknown>;
  /** The sync states the command's flow reads names from (the editor reads them on open and save). */
  states: SyncStates;
}

const docs = new OpenDocuments();
const doc = (text: string, name?: string) => docs.open(text, name);

/** Faults for the create request only: the server's account reads go on as usual. */
const CREATE_ONLY = { method: 'POST', path: '/api/bulk/syncs' } as const;

const posts = (sandbox: Sandbox) => sandbox.state.requests.filter((r) => r.method === 'POST' && r.path === '/api/bulk/syncs');

function harness(sandbox: Sandbox, overrides: Partial<ApiSettings> = {}, workspace = new MemoryStore()): Harness {
  const ui = new FakeUi(docs);
  const settings: ApiSettings = { apiUrl: sandbox.url, apiVersion: '2025-09-18', keyKind: 'user', ...overrides };
  const key = { value: sandbox.keys.user as string | undefined };
  const trusted = { value: true };
  const calls: { method: string; params: unknown }[] = [];
  const request = docs.requester(settings, key, calls);
  const urlDecisions = new UrlDecisions(workspace);
  const keys = new Map<string, string>([[sandbox.url, sandbox.keys.user]]);
  const keyFor = async (url: string) => (url === settings.apiUrl ? key.value : keys.get(url));
  const flow = new CreateFlow({ ui, request, urlDecisions, settings: () => settings, keyFor });
  const account = syncAccount({ urlDecisions, settings: () => settings, keyFor, isTrusted: () => trusted.value });
  const states = new SyncStates({ request, isRunning: () => true, warn: () => undefined, account });
  const record = flowCommands({ ui, request, states, account }, { urlDecisions, settings: () => settings, keyFor }).find(
    (r) => r.id === COMMANDS.createBulkSync,
  )!;
  const command = (d: CreateDocument) => runCommand(record, { ui, isTrusted: () => trusted.value, isServerRunning: () => true, document: async () => d });
  return {
    ui,
    flow,
    settings,
    key,
    keys,
    trusted,
    calls,
    states,
    get asked() {
      return calls.filter((c) => c.method === 'polysync/createBulkSync').map((c) => c.params as CreateBulkSyncParams);
    },
    command,
  };
}

const linkOf = (text: string) => (JSON.parse(text.replace(/\/\/.*$|\/\*.*?\*\//gm, '')) as { polysync?: { sync_id: string; updated_at?: string; base?: string; fingerprints?: unknown } }).polysync;

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

for (const [modeName, readBack] of [['mirror', MIRROR], ['realistic', REALISTIC]] as const) describe(`Create Bulk Sync flow (${modeName} read-back)`, () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ readBack });
  });
  after(async () => {
    await docs.reset();
    await sandbox.close();
  });
  beforeEach(async () => {
    sandbox.reset();
    await docs.reset();
  });

  test('success: sends the document minus comments and $schema, links the file to the new sync, offers Copy ID', async () => {
    const h = harness(sandbox);
    const d = await doc(GOOD);
    const outcome = await h.flow.run(d);
    assert.equal(outcome.kind, 'created');
    assert.equal(sandbox.state.syncs.length, 1);
    const sync = sandbox.state.syncs[0];
    assert.equal(posts(sandbox)[0].body, JSON.stringify(SENT_BODY));
    assert.deepEqual(h.ui.progress, ['Creating bulk sync "Orders to Snowflake"…']);
    const info = h.ui.only('info');
    // Named by its name; the id is behind Copy ID and in the output.
    assert.equal(info.message, 'Created bulk sync "Orders to Snowflake" and linked orders.polysync.json to it.');
    assert.ok(h.ui.logs.some((l) => l.includes(sync.id)), JSON.stringify(h.ui.logs));
    await h.ui.pickAction(info, 'Copy ID');
    assert.equal(h.ui.clipboard, sync.id);
    assert.deepEqual(outcome, { kind: 'created', sync: { id: sync.id, name: 'Orders to Snowflake' }, linked: true });

    // The link is the new last member; every other character of the file, comments included, is as it was.
    const text = docs.text(d.uri);
    const link = linkOf(text);
    assert.equal(link?.sync_id, sync.id);
    assert.equal(link?.updated_at, sync.updated_at);
    assert.match(link?.base ?? '', /^b1\.[A-Za-z0-9_-]+$/, 'read back from the sync: the compact link with its base');
    assert.equal(link?.fingerprints, undefined);
    const member = text.indexOf('"polysync"');
    const before = text.slice(0, member).replace(/,\s*$/, '');
    assert.equal(before, GOOD.slice(0, GOOD.lastIndexOf(']') + 1), 'the text before the link is untouched');
    assert.ok(text.endsWith('}\n'), 'the line end at the end of the file stays');
  });

  test('fields the API did not take are named in a warning, with Show Changes on the file', async () => {
    // The sandbox's POST keeps everything it is sent, so the server's real answer gets a `notTaken` here:
    // what is tested is how the editor tells it.
    const h = harness(sandbox);
    const request: SendRequest = async (type, params, signal) => {
      const answer = await docs.requester(h.settings, h.key, h.calls)(type, params, signal);
      return (type.method === 'polysync/createBulkSync' && (answer as { kind?: string }).kind === 'created' ? { ...answer, notTaken: ['disable_record_timestamps'] } : answer) as typeof answer;
    };
    const flow = new CreateFlow({ ui: h.ui, request, urlDecisions: new UrlDecisions(new MemoryStore()), settings: () => h.settings, keyFor: async () => h.key.value });
    const d = await doc(GOOD);
    assert.equal((await flow.run(d)).kind, 'created');
    const warning = h.ui.only('warning');
    assert.equal(
      warning.message,
      'Created bulk sync "Orders to Snowflake" and linked orders.polysync.json to it. Polytomic did not take this field from the file: disable_record_timestamps. The sync keeps its own value there; Show Changes shows it.',
    );
    await h.ui.pickAction(warning, 'Show Changes');
    assert.deepEqual(h.ui.commands, [`polysync.showChanges ${d.uri}`]);
    assert.equal(linkOf(docs.text(d.uri))?.sync_id, sandbox.state.syncs[0].id, 'the file is linked all the same');
  });

  test('a field the API did not store is named: the server answers notTaken, the editor warns, the file is linked', async () => {
    sandbox.setReadBack({ createKeeps: ['concurrency_limit'] });
    const h = harness(sandbox);
    const answers: unknown[] = [];
    const send = docs.requester(h.settings, h.key);
    const request: SendRequest = async (type, params, signal) => {
      const answer = await send(type, params, signal);
      answers.push(answer);
      return answer;
    };
    const flow = new CreateFlow({ ui: h.ui, request, urlDecisions: new UrlDecisions(new MemoryStore()), settings: () => h.settings, keyFor: async () => h.key.value });
    const d = await doc(GOOD.replace('"schemas":', '"concurrency_limit": 4,\n  "schemas":'));
    const outcome = await flow.run(d);
    assert.equal(outcome.kind, 'created');
    const sync = sandbox.state.syncs[0];
    assert.equal(sandbox.state.stored.get(sync.id)!.sync.concurrency_limit, null, 'the sandbox did not store it');
    const created = answers.find((a) => (a as { kind?: string }).kind === 'created') as { notTaken?: string[] } | undefined;
    assert.deepEqual(created?.notTaken, ['concurrency_limit'], JSON.stringify(answers));
    const warning = h.ui.only('warning');
    assert.equal(warning.message, 'Created bulk sync "Orders to Snowflake" and linked orders.polysync.json to it. Polytomic did not take this field from the file: concurrency_limit. The sync keeps its own value there; Show Changes shows it.');
    assert.equal(linkOf(docs.text(d.uri))?.sync_id, sync.id, 'the file is linked all the same');
  });

  test('errors in the document block the create: nothing is sent, Show Problems is offered', async () => {
    const h = harness(sandbox);
    const outcome = await h.flow.run(await doc(WITH_ERRORS));
    assert.deepEqual(outcome, { kind: 'stopped', reason: 'document' });
    const error = h.ui.only('error');
    assert.match(error.message, /^Cannot create the bulk sync: 2 problems must be fixed first\./);
    await h.ui.pickAction(error, 'Show Problems');
    assert.deepEqual(h.ui.commands, ['workbench.actions.view.problems']);
    assert.equal(posts(sandbox).length, 0);
    assert.deepEqual(h.asked.map((p) => p.dryRun), [true], 'only the check was asked for');
  });

  test('warnings ask first, listing them; declining sends nothing, accepting creates', async () => {
    const h = harness(sandbox);
    const outcome = await h.flow.run(await doc(WITH_WARNING));
    assert.deepEqual(outcome, { kind: 'stopped', reason: 'declined' });
    assert.equal(h.ui.questions.length, 1);
    assert.equal(h.ui.questions[0].message, 'orders.polysync.json has 1 warning. Create the bulk sync anyway?');
    assert.match(h.ui.questions[0].detail ?? '', /^Line 9: `day_of_week` is not used by a `hourly` schedule/);
    assert.equal(posts(sandbox).length, 0);

    h.ui.answer = (_m, choices) => choices[0];
    assert.equal((await h.flow.run(await doc(WITH_WARNING))).kind, 'created');
    assert.equal(sandbox.state.syncs.length, 1);
  });

  test('a linked file is refused: it names its sync, offers Update and Show Changes, and sends nothing', async () => {
    const h = harness(sandbox);
    const d = await doc(GOOD);
    await h.flow.run(d);
    const first = sandbox.state.syncs[0];
    h.ui.shown = [];
    h.calls.length = 0;
    const again = await h.flow.run({ ...d, version: docs.texts.get(d.uri)!.version });
    assert.deepEqual(again, { kind: 'stopped', reason: 'linked' });
    // Information, not an error: the file is kept with Update, which is offered.
    const refused = h.ui.only('info');
    assert.match(refused.message, new RegExp(`^This file is linked to bulk sync ${first.id}, so Create would make a second sync from it; nothing was sent\\.`));
    await h.ui.pickAction(refused, 'Update Bulk Sync');
    await h.ui.pickAction(refused, 'Show Changes');
    assert.deepEqual(h.ui.commands, [`polysync.updateBulkSync ${d.uri}`, `polysync.showChanges ${d.uri}`]);
    assert.deepEqual(h.asked.map((p) => p.dryRun), [true], 'refused at the check, before any question');
    assert.equal(h.ui.questions.length, 0);
    assert.equal(posts(sandbox).length, 1);
    assert.equal(sandbox.state.syncs.length, 1);

    // The same body in another file, without the link, is that sync's twin: nothing is created, the
    // warning names the sync and how to link the file, and Copy ID copies its id.
    const other = harness(sandbox, {}, new MemoryStore());
    assert.deepEqual(await other.flow.run(await doc(GOOD, 'copy.polysync.json')), { kind: 'stopped', reason: 'twin' });
    const twin = other.ui.only('warning');
    assert.match(twin.message, new RegExp(`^Nothing was created: a bulk sync with this name, source and destination already exists: ${first.id} .*"polysync link copy\.polysync\.json ${first.id}"`));
    await other.ui.pickAction(twin, 'Copy ID');
    assert.equal(other.ui.clipboard, first.id);
    assert.equal(posts(sandbox).length, 1);
    assert.equal(sandbox.state.syncs.length, 1);
    // Another name is another sync.
    assert.equal((await other.flow.run(await doc(GOOD.replace('"Orders to Snowflake"', '"Orders to Snowflake (EU)"'), 'eu.polysync.json'))).kind, 'created');
    assert.equal(sandbox.state.syncs.length, 2);
  });

  test('a linked file whose state was read: the refusal names the sync by its name, and offers Update', async () => {
    const h = harness(sandbox);
    const d = await doc(GOOD);
    await h.command(d);
    const now = { ...d, version: docs.texts.get(d.uri)!.version };
    const state = await h.states.refresh(now);
    assert.equal(state?.kind, 'linked', JSON.stringify(state));
    h.ui.shown = [];
    await h.command(now);
    const refused = h.ui.only('info');
    assert.equal(
      refused.message,
      'This file is linked to bulk sync "Orders to Snowflake", so Create would make a second sync from it; nothing was sent. Update Bulk Sync sends the file to that sync; to create another one, delete the "polysync" key (or copy the file without it).',
    );
    assert.deepEqual(refused.actions.map((a) => a.title), ['Update Bulk Sync', 'Show Changes']);
    assert.equal(sandbox.state.syncs.length, 1);
  });

  test('a file edited while its sync was being created is not linked; the warning offers the link to paste', async () => {
    sandbox.setFault({ type: 'latency', phase: 'processing', ms: 300, ...CREATE_ONLY });
    const h = harness(sandbox);
    const d = await doc(GOOD);
    const typed = GOOD.replace('"Orders to Snowflake"', '"Orders to Snowflake (typed meanwhile)"');
    h.ui.duringSend = async () => void (await docs.edit(d.uri, typed));
    const outcome = await h.flow.run(d);
    assert.equal(outcome.kind, 'created');
    assert.equal(outcome.kind === 'created' && outcome.linked, false);
    assert.equal(docs.text(d.uri), typed, 'what the user typed is kept, and nothing was written over it');
    const sync = sandbox.state.syncs[0];
    const warning = h.ui.only('warning');
    assert.match(warning.message, new RegExp(`^Created bulk sync "Orders to Snowflake", but orders\\.polysync\\.json changed while it was being created, so the link to it was not written\\.`));
    await h.ui.pickAction(warning, 'Copy Link');
    const pasted = JSON.parse(`{${h.ui.clipboard}}`) as { polysync: { sync_id: string } };
    assert.equal(pasted.polysync.sync_id, sync.id);
  });

  test('401: says the key was not accepted and offers Set API Key', async () => {
    const h = harness(sandbox);
    h.key.value = 'not-a-real-key';
    const outcome = await h.flow.run(await doc(GOOD));
    assert.equal(outcome.kind, 'failed');
    const error = h.ui.only('error');
    assert.match(error.message, /^The API key \(or organization id\) was not accepted\. Could not create the bulk sync: HTTP 401 /);
    assert.match(error.message, /No bulk sync was created\.$/);
    await h.ui.pickAction(error, 'Set API Key');
    assert.deepEqual(h.ui.commands, ['polysync.setApiKey']);
    assert.equal(sandbox.state.syncs.length, 0);
  });

  test('403: says the key lacks permission and offers Set API Key', async () => {
    const h = harness(sandbox);
    h.key.value = sandbox.keys.readonly;
    await h.flow.run(await doc(GOOD));
    const error = h.ui.only('error');
    assert.match(error.message, /^The API key does not have permission to create bulk syncs\. .*HTTP 403 /);
    assert.ok(error.actions.some((a) => a.title === 'Set API Key'));
  });

  test('an error only the account can tell (a schema the source lacks) blocks Create, as it shows in Problems', async () => {
    const h = harness(sandbox);
    const outcome = await h.flow.run(await doc(UNKNOWN_SCHEMA));
    assert.deepEqual(outcome, { kind: 'stopped', reason: 'document' });
    assert.match(h.ui.only('error').message, /^Cannot create the bulk sync: 1 problem must be fixed first\. Nothing was sent\.$/);
    assert.equal(posts(sandbox).length, 0);
    assert.ok(sandbox.state.requests.some((r) => r.path.endsWith('/bulksync/source')), 'the source was read from the account');
  });

  test('422: the API message, and its fields become diagnostics at their place in the text', async () => {
    // The source cannot be read, so the account check has no evidence and the API gives the verdict.
    sandbox.setFault({ type: 'status', status: 500, method: 'GET', path: `/api/connections/${IDS.ordersDb}/bulksync/source` });
    const h = harness(sandbox);
    const d = await doc(UNKNOWN_SCHEMA);
    const outcome = await h.flow.run(d);
    assert.equal(outcome.kind, 'failed');
    const error = h.ui.only('error');
    assert.match(error.message, /^Could not create the bulk sync: HTTP 422 Unprocessable Entity .*unknown schema "public\.widgets".*No bulk sync was created\./);
    const shown = h.ui.diagnostics.get(d.uri);
    assert.ok(shown, 'diagnostics were set');
    assert.equal(shown.version, d.version);
    const line = UNKNOWN_SCHEMA.split('\n').findIndex((l) => l.includes('"public.widgets"'));
    const character = UNKNOWN_SCHEMA.split('\n')[line].indexOf('"public.widgets"');
    assert.deepEqual(shown.items.map((i) => ({ path: i.path, range: i.range })), [
      { path: 'schemas[1]', range: { start: { line, character }, end: { line, character: character + '"public.widgets"'.length } } },
    ]);
    assert.match(shown.items[0].message, /^schemas\[1\]: unknown schema "public\.widgets"/);
    await h.ui.pickAction(error, 'Show Problems');

    // The next Create starts by clearing them.
    assert.equal((await h.flow.run(await doc(GOOD))).kind, 'created');
    assert.equal(h.ui.diagnostics.size, 0);
  });

  test('500: nothing was created and the document is unchanged; a refused connection says the same', async () => {
    sandbox.setFault({ type: 'status', status: 500, body: 'html', ...CREATE_ONLY });
    const h = harness(sandbox);
    const outcome = await h.flow.run(await doc(GOOD));
    assert.equal(outcome.kind, 'failed');
    const error = h.ui.only('error');
    assert.match(error.message, /HTTP 500 .*an HTML page, not JSON/);
    assert.match(error.message, /No bulk sync was created\. The document is unchanged\.$/);
    assert.equal(sandbox.state.syncs.length, 0);
    assert.equal(linkOf(docs.text('file:///work/syncs/orders.polysync.json')), undefined, 'the file is not linked');

    const down = harness(sandbox, { apiUrl: `http://127.0.0.1:${await closedPort()}` });
    await down.flow.run(await doc(GOOD));
    assert.match(down.ui.only('error').message, /No bulk sync was created\. The document is unchanged\.$/);
  });

  test('untrusted workspace: the command says why, offers Manage Workspace Trust and makes no request', async () => {
    const h = harness(sandbox);
    h.trusted.value = false;
    assert.equal(await h.command(await doc(GOOD)), undefined);
    const error = h.ui.only('error');
    assert.match(error.message, /^Creating bulk syncs is turned off in an untrusted workspace.*Nothing was sent\.$/);
    await h.ui.pickAction(error, 'Manage Workspace Trust');
    assert.deepEqual(h.ui.commands, ['workbench.trust.manage']);
    assert.equal(posts(sandbox).length, 0);
    assert.deepEqual(h.calls, []);

    // Trusted, the same command runs the flow.
    h.trusted.value = true;
    h.ui.shown = [];
    assert.equal(((await h.command(await doc(GOOD))) as { kind: string }).kind, 'created');
    assert.equal(posts(sandbox).length, 1);
  });

  test('no key: offers Set API Key and sends nothing', async () => {
    const h = harness(sandbox);
    h.key.value = undefined;
    assert.deepEqual(await h.flow.run(await doc(GOOD)), { kind: 'stopped', reason: 'no-key' });
    await h.ui.pickAction(h.ui.only('error'), 'Set API Key');
    assert.deepEqual(h.ui.commands, ['polysync.setApiKey']);
    assert.equal(posts(sandbox).length, 0);
  });

  test('a workspace apiUrl is used only if the user says so, with the key stored for it, and the answer is remembered', async () => {
    const store = new MemoryStore();
    // The user setting is a loopback port where nothing listens, with a key of its own (the one the server
    // holds); the workspace names the sandbox, whose key is stored for the sandbox's URL.
    const userUrl = `http://127.0.0.1:${await closedPort()}`;
    const h = harness(sandbox, { apiUrl: userUrl, workspaceApiUrl: sandbox.url }, store);
    h.key.value = PLANTED;
    assert.deepEqual(await h.flow.run(await doc(GOOD)), { kind: 'stopped', reason: 'declined' }, 'dismissing sends nothing');
    assert.match(h.ui.questions[0].message, new RegExp(`^This workspace keeps its bulk syncs at ${sandbox.url}\\. Use that API URL for this workspace's syncs`));
    // The answer is the workspace's, and the question says what it covers besides this Create.
    assert.match(h.ui.questions[0].detail ?? '', /covers its syncs, not only this Create: .*Show Changes, Update Bulk Sync, Run Now and Import Bulk Sync/);
    assert.deepEqual(h.ui.questions[0].choices, [`Use ${sandbox.url}`, `Use ${userUrl}`]);
    assert.equal(posts(sandbox).length, 0);

    h.ui.answer = (_m, choices) => choices[0];
    assert.equal((await h.flow.run(await doc(GOOD))).kind, 'created');
    assert.equal(posts(sandbox).length, 1);
    assert.deepEqual([h.asked.at(-1)?.account?.apiUrl, h.asked.at(-1)?.account?.apiKey], [sandbox.url, sandbox.keys.user], 'the chosen URL went with its own key');
    assert.equal(posts(sandbox)[0].principal, 'user', 'the sandbox got the key stored for it');
    const seen = JSON.stringify(sandbox.state.requests.map((r) => r.headers));
    assert.ok(!seen.includes(PLANTED), 'the user URL\'s key never reached the workspace URL');

    // Remembered for this workspace: the next file is not asked again.
    const next = harness(sandbox, { apiUrl: userUrl, workspaceApiUrl: sandbox.url }, store);
    next.key.value = PLANTED;
    assert.equal((await next.flow.run(await doc(GOOD.replace('"Orders to Snowflake"', '"Orders to Snowflake (EU)"'), 'next.polysync.json'))).kind, 'created');
    assert.equal(next.ui.questions.length, 0);
    assert.equal(sandbox.state.syncs.length, 2);
  });

  test('choosing the user URL over a workspace one sends nothing to the workspace URL', async () => {
    const store = new MemoryStore();
    const elsewhere = `http://127.0.0.1:${await closedPort()}`;
    const h = harness(sandbox, { apiUrl: sandbox.url, workspaceApiUrl: elsewhere }, store);
    h.ui.answer = (_m, choices) => choices[1];
    assert.equal((await h.flow.run(await doc(GOOD))).kind, 'created');
    assert.deepEqual(h.ui.questions[0].choices, [`Use ${elsewhere}`, `Use ${sandbox.url}`]);
    assert.ok(h.asked.every((p) => p.account === undefined), 'the account URL is used');
    assert.equal(posts(sandbox).length, 1);
  });

  test('a workspace apiUrl without a key stored for it sends nothing, and Set API Key is offered for that URL', async () => {
    const store = new MemoryStore();
    const elsewhere = `http://127.0.0.1:${await closedPort()}`;
    // Signed out at the user URL too: the workspace URL may still be chosen, and then needs its own key.
    const workspaceUrl = `http://localhost:${new URL(sandbox.url).port}`;
    const h = harness(sandbox, { apiUrl: elsewhere, workspaceApiUrl: workspaceUrl }, store);
    h.key.value = undefined;
    h.ui.answer = (_m, choices) => choices[0];
    assert.deepEqual(await h.flow.run(await doc(GOOD)), { kind: 'stopped', reason: 'no-key' });
    assert.match(h.ui.only('error').message, /^No API key is stored for http:\/\/localhost:\d+, so nothing was sent there\./);
    await h.ui.pickAction(h.ui.only('error'), 'Set API Key');
    assert.deepEqual(h.ui.commands, [`polysync.setApiKey ${workspaceUrl}`]);
    assert.equal(posts(sandbox).length, 0);
    assert.ok(h.asked.every((p) => p.account === undefined), 'no account without its key was sent');
  });

  test('a plain-http API URL to a remote host is refused outright, from user or workspace settings', async () => {
    const user = harness(sandbox, { apiUrl: 'http://api.example.com' });
    assert.deepEqual(await user.flow.run(await doc(GOOD)), { kind: 'stopped', reason: 'settings' });
    const error = user.ui.only('error');
    assert.match(error.message, /^The API base URL must use https: plain http is only allowed for localhost.*\(got host api\.example\.com\)\. Nothing was sent\.$/);
    assert.ok(error.actions.some((a) => a.title === 'Open Settings'));

    const workspace = harness(sandbox, { workspaceApiUrl: 'http://collector.example.net/' });
    assert.deepEqual(await workspace.flow.run(await doc(GOOD)), { kind: 'stopped', reason: 'settings' });
    assert.match(workspace.ui.only('error').message, /workspace's settings set polysync\.apiUrl to http:\/\/collector\.example\.net\/, which is refused/);
    assert.equal(workspace.ui.questions.length, 0, 'the user is not even asked');
    assert.equal(posts(sandbox).length, 0);
  });

  test('an organization key goes as Basic with polysync.organizationId; without the id nothing is sent', async () => {
    const missing = harness(sandbox, { keyKind: 'organization' });
    assert.deepEqual(await missing.flow.run(await doc(GOOD)), { kind: 'stopped', reason: 'settings' });
    assert.match(missing.ui.only('error').message, /polysync\.organizationId must be set/);

    const h = harness(sandbox, { keyKind: 'organization', organizationId: ORG });
    h.key.value = sandbox.keys.organization;
    assert.equal((await h.flow.run(await doc(GOOD))).kind, 'created');
    assert.equal(posts(sandbox).length, 1);
    assert.equal(posts(sandbox)[0].authScheme, 'Basic');
    assert.equal(posts(sandbox)[0].principal, 'organization');
  });

  test('cancelling the progress aborts the request and says what that means', async () => {
    sandbox.setFault({ type: 'latency', phase: 'before-headers', ms: 3000, ...CREATE_ONLY });
    const h = harness(sandbox);
    const running = h.flow.run(await doc(GOOD));
    // The server reads the account first; the progress shows once the create request is on its way.
    while (posts(sandbox).length === 0) await sandbox.waitForRequests(sandbox.state.requests.length + 1);
    assert.ok(h.ui.running, 'the progress is showing');
    h.ui.running.abort();
    const outcome = await running;
    assert.equal(outcome.kind, 'failed');
    const warning = h.ui.only('warning');
    assert.match(warning.message, /^Create cancelled\./);
    assert.match(warning.message, /may or may not have been created/, 'the request had been sent');
  });

  test('a second click while a Create is running does not send a second request', async () => {
    sandbox.setFault({ type: 'latency', phase: 'processing', ms: 300, ...CREATE_ONLY });
    const h = harness(sandbox);
    const d = await doc(GOOD);
    const first = h.flow.run(d);
    const second = await h.flow.run(d);
    assert.deepEqual(second, { kind: 'stopped', reason: 'busy' });
    assert.equal((await first).kind, 'created');
    assert.equal(posts(sandbox).length, 1);
  });

  test('a planted key echoed back by the API appears in no message, question or diagnostic', async () => {
    for (const [organizationId, status] of [[undefined, 422], [ORG, 400], [undefined, 401]] as const) {
      sandbox.reset();
      // Every request on bulk syncs: with the planted key, the list read before the create (the twin check) is the first to echo it.
      sandbox.setFault({ type: 'status', status, body: 'echo', path: '/api/bulk/syncs' });
      const h = harness(sandbox, organizationId ? { keyKind: 'organization', organizationId } : {});
      h.key.value = PLANTED;
      assert.equal((await h.flow.run(await doc(GOOD))).kind, 'failed');
      const all = h.ui.everything();
      assert.match(all, /\[redacted\]/, 'the echo reached the messages, scrubbed');
      for (const form of [PLANTED, Buffer.from(`${ORG}:${PLANTED}`).toString('base64')]) assert.ok(!all.includes(form), all);
    }
  });
});
