// The Create Bulk Sync flow of the VS Code extension, without VS Code: a recording fake Ui, and behind
// it the real bundled language server over stdio (polysync/createBulkSync), which checks the document
// with the account data it reads from the sandbox on 127.0.0.1 and sends the request there.

import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { ApiSettings } from '../../client/src/create/apiTarget';
import { type CreateDocument, CreateFlow } from '../../client/src/create/flow';
import { MemoryStore, UrlDecisions } from '../../client/src/create/state';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FieldDiagnostic, Ui, UiAction } from '../../client/src/create/ui';
import { credentialsFor } from '../../client/src/create/apiTarget';
import type { CreateBulkSyncParams, CreateBulkSyncResult, LinkEdit } from '../../protocol/messages';
import { type LspTestClient, startServer } from '../lsp/harness';
import { IDS } from '../sandbox/fixtures';
import { type Sandbox, startSandbox } from '../sandbox/server';

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

interface Shown {
  level: 'error' | 'warning' | 'info';
  message: string;
  actions: UiAction[];
}

/** Records everything shown; answers questions from a script. */
class FakeUi implements Ui {
  shown: Shown[] = [];
  questions: { message: string; detail?: string; choices: string[] }[] = [];
  /** Answers each question; undefined dismisses it. */
  answer: (message: string, choices: string[]) => string | undefined = () => undefined;
  progress: string[] = [];
  running?: AbortController;
  clipboard?: string;
  commands: string[] = [];
  diagnostics = new Map<string, { version: number; items: FieldDiagnostic[] }>();
  /** Runs while the create request is out, as a person typing during the progress would. */
  duringSend?: () => Promise<void>;

  showError(message: string, actions: UiAction[] = []) {
    this.shown.push({ level: 'error', message, actions });
  }
  showWarning(message: string, actions: UiAction[] = []) {
    this.shown.push({ level: 'warning', message, actions });
  }
  showInfo(message: string, actions: UiAction[] = []) {
    this.shown.push({ level: 'info', message, actions });
  }
  async ask(message: string, detail: string | undefined, choices: string[]) {
    this.questions.push({ message, detail, choices });
    return this.answer(message, choices);
  }
  async withProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    this.progress.push(title);
    this.running = new AbortController();
    try {
      const result = task(this.running.signal);
      await this.duringSend?.();
      return await result;
    } finally {
      this.running = undefined;
    }
  }
  async copyToClipboard(text: string) {
    this.clipboard = text;
  }
  async executeCommand(command: string, ...args: unknown[]) {
    this.commands.push([command, ...args.map(String)].join(' '));
    return undefined;
  }
  /** What the editor does: the edit lands only on the version it was made for, and the server hears of it. */
  async writeLink(uri: string, version: number, edit: LinkEdit) {
    const open = texts.get(uri);
    if (!open || open.version !== version) return false;
    await edit_(uri, TextDocument.applyEdits(TextDocument.create(uri, 'polysync', version, open.text), [edit]));
    return true;
  }
  setFieldDiagnostics(uri: string, version: number, items: FieldDiagnostic[]) {
    this.diagnostics.set(uri, { version, items });
  }
  clearFieldDiagnostics(uri: string) {
    this.diagnostics.delete(uri);
  }

  /** The one message shown, of this level. */
  only(level: Shown['level']): Shown {
    assert.deepEqual(this.shown.map((s) => s.level), [level], JSON.stringify(this.shown.map((s) => s.message)));
    return this.shown[0];
  }
  async pick(shown: Shown, title: string): Promise<void> {
    const action = shown.actions.find((a) => a.title === title);
    assert.ok(action, `"${title}" is offered; offered: ${shown.actions.map((a) => a.title).join(', ')}`);
    await action.run();
  }
  everything(): string {
    return JSON.stringify({ shown: this.shown.map((s) => s.message), questions: this.questions, progress: this.progress, diagnostics: [...this.diagnostics.values()] });
  }
}

interface Harness {
  ui: FakeUi;
  flow: CreateFlow;
  settings: ApiSettings;
  key: { value: string | undefined };
  trusted: { value: boolean };
  /** The dry runs and sends the flow asked the server for. */
  asked: CreateBulkSyncParams[];
}

const servers: LspTestClient[] = [];
let current: Promise<LspTestClient> | undefined;

/** The language server of the running test (a fresh one per test, so no account data is carried over). */
function server(): Promise<LspTestClient> {
  current ??= startServer({ initializationOptions: { accountTimeoutMs: 3000 } }).then((s) => (servers.push(s), s));
  return current;
}

/** Faults for the create request only: the server's account reads go on as usual. */
const CREATE_ONLY = { method: 'POST', path: '/api/bulk/syncs' } as const;

const posts = (sandbox: Sandbox) => sandbox.state.requests.filter((r) => r.method === 'POST' && r.path === '/api/bulk/syncs');

function harness(sandbox: Sandbox, overrides: Partial<ApiSettings> = {}, workspace = new MemoryStore()): Harness {
  const ui = new FakeUi();
  const settings: ApiSettings = { apiUrl: sandbox.url, apiVersion: '2025-09-18', keyKind: 'user', ...overrides };
  const key = { value: sandbox.keys.user as string | undefined };
  const trusted = { value: true };
  const asked: CreateBulkSyncParams[] = [];
  const flow = new CreateFlow({
    ui,
    urlDecisions: new UrlDecisions(workspace),
    settings: () => settings,
    isTrusted: () => trusted.value,
    request: async (params, signal) => {
      asked.push(params);
      const lsp = await server();
      // What the VS Code client sends whenever the key or settings change (client/src/settings.ts).
      lsp.notify('polysync/setCredentials', credentialsFor(settings, key.value));
      let id: number | undefined;
      signal?.addEventListener('abort', () => id !== undefined && lsp.notify('$/cancelRequest', { id }), { once: true });
      return lsp.request<CreateBulkSyncResult>('polysync/createBulkSync', params, { timeoutMs: 20_000, onId: (n) => (id = n) });
    },
  });
  return { ui, flow, settings, key, trusted, asked };
}

let version = 0;
/** The open documents' texts, as the editor holds them. */
const texts = new Map<string, { version: number; text: string }>();

/** Opens the text in the server, as the editor does before any command can run on it. */
async function doc(text: string, name = 'orders.polysync.json'): Promise<CreateDocument> {
  const lsp = await server();
  const uri = `file:///work/syncs/${name}`;
  version += 1;
  lsp.notify('textDocument/didClose', { textDocument: { uri } });
  lsp.open(uri, text, 'polysync', version);
  texts.set(uri, { version, text });
  return { uri, fileName: `/work/syncs/${name}`, version };
}

/** An edit to an open document: a new version, sent to the server. */
async function edit_(uri: string, text: string): Promise<CreateDocument> {
  const lsp = await server();
  version += 1;
  lsp.change(uri, version, [{ text }]);
  texts.set(uri, { version, text });
  return { uri, fileName: uri.replace('file://', ''), version };
}

const linkOf = (text: string) => (JSON.parse(text.replace(/\/\/.*$|\/\*.*?\*\//gm, '')) as { polysync?: { sync_id: string; updated_at?: string; fingerprints?: Record<string, string> } }).polysync;

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Create Bulk Sync flow', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await sandbox.close();
  });
  beforeEach(async () => {
    sandbox.reset();
    await Promise.all(servers.splice(0).map((s) => s.close()));
    current = undefined;
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
    assert.equal(info.message, `Created bulk sync "Orders to Snowflake" (${sync.id}) and linked orders.polysync.json to it.`);
    await h.ui.pick(info, 'Copy ID');
    assert.equal(h.ui.clipboard, sync.id);
    assert.deepEqual(outcome, { kind: 'created', sync: { id: sync.id, name: 'Orders to Snowflake' }, linked: true });

    // The link is the new last member; every other character of the file, comments included, is as it was.
    const text = texts.get(d.uri)!.text;
    const link = linkOf(text);
    assert.equal(link?.sync_id, sync.id);
    assert.equal(link?.updated_at, sync.updated_at);
    assert.ok(link?.fingerprints && Object.keys(link.fingerprints).length > 0, 'read back from the sync, with its fingerprints');
    const member = text.indexOf('"polysync"');
    const before = text.slice(0, member).replace(/,\s*$/, '');
    assert.equal(before, GOOD.slice(0, GOOD.lastIndexOf(']') + 1), 'the text before the link is untouched');
    assert.ok(text.endsWith('}\n'), 'the line end at the end of the file stays');
  });

  test('errors in the document block the create: nothing is sent, Show Problems is offered', async () => {
    const h = harness(sandbox);
    const outcome = await h.flow.run(await doc(WITH_ERRORS));
    assert.deepEqual(outcome, { kind: 'stopped', reason: 'document' });
    const error = h.ui.only('error');
    assert.match(error.message, /^Cannot create the bulk sync: 2 problems must be fixed first\./);
    await h.ui.pick(error, 'Show Problems');
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
    h.asked.length = 0;
    const linked = texts.get(d.uri)!;
    const again = await h.flow.run({ ...d, version: linked.version });
    assert.deepEqual(again, { kind: 'stopped', reason: 'linked' });
    const error = h.ui.only('error');
    assert.match(error.message, new RegExp(`^This file is linked to bulk sync ${first.id}, so Create would make a second sync from it; nothing was sent\\.`));
    await h.ui.pick(error, 'Update Bulk Sync');
    await h.ui.pick(error, 'Show Changes');
    assert.deepEqual(h.ui.commands, [`polysync.updateBulkSync ${d.uri}`, `polysync.showChanges ${d.uri}`]);
    assert.deepEqual(h.asked.map((p) => p.dryRun), [true], 'refused at the check, before any question');
    assert.equal(h.ui.questions.length, 0);
    assert.equal(posts(sandbox).length, 1);
    assert.equal(sandbox.state.syncs.length, 1);

    // The same body in another file, without the link, is another sync.
    const other = harness(sandbox, {}, new MemoryStore());
    assert.equal((await other.flow.run(await doc(GOOD, 'copy.polysync.json'))).kind, 'created');
    assert.equal(sandbox.state.syncs.length, 2);
  });

  test('a file edited while its sync was being created is not linked; the warning offers the link to paste', async () => {
    sandbox.setFault({ type: 'latency', phase: 'processing', ms: 300, ...CREATE_ONLY });
    const h = harness(sandbox);
    const d = await doc(GOOD);
    const typed = GOOD.replace('"Orders to Snowflake"', '"Orders to Snowflake (typed meanwhile)"');
    h.ui.duringSend = async () => void (await edit_(d.uri, typed));
    const outcome = await h.flow.run(d);
    assert.equal(outcome.kind, 'created');
    assert.equal(outcome.kind === 'created' && outcome.linked, false);
    assert.equal(texts.get(d.uri)!.text, typed, 'what the user typed is kept, and nothing was written over it');
    const sync = sandbox.state.syncs[0];
    const warning = h.ui.only('warning');
    assert.match(warning.message, new RegExp(`^Created bulk sync "Orders to Snowflake" \\(${sync.id}\\), but orders\\.polysync\\.json changed while it was being created, so the link to it was not written\\.`));
    await h.ui.pick(warning, 'Copy Link');
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
    await h.ui.pick(error, 'Set API Key');
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
    await h.ui.pick(error, 'Show Problems');

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
    assert.equal(linkOf(texts.get('file:///work/syncs/orders.polysync.json')!.text), undefined, 'the file is not linked');

    const down = harness(sandbox, { apiUrl: `http://127.0.0.1:${await closedPort()}` });
    await down.flow.run(await doc(GOOD));
    assert.match(down.ui.only('error').message, /No bulk sync was created\. The document is unchanged\.$/);
  });

  test('untrusted workspace: says why, makes no request and builds no client', async () => {
    const h = harness(sandbox);
    h.trusted.value = false;
    const outcome = await h.flow.run(await doc(GOOD));
    assert.deepEqual(outcome, { kind: 'stopped', reason: 'untrusted' });
    const error = h.ui.only('error');
    assert.match(error.message, /untrusted workspace/);
    await h.ui.pick(error, 'Manage Workspace Trust');
    assert.deepEqual(h.ui.commands, ['workbench.trust.manage']);
    assert.equal(posts(sandbox).length, 0);
    assert.deepEqual(h.asked, []);
  });

  test('no key: offers Set API Key and sends nothing', async () => {
    const h = harness(sandbox);
    h.key.value = undefined;
    assert.deepEqual(await h.flow.run(await doc(GOOD)), { kind: 'stopped', reason: 'no-key' });
    await h.ui.pick(h.ui.only('error'), 'Set API Key');
    assert.deepEqual(h.ui.commands, ['polysync.setApiKey']);
    assert.equal(posts(sandbox).length, 0);
  });

  test('a workspace apiUrl is used only if the user says so, and the answer is remembered', async () => {
    const store = new MemoryStore();
    // The user setting is a loopback port where nothing listens; the workspace names the sandbox.
    const userUrl = `http://127.0.0.1:${await closedPort()}`;
    const h = harness(sandbox, { apiUrl: userUrl, workspaceApiUrl: sandbox.url }, store);
    assert.deepEqual(await h.flow.run(await doc(GOOD)), { kind: 'stopped', reason: 'declined' }, 'dismissing sends nothing');
    assert.match(h.ui.questions[0].message, new RegExp(`^This workspace asks for bulk syncs to be created at ${sandbox.url}\\.`));
    assert.deepEqual(h.ui.questions[0].choices, [`Use ${sandbox.url}`, `Use ${userUrl}`]);
    assert.equal(posts(sandbox).length, 0);

    h.ui.answer = (_m, choices) => choices[0];
    assert.equal((await h.flow.run(await doc(GOOD))).kind, 'created');
    assert.equal(posts(sandbox).length, 1);
    assert.equal(h.asked.at(-1)?.apiUrl, sandbox.url, 'the server was told which URL the user chose');

    // Remembered for this workspace: the next file is not asked again.
    const next = harness(sandbox, { apiUrl: userUrl, workspaceApiUrl: sandbox.url }, store);
    assert.equal((await next.flow.run(await doc(GOOD, 'next.polysync.json'))).kind, 'created');
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
    assert.ok(h.asked.every((p) => p.apiUrl === undefined), 'the account URL is used');
    assert.equal(posts(sandbox).length, 1);
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
      sandbox.setFault({ type: 'status', status, body: 'echo', ...CREATE_ONLY });
      const h = harness(sandbox, organizationId ? { keyKind: 'organization', organizationId } : {});
      h.key.value = PLANTED;
      assert.equal((await h.flow.run(await doc(GOOD))).kind, 'failed');
      const all = h.ui.everything();
      assert.match(all, /\[redacted\]/, 'the echo reached the messages, scrubbed');
      for (const form of [PLANTED, Buffer.from(`${ORG}:${PLANTED}`).toString('base64')]) assert.ok(!all.includes(form), all);
    }
  });
});
