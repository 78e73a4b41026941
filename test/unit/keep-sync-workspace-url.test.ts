// The requests on a workspace's syncs after Create at the API URL the workspace names, without VS Code:
// the extension's command records and flows over a recording Ui, the real bundled language server over
// stdio (whose own account is the user URL), and two sandboxes on 127.0.0.1: the user URL's and the
// workspace URL's, each with keys of its own. Where the user answered "workspace", the lens state, Show
// Changes, Update, Run Now, Open in Polytomic and Import follow Create there with the key stored for that
// URL; without that key they stop before sending, offering Set API Key for it; where the user answered
// "user", or never answered, they stay on the user URL; an untrusted workspace sends nothing there. The lens
// reads the state again as soon as the key for that URL is stored or the answer is recorded.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type CommandHost, runCommand } from '../../client/src/commandRecord';
import { COMMANDS } from '../../client/src/commands';
import type { ApiSettings } from '../../client/src/create/apiTarget';
import { CreateFlow } from '../../client/src/create/flow';
import { MemoryStore, UrlDecisions } from '../../client/src/create/state';
import { flowCommands } from '../../client/src/flowCommands';
import { syncAccount } from '../../client/src/keepSync/account';
import { AccountWatch, refreshStatesOnAccountChange } from '../../client/src/keepSync/accountWatch';
import { SyncStates } from '../../client/src/keepSync/states';
import type { FlowDocument } from '../../client/src/ui';
import { IDS } from '../sandbox/fixtures';
import { DEMO_SYNC_ID, type Sandbox, startSandbox } from '../sandbox/server';
import { FakeUi, folderAt, makeDir, OpenDocuments, readText } from './client-flow-harness';

const EXAMPLE = readFileSync(path.join(__dirname, '..', '..', 'examples', 'salesforce-nightly.polysync.json'), 'utf8');
const UNLINKED = EXAMPLE.slice(0, EXAMPLE.indexOf(',\n  "polysync"')) + '\n}\n';
const NEW_SYNC = `{
  "name": "Orders to Snowflake",
  "mode": "replicate",
  "source_connection_id": "${IDS.ordersDb}",
  "destination_connection_id": "${IDS.snowflake}",
  "destination_configuration": { "schema": "orders" },
  "default_schedule": { "frequency": "hourly", "minute": "30" },
  "schemas": ["public.orders", "public.customers"]
}
`;
const NAMED_KEYS = { user: 'named-url-user-key-71c3', readonly: 'named-url-readonly-key', organization: 'named-url-org-key' };

const docs = new OpenDocuments();
const allStates: SyncStates[] = [];

/** Requests on bulk syncs a sandbox received, as `METHOD path principal`. */
const syncRequests = (sandbox: Sandbox) => sandbox.state.requests.filter((r) => r.path.startsWith('/api/bulk/')).map((r) => `${r.method} ${r.path} ${r.principal ?? 'unknown-key'}`);
/** Requests carrying a key this sandbox does not know (the other one's). */
const foreignKeys = (sandbox: Sandbox) => sandbox.state.requests.filter((r) => r.headers.authorization && !r.principal).map((r) => `${r.method} ${r.path}`);

interface Options {
  /** The answer recorded for the workspace URL before the test; absent: never answered. */
  answer?: 'workspace' | 'user';
  /** Whether a key is stored for the workspace URL. */
  namedKey?: boolean;
  trusted?: boolean;
}

function harness(user: Sandbox, named: Sandbox, options: Options = {}) {
  const ui = new FakeUi(docs);
  const settings: ApiSettings = { apiUrl: user.url, workspaceApiUrl: named.url, apiVersion: '2025-09-18', keyKind: 'user' };
  const calls: { method: string; params: unknown }[] = [];
  // The server's own account: the user URL with its key, as the extension hands it over.
  const request = docs.requester(settings, { value: user.keys.user }, calls);
  const store = new MemoryStore();
  const urlDecisions = new UrlDecisions(store);
  const stored = new Map<string, string>([[user.url, user.keys.user]]);
  if (options.namedKey !== false) stored.set(named.url, named.keys.user);
  const trusted = { value: options.trusted !== false };
  const sources = { urlDecisions, settings: () => settings, keyFor: async (url: string) => stored.get(url) };
  const account = syncAccount({ ...sources, isTrusted: () => trusted.value });
  const states = new SyncStates({ request, isRunning: () => true, warn: (m) => ui.log(m), account });
  allStates.push(states);
  const records = flowCommands({ ui, request, states, account }, sources);
  const host = (doc?: FlowDocument): CommandHost => ({ ui, isTrusted: () => trusted.value, isServerRunning: () => true, document: async () => doc });
  return {
    ui,
    states,
    calls,
    urlDecisions,
    stored,
    /** What the extension decides again on each change in secret storage, settings or trust, and on each answer. */
    watch: () => new AccountWatch({ ...sources, isTrusted: () => trusted.value }),
    create: new CreateFlow({ ui, request, ...sources }),
    command: (id: string, doc?: FlowDocument) => runCommand(records.find((r) => r.id === id)!, host(doc), doc && doc.uri),
    async ready() {
      if (options.answer) await urlDecisions.set(named.url, options.answer);
      return this;
    },
  };
}

describe('the requests on a workspace\'s syncs follow Create to the API URL the workspace names', () => {
  let user: Sandbox;
  let named: Sandbox;
  let root: string;
  before(async () => {
    user = await startSandbox({ executions: { durationMs: 60_000 } });
    named = await startSandbox({ keys: NAMED_KEYS, executions: { durationMs: 60_000 } });
    root = await mkdtemp(path.join(os.tmpdir(), 'polysync-workspace-url-'));
  });
  after(async () => {
    allStates.splice(0).forEach((s) => s.dispose());
    await docs.reset();
    await user.close();
    await named.close();
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    // A run started by an earlier test is followed on timers: stopped here, so its reads land in no later test.
    allStates.splice(0).forEach((s) => s.dispose());
    user.reset();
    named.reset();
    await docs.reset();
  });

  test('after Create there: the lens, Show Changes, Update, Run Now, Open in Polytomic and Import reach it with its key; the user URL sees none', async () => {
    const h = await harness(user, named).ready();
    h.ui.answer = (_m, choices) => choices[0];
    const d = await docs.open(NEW_SYNC, 'orders.polysync.json');
    const created = await h.create.run(d);
    assert.equal(created.kind, 'created', h.ui.everything());
    assert.equal(h.ui.questions.length, 1, 'Create asked once');
    const syncId = named.state.syncs[0].id;
    const linked = h.ui.openDocument(d.uri)!;

    // The lens's state, as the editor reads it on save, and Show Changes: no differences with the sync just created.
    h.ui.shown = [];
    const state = await h.states.refresh(linked);
    assert.equal(state?.kind, 'linked', JSON.stringify(state));
    assert.deepEqual(await h.command(COMMANDS.showChanges, linked), { kind: 'no-differences' });
    assert.match(h.ui.only('info').message, /^No differences: orders\.polysync\.json matches "Orders to Snowflake" in Polytomic\.$/);
    assert.equal(await h.command(COMMANDS.openInPolytomic, linked), `${named.url}/bulk/syncs/${syncId}`);

    // Update an edited file, then run it.
    h.ui.shown = [];
    const edited = await docs.edit(d.uri, docs.text(d.uri).replace('"minute": "30"', '"minute": "45"'));
    assert.deepEqual(await h.command(COMMANDS.updateBulkSync, edited), { kind: 'updated', linked: true });
    assert.equal((named.state.stored.get(syncId)!.sync.default_schedule as { minute?: string }).minute, '45');
    const run = (await h.command(COMMANDS.runBulkSync, h.ui.openDocument(d.uri)!)) as { kind: string };
    assert.equal(run.kind, 'started');

    // Import lists and pulls this workspace's syncs where they are: the one just created.
    h.ui.folders = [folderAt(await makeDir(path.join(root, 'after-create')))];
    h.ui.choose = (items) => items[0];
    const imported = (await h.command(COMMANDS.importBulkSync)) as { kind: string; uri: string; syncId: string };
    assert.deepEqual(h.ui.picks[0].labels, ['Orders to Snowflake']);
    assert.deepEqual([imported.kind, imported.syncId], ['imported', syncId]);
    assert.match(await readText(imported.uri), new RegExp(`"sync_id": "${syncId}"`));

    const reached = syncRequests(named);
    for (const expected of [`GET /api/bulk/syncs/${syncId} user`, `PUT /api/bulk/syncs/${syncId} user`, `POST /api/bulk/syncs/${syncId}/executions user`, 'GET /api/bulk/syncs user']) {
      assert.ok(reached.includes(expected), `${expected}; the workspace URL saw: ${reached.join(', ')}`);
    }
    assert.ok(reached.every((r) => r.endsWith(' user')), 'with the key stored for the workspace URL');
    assert.deepEqual(syncRequests(user), [], 'the user URL saw no request on a bulk sync');
    assert.deepEqual([foreignKeys(user), foreignKeys(named)], [[], []], 'neither URL got the other\'s key');
  });

  test('answered "workspace" but no key stored for it: every command stops before sending, offering Set API Key for that URL', async () => {
    named.seedDemo();
    const h = await harness(user, named, { answer: 'workspace', namedKey: false }).ready();
    const d = await docs.open(EXAMPLE, 'nightly.polysync.json');
    h.ui.folders = [folderAt(await makeDir(path.join(root, 'no-key')))];
    for (const id of [COMMANDS.showChanges, COMMANDS.updateBulkSync, COMMANDS.runBulkSync, COMMANDS.importBulkSync, COMMANDS.openInPolytomic]) {
      h.ui.shown = [];
      h.ui.commands = [];
      await h.command(id, id === COMMANDS.importBulkSync ? undefined : d);
      const error = h.ui.only('error');
      assert.equal(error.message, `No API key is stored for ${named.url}, so nothing was sent there. Set one for that URL; it is kept in VS Code secret storage and sent only to it.`, id);
      await h.ui.pickAction(error, 'Set API Key');
      assert.deepEqual(h.ui.commands, [`polysync.setApiKey ${named.url}`], id);
    }
    assert.equal(h.calls.length, 0, 'the server was not even asked');

    // The lens: a linked file says why; an unlinked one keeps its Create lens. Neither reaches an API.
    const state = await h.states.refresh(d);
    assert.deepEqual([state?.kind, state?.kind === 'blocked' && state.message], ['blocked', `No API key is stored for ${named.url}, so nothing was sent there. Set one for that URL; it is kept in VS Code secret storage and sent only to it.`]);
    assert.equal((await h.states.refresh(await docs.open(UNLINKED, 'plain.polysync.json')))?.kind, 'unlinked');
    assert.deepEqual([syncRequests(user), syncRequests(named)], [[], []]);
    assert.ok(h.calls.every((c) => (c.params as { account?: { apiKey?: string } }).account?.apiKey === undefined), 'no key went with the URL');
  });

  for (const answer of ['user', undefined] as const) {
    test(`answered ${answer ? '"user"' : 'never'}: the requests stay on the user URL, and the workspace URL sees none`, async () => {
      user.seedDemo();
      const h = await harness(user, named, { answer }).ready();
      const d = await docs.open(EXAMPLE, 'nightly.polysync.json');
      assert.deepEqual(await h.command(COMMANDS.showChanges, d), { kind: 'no-differences' });
      assert.equal((await h.command(COMMANDS.runBulkSync, d) as { kind: string }).kind, 'started');
      assert.equal(h.ui.questions.length, 0, 'nothing is asked');
      assert.ok(h.calls.every((c) => (c.params as { account?: unknown })?.account === undefined), 'no account is carried');
      assert.ok(syncRequests(user).includes(`GET /api/bulk/syncs/${DEMO_SYNC_ID} user`));
      assert.deepEqual(syncRequests(named), []);
      assert.equal(h.urlDecisions.get(named.url), answer, 'the answer is unchanged');
    });
  }

  test('an untrusted workspace whose answer was "workspace": the lens sends nothing there; Open in Polytomic says why', async () => {
    named.seedDemo();
    const h = await harness(user, named, { answer: 'workspace', trusted: false }).ready();
    const d = await docs.open(EXAMPLE, 'nightly.polysync.json');
    const state = await h.states.refresh(d);
    assert.equal(state?.kind, 'blocked');
    assert.match(state?.kind === 'blocked' ? state.message : '', /workspace is not trusted, so nothing was sent/);
    assert.equal(await h.command(COMMANDS.openInPolytomic, d), undefined);
    await h.ui.pickAction(h.ui.only('error'), 'Manage Workspace Trust');
    assert.deepEqual(h.ui.external, []);
    assert.deepEqual([syncRequests(user), syncRequests(named)], [[], []]);
  });

  /** Resolves with the state of `uri` once it is of `kind`. */
  const stateOf = (states: SyncStates, uri: string, kind: string) =>
    new Promise<unknown>((resolve) => {
      const listener = states.onDidChange((changed) => {
        if (changed === uri && states.get(uri)?.kind === kind) {
          listener.dispose();
          resolve(states.get(uri));
        }
      });
    });

  test('the lens reads the state again at once when a key is stored for the workspace URL: no save, no reopening', { timeout: 30_000 }, async () => {
    named.seedDemo();
    const h = await harness(user, named, { answer: 'workspace', namedKey: false }).ready();
    const d = await docs.open(EXAMPLE, 'nightly.polysync.json');
    const watch = h.watch();
    await watch.check();
    const following = refreshStatesOnAccountChange(watch, h.states, () => [d]);
    assert.equal((await h.states.refresh(d))?.kind, 'blocked', 'no key for the workspace URL yet: nothing was sent');
    const linked = stateOf(h.states, d.uri, 'linked');
    // Set API Key for that URL: the extension decides again on the change in secret storage.
    h.stored.set(named.url, named.keys.user);
    await watch.check();
    const state = (await linked) as { kind: string; syncId?: string };
    assert.deepEqual([state.kind, state.syncId], ['linked', DEMO_SYNC_ID]);
    assert.ok(syncRequests(named).includes(`GET /api/bulk/syncs/${DEMO_SYNC_ID} user`), 'read at the workspace URL with its key');
    assert.deepEqual(syncRequests(user), []);
    following.dispose();
    watch.dispose();
  });

  test('the lens reads the state again at once when the answer "workspace" is first recorded', { timeout: 30_000 }, async () => {
    named.seedDemo();
    const h = await harness(user, named).ready();
    const d = await docs.open(EXAMPLE, 'nightly.polysync.json');
    const watch = h.watch();
    await watch.check();
    const following = refreshStatesOnAccountChange(watch, h.states, () => [d]);
    const before = await h.states.refresh(d);
    assert.deepEqual([before?.kind, before?.kind === 'failed' && before.notFound], ['failed', true], 'never answered: read at the user URL, where the sync is not');
    const linked = stateOf(h.states, d.uri, 'linked');
    // Recorded by Create (or its question), not by the test's watch: the watch hears of it itself.
    await h.urlDecisions.set(named.url, 'workspace');
    assert.equal(((await linked) as { kind: string }).kind, 'linked');
    assert.ok(syncRequests(named).includes(`GET /api/bulk/syncs/${DEMO_SYNC_ID} user`));
    following.dispose();
    watch.dispose();
  });
});
